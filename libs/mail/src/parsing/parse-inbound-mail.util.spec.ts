import { createHash } from 'node:crypto';

import {
  base64Lines,
  crlf,
  daticertXml,
  expectNoRemoteLoads,
  expectSafeHtml,
  mail,
  PDF_BYTES,
  pecEnvelope,
  pecOriginal,
  pecReceipt,
} from './mail-test.fixture';
import { parseInboundMail } from './parse-inbound-mail.util';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const ITALIAN_MAIL = mail(
  'Return-Path: <mario.rossi@comune.esempio.it>',
  'Received: from mx.comune.esempio.it by mx.cst.esempio.it; Tue, 13 Jan 2026 09:12:00 +0100',
  'From: =?UTF-8?Q?Mario_Rossi_=E2=80=93_Ufficio_Anagrafe?= <Mario.Rossi@Comune.Esempio.IT>',
  'To: "Help desk CST" <assistenza@cst.esempio.it>',
  'Cc: sindaco@comune.esempio.it, "Segreteria" <segreteria@comune.esempio.it>',
  'Subject: =?UTF-8?Q?Impossibile_accedere_al_portale_servizi:_l=27utente_=C3=A8_bloccato?=',
  'Date: Tue, 13 Jan 2026 09:11:58 +0100',
  'Message-ID: <20260113091158.4711@comune.esempio.it>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=iso-8859-1',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Buongiorno,',
  "da questa mattina l'utente dell'ufficio anagrafe non riesce ad accedere al portale",
  'dei servizi: compare il messaggio "utente bloccato". In allegato la schermata.',
  'Grazie per l=27aiuto, cordiali saluti.',
  'Mario Rossi =96 Comune di Esempio',
  '--b1',
  'Content-Type: application/pdf; name="schermata errore.pdf"',
  'Content-Disposition: attachment; filename="schermata errore.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  base64Lines(PDF_BYTES),
  '--b1--',
  '',
);

describe('parseInboundMail: a normal Italian mail with an attachment', () => {
  it('decodes headers, body and attachment', async () => {
    const parsed = await parseInboundMail(ITALIAN_MAIL);
    expect(parsed.subject).toBe("Impossibile accedere al portale servizi: l'utente è bloccato");
    expect(parsed.normalizedSubject).toBe("impossibile accedere al portale servizi: l'utente è bloccato");
    expect(parsed.from).toEqual({
      name: 'Mario Rossi – Ufficio Anagrafe',
      address: 'mario.rossi@comune.esempio.it',
    });
    expect(parsed.to).toEqual([{ name: 'Help desk CST', address: 'assistenza@cst.esempio.it' }]);
    expect(parsed.cc.map((a) => a.address)).toEqual([
      'sindaco@comune.esempio.it',
      'segreteria@comune.esempio.it',
    ]);
    expect(parsed.replyTo).toBeNull();
    expect(parsed.date?.toISOString()).toBe('2026-01-13T08:11:58.000Z');
    expect(parsed.messageId).toBe('<20260113091158.4711@comune.esempio.it>');
    expect(parsed.messageIdFromHeader).toBe(true);
    expect(parsed.inReplyTo).toEqual([]);
    expect(parsed.text).toContain("Grazie per l'aiuto, cordiali saluti.");
    expect(parsed.text).toContain('Mario Rossi – Comune di Esempio'); // 0x96 is an en dash in windows-1252
    expect(parsed.html).toBeNull();
    expect(parsed.attachments).toHaveLength(1);
    const [pdf] = parsed.attachments;
    expect(pdf).toMatchObject({
      filename: 'schermata errore.pdf',
      contentType: 'application/pdf',
      size: PDF_BYTES.length,
      sha256: sha256(PDF_BYTES),
      inline: false,
      contentId: null,
    });
    expect(pdf.content.equals(PDF_BYTES)).toBe(true);
    expect(parsed.refusedAttachments).toEqual([]);
    expect(parsed.kind).toBe('normal');
    expect(parsed.kindReasons).toEqual([]);
    expect(parsed.sendAcknowledgement).toBe(true);
    expect(parsed.acknowledgementSuppressedBy).toEqual([]);
    expect(parsed.bounce).toBeNull();
    expect(parsed.pec).toBeNull();
    expect(parsed.language).toBe('it');
    expect(parsed.ticketNumber).toBeNull();
    expect(parsed.parseProblems).toEqual([]);
  });

  it('refuses an attachment above maxAttachmentBytes, dropping its content', async () => {
    const big = Buffer.alloc(2048, 7);
    const raw = mail(
      'From: utente@comune.esempio.it',
      'To: assistenza@cst.esempio.it',
      'Subject: Allegati',
      'Message-ID: <allegati@comune.esempio.it>',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'Vedi allegati',
      '--b',
      'Content-Type: application/octet-stream; name="grande.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(big),
      '--b',
      'Content-Type: text/csv; name="piccolo.csv"',
      'Content-Disposition: attachment; filename="piccolo.csv"',
      '',
      'a;b',
      '--b--',
    );
    const parsed = await parseInboundMail(raw, { maxAttachmentBytes: 1024 });
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['piccolo.csv']);
    expect(parsed.refusedAttachments).toEqual([
      {
        filename: 'grande.bin',
        contentType: 'application/octet-stream',
        size: 2048,
        reason: 'supera il limite di 1 KB / exceeds the 1 KB limit',
      },
    ]);
    expect(parsed.refusedAttachments[0]).not.toHaveProperty('content');
  });

  it('uses a 10 MB limit by default', async () => {
    const parsed = await parseInboundMail(ITALIAN_MAIL, { maxAttachmentBytes: 10 });
    expect(parsed.refusedAttachments[0].reason).toBe(
      'supera il limite di 10 byte / exceeds the 10 byte limit',
    );
    const defaults = await parseInboundMail(ITALIAN_MAIL);
    expect(defaults.refusedAttachments).toEqual([]);
  });
});

