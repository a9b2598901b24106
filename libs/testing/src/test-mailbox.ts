import request from 'supertest';
import type { App } from 'supertest/types';

import { authHeaders } from './auth-headers';
import { DovecotServer } from './mail-servers';

/**
 * The test's Dovecot inbox added as the help desk's "Assistenza" mailbox, as an admin adds one
 * (POST /api/mail/mailboxes, the password stored encrypted); returns its id.
 */
export async function addDovecotMailbox(
  http: App,
  admin: string | { id: string },
  imap: DovecotServer,
  defaultEnteId: string,
): Promise<string> {
  const res = await request(http).post('/api/mail/mailboxes').set(authHeaders(admin)).send({
    name: 'Assistenza',
    address: 'assistenza@cst.example',
    imapHost: imap.host,
    imapPort: imap.port,
    imapTls: false,
    imapUser: imap.user,
    imapPassword: imap.password,
    defaultEnteId,
  });
  if (res.status !== 201) throw new Error(`mailbox not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}
