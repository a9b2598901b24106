import { DomainError } from '@app/common';
import { Logger } from '@nestjs/common';
import { ImapFlow } from 'imapflow';

export interface ImapSettings {
  host: string;
  port: number;
  tls: boolean;
  user: string;
  password: string;
}

/** The IMAP server refused the credentials: retrying with the same ones cannot help. */
export class ImapAuthError extends DomainError {
  constructor(host: string) {
    super('UNAVAILABLE', `Credenziali IMAP rifiutate da ${host} / IMAP credentials refused by ${host}`);
  }
}

const quietLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/**
 * The one way the help desk opens an IMAP connection: timeouts on connect, greeting and socket,
 * an 'error' listener always attached (without it a socket timeout crashes the process), logout
 * when the connect fails half-way, and refused credentials mapped to a domain error.
 */
export async function connectImap(settings: ImapSettings, logger: Logger): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.tls,
    auth: { user: settings.user, pass: settings.password },
    logger: quietLogger,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 5 * 60_000,
    disableAutoIdle: true,
    tls: { rejectUnauthorized: true },
  });
  client.on('error', (error: Error) => logger.warn(`IMAP ${settings.host}: ${error.message}`));
  try {
    await client.connect();
    return client;
  } catch (error) {
    client.close();
    if ((error as { authenticationFailed?: boolean }).authenticationFailed)
      throw new ImapAuthError(settings.host);
    throw error;
  }
}

/** Closes without waiting on a server that may be gone. */
export async function closeImap(client: ImapFlow | null): Promise<void> {
  if (!client) return;
  try {
    if (client.usable) await Promise.race([client.logout(), new Promise((r) => setTimeout(r, 2_000))]);
  } catch {
    // The connection is already broken; closing it below is all that is left to do.
  } finally {
    client.close();
  }
}