describe('parseInboundMail: replies and threading', () => {
  const reply = mail(
    'From: Mario Rossi <mario.rossi@comune.esempio.it>',
    'To: assistenza@cst.esempio.it',
    'Subject: R: [CST 2026-000123] Impossibile accedere al portale',
    'Date: Wed, 14 Jan 2026 08:00:00 +0100',
    'Message-ID: <reply-1@comune.esempio.it>',
    'In-Reply-To: <ack-2026-000123@cst.esempio.it>',
    'References: <20260113091158.4711@comune.esempio.it>',
    ' <ack-2026-000123@cst.esempio.it>',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Grazie, ora funziona.',
    '',
    '-----Messaggio originale-----',
    'Da: assistenza@cst.esempio.it',
  );

  it('extracts In-Reply-To, References and the ticket number', async () => {
    const parsed = await parseInboundMail(reply);
    expect(parsed.inReplyTo).toEqual(['<ack-2026-000123@cst.esempio.it>']);
    expect(parsed.references).toEqual([
      '<20260113091158.4711@comune.esempio.it>',
      '<ack-2026-000123@cst.esempio.it>',
    ]);
    expect(parsed.ticketNumber).toBe('2026-000123');
    expect(parsed.normalizedSubject).toBe('impossibile accedere al portale');
    expect(parsed.kind).toBe('normal');
    expect(parsed.sendAcknowledgement).toBe(true);
  });

  it('marks mail from an own address as own_address, never acknowledged', async () => {
    const parsed = await parseInboundMail(reply, { ownAddresses: ['mario.rossi@comune.esempio.it'] });
    expect(parsed.kind).toBe('own_address');
    expect(parsed.sendAcknowledgement).toBe(false);
  });

  it('does not acknowledge when Reply-To points back at the help desk', async () => {
    const raw = Buffer.concat([Buffer.from('Reply-To: assistenza@cst.esempio.it\r\n'), reply]);
    const parsed = await parseInboundMail(raw, { ownAddresses: ['assistenza@cst.esempio.it'] });
    expect(parsed.kind).toBe('normal');
    expect(parsed.sendAcknowledgement).toBe(false);
    expect(parsed.acknowledgementSuppressedBy).toContain(
      'Reply-To: assistenza@cst.esempio.it is an own address',
    );
  });
});

describe('parseInboundMail: auto-replies and automated mail', () => {
  const exchangeAutoReply = mail(
    'Return-Path: <>',
    'From: Giulia Bianchi <giulia.bianchi@comune.esempio.it>',
    'To: assistenza@cst.esempio.it',
    'Subject: Risposta automatica: [CST 2026-000124] Pratica edilizia',
    'Thread-Topic: [CST 2026-000124] Pratica edilizia',
    'Date: Wed, 14 Jan 2026 08:00:00 +0000',
    'Message-ID: <oof-1@comune.esempio.it>',
    'In-Reply-To: <ack-2026-000124@cst.esempio.it>',
    'Content-Language: it-IT',
    'X-MS-Has-Attach:',
    'X-Auto-Response-Suppress: All',
    'X-MS-Exchange-Inbox-Rules-Loop: giulia.bianchi@comune.esempio.it',
    'Content-Type: text/plain; charset="iso-8859-1"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    "Sar=F2 assente dall'ufficio fino al 20 gennaio, con accesso limitato alla posta.",
  );

  it('recognises an Exchange out-of-office without Auto-Submitted', async () => {
    const parsed = await parseInboundMail(exchangeAutoReply);
    expect(parsed.kind).toBe('auto_reply');
    expect(parsed.kindReasons).toEqual([
      'Subject: Risposta automatica: [CST 2026-000124] Pratica edilizia',
      'Return-Path: <>',
    ]);
    expect(parsed.sendAcknowledgement).toBe(false);
    expect(parsed.acknowledgementSuppressedBy).toContain('X-Auto-Response-Suppress: All');
    expect(parsed.ticketNumber).toBe('2026-000124');
    expect(parsed.inReplyTo).toEqual(['<ack-2026-000124@cst.esempio.it>']);
    expect(parsed.text).toContain('Sarò assente');
  });

  it.each([
    ['Auto-Submitted: auto-replied', 'auto_reply', 'Auto-Submitted: auto-replied'],
    ['Auto-Submitted: auto-generated', 'bulk', 'Auto-Submitted: auto-generated'],
    ['X-Autoreply: yes', 'auto_reply', 'x-autoreply: yes'],
    ['X-Autorespond: vacation', 'auto_reply', 'x-autorespond: vacation'],
    ['X-Apple-Action: VACATION', 'auto_reply', 'X-Apple-Action: VACATION'],
    ['Precedence: bulk', 'bulk', 'Precedence: bulk'],
    ['Precedence: junk', 'bulk', 'Precedence: junk'],
    ['Precedence: list', 'bulk', 'Precedence: list'],
    ['List-Id: <notizie.comune.esempio.it>', 'bulk', 'List-Id'],
    ['List-Unsubscribe: <mailto:unsubscribe@esempio.it>', 'bulk', 'List-Unsubscribe'],
    ['Return-Path: <>', 'auto_reply', 'Return-Path: <>'],
  ])('%s -> %s', async (header, kind, reason) => {
    const parsed = await parseInboundMail(
      mail(header, 'From: ufficio@comune.esempio.it', 'Subject: Avviso', 'Message-ID: <x@y.it>', '', 'Testo'),
    );
    expect(parsed.kind).toBe(kind);
    expect(parsed.kindReasons).toContain(reason);
    expect(parsed.sendAcknowledgement).toBe(false);
  });

  it('ignores Auto-Submitted: no', async () => {
    const parsed = await parseInboundMail(
      mail('Auto-Submitted: no', 'From: ufficio@comune.esempio.it', 'Subject: Avviso', '', 'Testo'),
    );
    expect(parsed.kind).toBe('normal');
  });

  it.each([
    'Automatic reply: Pratica',
    'Auto reply: Pratica',
    'Out of Office: Pratica',
    'Fuori sede: Pratica',
    'Abwesenheitsnotiz: Pratica',
    'Automatyczna odpowiedź: Pratica',
  ])('recognises the subject %j', async (subject) => {
    const parsed = await parseInboundMail(mail('From: a@comune.esempio.it', `Subject: ${subject}`, '', 'x'));
    expect(parsed.kind).toBe('auto_reply');
  });

  it('does not acknowledge no-reply senders or mail without a usable From', async () => {
    const noReply = await parseInboundMail(
      mail('From: no-reply@servizi.esempio.it', 'Subject: Notifica', '', 'x'),
    );
    // Automated or ambiguous: it may open a ticket (flagged), never an acknowledgement.
    expect(noReply.kind).toBe('bulk');
    expect(noReply.sendAcknowledgement).toBe(false);
    const noFrom = await parseInboundMail(mail('Subject: Anonimo', '', 'x'));
    expect(noFrom.from).toBeNull();
    expect(noFrom.sendAcknowledgement).toBe(false);
    expect(noFrom.acknowledgementSuppressedBy).toEqual(['no usable From address']);
  });
});

describe('parseInboundMail: bounces', () => {
  const dsn = (action: string, status: string, subject = 'Undelivered Mail Returned to Sender') =>
    mail(
      'Return-Path: <>',
      'From: MAILER-DAEMON@mx.comune.esempio.it (Mail Delivery System)',
      'To: assistenza@cst.esempio.it',
      `Subject: ${subject}`,
      'Auto-Submitted: auto-replied',
      'Message-ID: <bounce-1@mx.comune.esempio.it>',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
      '',
      '--r',
      'Content-Type: text/plain',
      '',
      'I am sorry to have to inform you that your message could not be delivered.',
      '--r',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.comune.esempio.it',
      '',
      'Final-Recipient: rfc822; Ufficio.Chiuso@Comune.Esempio.it',
      `Action: ${action}`,
      `Status: ${status}`,
      '',
      '--r',
      'Content-Type: message/rfc822',
      '',
      'From: assistenza@cst.esempio.it',
      'To: ufficio.chiuso@comune.esempio.it',
      'Subject: [CST 2026-000125] Presa in carico',
      'Message-ID: <ack-2026-000125@cst.esempio.it>',
      '',
      'La sua segnalazione è stata presa in carico.',
      '--r--',
    );

  it('recognises a DSN and finds the returned original', async () => {
    const parsed = await parseInboundMail(dsn('failed', '5.1.1'));
    expect(parsed.kind).toBe('bounce');
    expect(parsed.sendAcknowledgement).toBe(false);
    expect(parsed.bounce).toEqual({
      originalMessageId: '<ack-2026-000125@cst.esempio.it>',
      recipients: ['ufficio.chiuso@comune.esempio.it'],
      status: '5.1.1',
      permanent: true,
    });
    // the returned original's subject does not make this a thread of ticket 2026-000125 by subject
    expect(parsed.ticketNumber).toBeNull();
  });

  it('tells a delay from a failure', async () => {
    const parsed = await parseInboundMail(dsn('delayed', '4.4.7', 'Delayed Mail (still being retried)'));
    expect(parsed.kind).toBe('delivery_delay');
    expect(parsed.bounce?.permanent).toBe(false);
    expect(parsed.bounce?.status).toBe('4.4.7');
  });

  it('recognises an Italian Exchange NDR by sender and subject, linking via In-Reply-To', async () => {
    const parsed = await parseInboundMail(
      mail(
        'From: postmaster@comune.esempio.it',
        'Subject: Non recapitabile: [CST 2026-000126] Risposta',
        'In-Reply-To: <reply-2026-000126@cst.esempio.it>',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Il recapito non è riuscito per i seguenti destinatari o gruppi: Remote Server returned 550 5.1.1',
      ),
    );
    expect(parsed.kind).toBe('bounce');
    expect(parsed.bounce?.originalMessageId).toBe('<reply-2026-000126@cst.esempio.it>');
    expect(parsed.bounce?.status).toBe('5.1.1');
  });

  it('reads the original id from quoted headers in a plain-text bounce', async () => {
    const parsed = await parseInboundMail(
      mail(
        'Return-Path: <>',
        'From: MAILER-DAEMON@mx.esempio.it',
        'Subject: failure notice',
        '',
        'Sorry, I was not able to deliver your message.',
        '<nessuno@esempio.it>:',
        'Remote host said: 550 5.1.1 unknown user',
        '',
        '--- Below this line is a copy of the message.',
        '',
        'Message-ID: <ack-2026-000127@cst.esempio.it>',
        'Subject: [CST 2026-000127] Presa in carico',
      ),
    );
    expect(parsed.kind).toBe('bounce');
    expect(parsed.bounce).toEqual({
      originalMessageId: '<ack-2026-000127@cst.esempio.it>',
      recipients: ['nessuno@esempio.it'],
      status: '5.1.1',
      permanent: true,
    });
  });

  it('keeps a human mail that forwards an old bounce as a normal mail', async () => {
    const parsed = await parseInboundMail(
      mail(
        'From: Mario Rossi <mario.rossi@comune.esempio.it>',
        'Subject: I: Undeliverable: pratica',
        'Message-ID: <fwd-bounce@comune.esempio.it>',
        'Content-Type: multipart/mixed; boundary="m"',
        '',
        '--m',
        'Content-Type: text/plain',
        '',
        'Vi inoltro questo errore, potete verificare?',
        '--m',
        'Content-Type: message/rfc822',
        'Content-Disposition: attachment; filename="errore.eml"',
        '',
        'From: MAILER-DAEMON@mx.esempio.it',
        'Subject: Undeliverable: pratica',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
        '',
        '--r',
        'Content-Type: message/delivery-status',
        '',
        'Action: failed',
        'Status: 5.1.1',
        '--r--',
        '--m--',
      ),
    );
    expect(parsed.kind).toBe('normal');
    expect(parsed.bounce).toBeNull();
    expect(parsed.sendAcknowledgement).toBe(true);
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['errore.eml']);
  });
});

describe('parseInboundMail: PEC (posta elettronica certificata)', () => {
  it('unwraps a transport envelope and describes the original', async () => {
    const parsed = await parseInboundMail(pecEnvelope(pecOriginal()));
    expect(parsed.subject).toBe('Richiesta accesso atti');
    expect(parsed.from).toEqual({ name: 'Ufficio Protocollo', address: 'protocollo@pec.comune.esempio.it' });
    expect(parsed.messageId).toBe('<original-123@pec.comune.esempio.it>');
    expect(parsed.messageIdFromHeader).toBe(true);
    expect(parsed.inReplyTo).toEqual(['<ack-2026-000040@cst.esempio.it>']);
    expect(parsed.date?.toISOString()).toBe('2026-01-12T09:15:30.000Z');
    expect(parsed.text).toContain("si trasmette in allegato l'istanza");
    // only the original's attachments: not daticert.xml, smime.p7s or postacert.eml itself
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['istanza.pdf']);
    expect(parsed.attachments[0].sha256).toBe(sha256(PDF_BYTES));
    expect(parsed.kind).toBe('normal');
    expect(parsed.sendAcknowledgement).toBe(true);
    expect(parsed.pec).toEqual({
      kind: 'envelope',
      envelopeSubject: 'POSTA CERTIFICATA: Richiesta accesso atti',
      daticert: {
        tipo: 'posta-certificata',
        errore: 'nessuno',
        mittente: 'protocollo@pec.comune.esempio.it',
        destinatari: 'cst@pec.cst.esempio.it',
        risposte: 'protocollo@pec.comune.esempio.it',
        oggetto: 'Richiesta accesso atti',
        'gestore-emittente': 'Gestore PEC Esempio S.p.A.',
        data: '12/01/2026',
        ora: '10:15:32',
        zona: '+0100',
        identificativo: 'opec21012.20260112101532.12345.678.1.53@pec.gestore.esempio.it',
        msgid: '<original-123@pec.comune.esempio.it>',
      },
    });
  });

  it('classifies the original, not the envelope', async () => {
    const parsed = await parseInboundMail(
      pecEnvelope(
        pecOriginal({
          subject: 'Risposta automatica: Richiesta',
          extraHeaders: ['Auto-Submitted: auto-replied'],
        }),
      ),
    );
    expect(parsed.kind).toBe('auto_reply');
    expect(parsed.sendAcknowledgement).toBe(false);
    expect(parsed.pec?.kind).toBe('envelope');
  });

  it('threads on the ticket tag of the original', async () => {
    const parsed = await parseInboundMail(
      pecEnvelope(pecOriginal({ subject: 'Re: [CST 2026-000040] Accesso atti' })),
    );
    expect(parsed.ticketNumber).toBe('2026-000040');
    expect(parsed.normalizedSubject).toBe('accesso atti');
  });

  it('takes the certified msgid when the original has no Message-ID', async () => {
    const parsed = await parseInboundMail(pecEnvelope(pecOriginal({ messageId: null })));
    expect(parsed.messageId).toBe('<original-123@pec.comune.esempio.it>');
  });

  it('applies own addresses to the original sender', async () => {
    const parsed = await parseInboundMail(pecEnvelope(pecOriginal()), {
      ownAddresses: ['protocollo@pec.comune.esempio.it'],
    });
    expect(parsed.kind).toBe('own_address');
  });

  it('unwraps a base64-encoded postacert.eml', async () => {
    const parsed = await parseInboundMail(pecEnvelope(pecOriginal(), { base64Original: true }));
    expect(parsed.subject).toBe('Richiesta accesso atti');
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['istanza.pdf']);
  });

  it('describes an envelope that lost its postacert.eml', async () => {
    const parsed = await parseInboundMail(pecEnvelope(null));
    expect(parsed.subject).toBe('POSTA CERTIFICATA: Richiesta accesso atti');
    expect(parsed.normalizedSubject).toBe('richiesta accesso atti');
    expect(parsed.pec).toMatchObject({
      kind: 'envelope',
      daticert: expect.objectContaining({ tipo: 'posta-certificata' }),
    });
    expect(parsed.parseProblems).toContain(
      'PEC envelope without postacert.eml: the envelope itself is described',
    );
  });

  it('flags an anomaly envelope (X-Trasporto: errore)', async () => {
    const parsed = await parseInboundMail(pecEnvelope(pecOriginal(), { transport: 'errore' }));
    expect(parsed.subject).toBe('Richiesta accesso atti');
    expect(parsed.parseProblems.join(' ')).toContain('anomaly');
  });

  it.each([
    ['accettazione', false],
    ['presa-in-carico', false],
    ['avvenuta-consegna', false],
    ['non-accettazione', true],
    ['errore-consegna', true],
    ['preavviso-errore-consegna', true],
    ['rilevazione-virus', true],
  ])('reads a %s receipt (error %s)', async (type, error) => {
    const parsed = await parseInboundMail(pecReceipt(type));
    expect(parsed.kind).toBe('pec_receipt');
    expect(parsed.kindReasons).toEqual([`X-Ricevuta: ${type}`]);
    expect(parsed.sendAcknowledgement).toBe(false);
    expect(parsed.bounce).toBeNull();
    expect(parsed.pec).toMatchObject({
      kind: 'receipt',
      receiptType: type,
      refersToMessageId: '<ack-2026-000123@cst.esempio.it>',
      error,
    });
    expect(parsed.ticketNumber).toBe('2026-000123');
  });

  it('reads the delivery details of an avvenuta-consegna receipt carrying the original', async () => {
    const parsed = await parseInboundMail(pecReceipt('avvenuta-consegna', { withOriginal: true }));
    expect(parsed.kind).toBe('pec_receipt');
    expect(parsed.pec).toMatchObject({
      kind: 'receipt',
      daticert: expect.objectContaining({
        consegna: 'protocollo@pec.comune.esempio.it',
        ricevuta: 'completa',
      }),
    });
  });

  it('reads the error of an errore-consegna receipt', async () => {
    const parsed = await parseInboundMail(pecReceipt('errore-consegna'));
    expect(parsed.pec).toMatchObject({
      error: true,
      daticert: expect.objectContaining({
        errore: 'no-dest',
        'errore-esteso': '5.1.1 - Utente non riconosciuto',
      }),
    });
  });

  it('falls back to the daticert msgid without X-Riferimento-Message-ID', async () => {
    const parsed = await parseInboundMail(pecReceipt('accettazione', { referenceHeader: false }));
    expect(parsed.pec).toMatchObject({
      kind: 'receipt',
      refersToMessageId: '<ack-2026-000123@cst.esempio.it>',
    });
  });

  it('reads an ISO-8859-1 daticert', async () => {
    const latin1 = Buffer.from(
      daticertXml({ tipo: 'posta-certificata', oggetto: 'Città di Esempio' }).replace('UTF-8', 'ISO-8859-1'),
      'latin1',
    );
    const parsed = await parseInboundMail(pecEnvelope(pecOriginal(), { daticert: latin1 }));
    expect(parsed.pec).toMatchObject({ daticert: expect.objectContaining({ oggetto: 'Città di Esempio' }) });
  });
});

describe('parseInboundMail: missing Message-ID', () => {
  const noId = (body: string) =>
    mail('From: a@comune.esempio.it', 'To: assistenza@cst.esempio.it', 'Subject: Senza id', '', body);

  it('derives a stable id from the message', async () => {
    const first = await parseInboundMail(noId('Testo uguale'));
    const second = await parseInboundMail(noId('Testo uguale'));
    expect(first.messageIdFromHeader).toBe(false);
    expect(first.messageId).toMatch(/^<[0-9a-f]{64}@hash\.invalid>$/);
    expect(second.messageId).toBe(first.messageId);
  });

  it('gives different bodies different ids', async () => {
    const a = await parseInboundMail(noId('Testo A'));
    const b = await parseInboundMail(noId('Testo B'));
    expect(a.messageId).not.toBe(b.messageId);
  });
});

describe('parseInboundMail: HTML', () => {
  const htmlMail = mail(
    'From: Ufficio Tributi <tributi@comune.esempio.it>',
    'Subject: Errore pagamento',
    'Message-ID: <html-1@comune.esempio.it>',
    'Content-Type: multipart/related; boundary="rel"',
    '',
    '--rel',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<html><head><title>t</title><style>p{color:red}</style></head><body>',
    '<p onclick="alert(1)">Il pagamento <b>non</b> va a buon fine &egrave; urgente.</p>',
    '<script>alert(1)</script><img src="cid:logo@comune"><img src="https://tracker.esempio.it/p.gif">',
    '<a href="javascript:alert(1)">x</a></body></html>',
    '--rel',
    'Content-Type: image/png',
    'Content-ID: <logo@comune>',
    'Content-Disposition: attachment; filename="logo.png"',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(Buffer.from([137, 80, 78, 71])),
    '--rel--',
  );

  it('sanitises the HTML, derives the text and marks cid images inline', async () => {
    const parsed = await parseInboundMail(htmlMail);
    expectSafeHtml(parsed.html ?? '');
    expectNoRemoteLoads(parsed.html ?? '');
    expect(parsed.html).toContain('<img src="cid:logo@comune" />');
    expect(parsed.text).toBe('Il pagamento non va a buon fine è urgente.\n\nx');
    expect(parsed.attachments).toMatchObject([
      { filename: 'logo.png', inline: true, contentId: 'logo@comune' },
    ]);
  });
});

describe('parseInboundMail: damaged input', () => {
  it('skips an mbox From_ line and a BOM', async () => {
    const raw = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      mail(
        'From MAILER-DAEMON Mon Sep 20 19:29:27 2021',
        'From: a@comune.esempio.it',
        'Subject: mbox',
        '',
        'x',
      ),
    ]);
    const parsed = await parseInboundMail(raw);
    expect(parsed.from?.address).toBe('a@comune.esempio.it');
    expect(parsed.subject).toBe('mbox');
  });

  it('reads raw 8-bit Latin-1 headers', async () => {
    const raw = Buffer.concat([
      Buffer.from(
        'From: Nicol\xf2 Verdi <n.verdi@comune.esempio.it>\r\nSubject: Citt\xe0 e perch\xe9\r\n',
        'latin1',
      ),
      Buffer.from('Content-Type: text/plain; charset=iso-8859-1\r\n\r\nCaff\xe8\r\n', 'latin1'),
    ]);
    const parsed = await parseInboundMail(raw);
    expect(parsed.from?.name).toBe('Nicolò Verdi');
    expect(parsed.subject).toBe('Città e perché');
    expect(parsed.text).toBe('Caffè');
  });

  it('reports an invalid date instead of inventing one', async () => {
    const parsed = await parseInboundMail(
      mail('From: a@b.it', 'Date: domani mattina', 'Subject: x', '', 'x'),
    );
    expect(parsed.date).toBeNull();
    expect(parsed.parseProblems).toContain("invalid Date header 'domani mattina'");
  });

  it('reads a multipart without boundary as text', async () => {
    const parsed = await parseInboundMail(
      mail('From: a@b.it', 'Content-Type: multipart/mixed', '', 'solo testo'),
    );
    expect(parsed.text).toBe('solo testo');
  });

  it('caps a huge subject', async () => {
    const parsed = await parseInboundMail(
      mail('From: a@b.it', `Subject: ${'Lungo '.repeat(40_000)}`, '', 'x'),
    );
    expect(parsed.subject.length).toBeLessThanOrEqual(998);
  });

  it.each([
    ['empty input', Buffer.alloc(0)],
    ['binary noise', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
    ['a single long line', Buffer.alloc(300_000, 0x41)],
    ['headers only', Buffer.from('Subject: solo intestazioni')],
    [
      'nested multipart bomb',
      Buffer.from(
        Array.from(
          { length: 60 },
          (_, i) => `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`,
        ).join(''),
      ),
    ],
    ['not a buffer', 'From: a@b.it\r\n\r\nx' as unknown as Buffer],
    ['null', null as unknown as Buffer],
  ])('never throws on %s', async (_name, raw) => {
    const parsed = await parseInboundMail(raw);
    expect(typeof parsed.messageId).toBe('string');
    expect(parsed.kind).toBeDefined();
  });
});

describe('parseInboundMail: language', () => {
  it('guesses English and defaults to Italian', async () => {
    const english = await parseInboundMail(
      mail(
        'From: a@b.com',
        'Subject: Help',
        '',
        'Hello, I cannot log in to the portal. Could you please help me? Thanks and regards',
      ),
    );
    expect(english.language).toBe('en');
    const short = await parseInboundMail(mail('From: a@b.com', 'Subject: ok', '', 'ok'));
    expect(short.language).toBe('it');
  });
});

describe('mail-test fixtures', () => {
  it('build CRLF messages', () => {
    expect(crlf('a', 'b')).toBe('a\r\nb');
  });
});

describe('parseInboundMail: total and partial failures', () => {
  afterEach(() => {
    jest.dontMock('./raw-repair.util');
    jest.dontMock('mailparser');
    jest.resetModules();
  });

  it('returns a subject-less normal mail flagged as unparseable when nothing can be read', async () => {
    jest.resetModules();
    jest.doMock('./raw-repair.util', () => ({
      repairRawMail: () => {
        throw new Error('boom');
      },
      markNamedInlineTextAsAttachment: () => null,
    }));
    const broken = await import('./parse-inbound-mail.util');
    const raw = mail('From: a@b.it', 'Subject: x', '', 'x');
    const parsed = await broken.parseInboundMail(raw);
    expect(parsed).toMatchObject({
      kind: 'normal',
      subject: '',
      text: '',
      sendAcknowledgement: false,
      messageIdFromHeader: false,
      messageId: `<${sha256(raw)}@hash.invalid>`,
    });
    expect(parsed.parseProblems).toEqual([`${broken.UNPARSEABLE_PROBLEM_PREFIX}: boom`]);
  });

  it('keeps sender, subject and text when mailparser fails on the body', async () => {
    jest.resetModules();
    const actual = jest.requireActual<typeof import('mailparser')>('mailparser');
    jest.doMock('mailparser', () => ({
      simpleParser: jest
        .fn()
        .mockRejectedValueOnce(new Error('mailparser exploded'))
        .mockImplementation((input: Buffer, options: object) => actual.simpleParser(input, options)),
    }));
    const fragile = await import('./parse-inbound-mail.util');
    const parsed = await fragile.parseInboundMail(
      mail('From: Mario <mario@comune.esempio.it>', 'Subject: Corpo illeggibile', '', 'testo grezzo'),
    );
    expect(parsed.subject).toBe('Corpo illeggibile');
    expect(parsed.from?.address).toBe('mario@comune.esempio.it');
    expect(parsed.text).toBe('testo grezzo');
    expect(parsed.parseProblems).toContain(
      'MIME body could not be parsed (mailparser exploded): kept as plain text',
    );
  });
});

describe('parseInboundMail: hostile input stays fast', () => {
  // Each of these took minutes to hours before the linear-time fixes (quadratic regular expressions).
  const timed = async (raw: Buffer) => {
    const started = performance.now();
    const parsed = await parseInboundMail(raw);
    return { parsed, ms: performance.now() - started };
  };

  it('a quoted-printable part with a huge blank run (mailparser would block)', async () => {
    const { parsed, ms } = await timed(
      mail(
        'From: a@b.it',
        'Content-Type: text/plain',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        `a${' '.repeat(400_000)}b=3D`,
      ),
    );
    expect(ms).toBeLessThan(3000);
    expect(parsed.text).toBe(`a${' '.repeat(400_000)}b=`);
    expect(parsed.parseProblems).toContain(
      'quoted-printable part with abnormal blank runs re-encoded as base64',
    );
  });

  it('a body of blanks without Message-ID (hashed for the fallback id)', async () => {
    const { parsed, ms } = await timed(mail('From: a@b.it', '', `${' '.repeat(2_000_000)}x`));
    expect(ms).toBeLessThan(3000);
    expect(parsed.messageIdFromHeader).toBe(false);
  });

  it('HTML made of unterminated tags', async () => {
    const { parsed, ms } = await timed(
      mail('From: a@b.it', 'Content-Type: text/html', '', '<p'.repeat(300_000)),
    );
    expect(ms).toBeLessThan(3000);
    expect(parsed.html).not.toBeNull();
  });

  it('a header block above mailparser’s 1 MB limit keeps sender and subject', async () => {
    const { parsed, ms } = await timed(
      Buffer.from(
        `From: Mario <mario@comune.esempio.it>\r\nSubject: tante intestazioni\r\n${'X-Junk: abcdefghi\r\n'.repeat(80_000)}\r\ncorpo`,
      ),
    );
    expect(ms).toBeLessThan(5000);
    expect(parsed.from?.address).toBe('mario@comune.esempio.it');
    expect(parsed.subject).toBe('tante intestazioni');
  });
});
