/**
 * Hand-built MIME messages and assertions shared by the parsing specs. Test-only: nothing here is
 * exported from the library.
 */

/** Joins lines with CRLF, as messages travel on the wire. */
export function crlf(...lines: string[]): string {
  return lines.join('\r\n');
}

export function mail(...lines: string[]): Buffer {
  return Buffer.from(crlf(...lines), 'utf8');
}

const NAMED_ENTITIES: Record<string, string> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
  colon: ':',
  tab: '\t',
  newline: '\n',
  lpar: '(',
  rpar: ')',
  sol: '/',
  nbsp: ' ',
};

/** Decodes HTML character references repeatedly, so double-encoded payloads are seen as a browser might. */
export function decodeHtmlEntities(html: string): string {
  let current = html;
  for (let i = 0; i < 5; i++) {
    const next = current.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, entity: string) => {
      const lower = entity.toLowerCase();
      if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16) || 0xfffd);
      if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10) || 0xfffd);
      return NAMED_ENTITIES[lower] ?? whole;
    });
    if (next === current) return next;
    current = next;
  }
  return current;
}

/** Every sanitiser guarantee, checked on the output as written and after entity decoding. */
export function expectSafeHtml(html: string): void {
  for (const text of [html, decodeHtmlEntities(html)]) {
    // eslint-disable-next-line no-control-regex -- browsers ignore NUL inside URLs, so the check does too
    const flat = text.replace(/[\s\u0000]+/g, '');
    expect(text).not.toMatch(/<script/i);
    expect(text).not.toMatch(/\bon\w+\s*=/i);
    expect(flat).not.toMatch(/javascript:/i);
    expect(flat).not.toMatch(/vbscript:/i);
    expect(flat).not.toMatch(/data:text\/html/i);
    expect(text).not.toMatch(/<svg/i);
    expect(text).not.toMatch(/<math/i);
    expect(text).not.toMatch(/<iframe/i);
    expect(text).not.toMatch(
      /<(?:object|embed|applet|form|input|button|meta|base|link|style|frame|frameset)\b/i,
    );
    expect(flat).not.toMatch(/expression\(/i);
    expect(flat).not.toMatch(/url\(/i);
  }
}

/**
 * Asserts no element would load anything from the network when the HTML is displayed: no tag carries a
 * remote src/background/poster/srcset (text that merely reads 'src="https://..."' is inert).
 */
export function expectNoRemoteLoads(html: string): void {
  for (const [tag] of html.matchAll(/<[a-z][^>]*>/gi)) {
    expect(tag).not.toMatch(/\s(?:src|background|poster|srcset)\s*=\s*["']?\s*(?:https?:)?\/\//i);
  }
}

const BASE64_LINE = 76;

export function base64Lines(content: Buffer | string): string {
  const encoded = Buffer.from(content).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += BASE64_LINE) lines.push(encoded.slice(i, i + BASE64_LINE));
  return lines.join('\r\n');
}

/** A small PDF-like payload: real bytes, not text, so the hash covers binary content. */
export const PDF_BYTES = Buffer.concat([
  Buffer.from('%PDF-1.4\n'),
  Buffer.from([0, 1, 2, 250, 251, 252, 255]),
  Buffer.from('\n%%EOF\n'),
]);

export interface DaticertInput {
  tipo: string;
  errore?: string;
  mittente?: string;
  destinatari?: string[];
  oggetto?: string;
  msgid?: string;
  consegna?: string;
  erroreEsteso?: string;
  ricevuta?: string;
}

/** A daticert.xml as PEC providers write it (DPCM 2 novembre 2005, technical rules). */
export function daticertXml(input: DaticertInput): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE postacert SYSTEM "Postacert.dtd">',
    `<postacert tipo="${input.tipo}" errore="${input.errore ?? 'nessuno'}">`,
    '  <intestazione>',
    `    <mittente>${input.mittente ?? 'protocollo@pec.comune.esempio.it'}</mittente>`,
    ...(input.destinatari ?? ['cst@pec.cst.esempio.it']).map(
      (d) => `    <destinatari tipo="certificato">${d}</destinatari>`,
    ),
    `    <risposte>${input.mittente ?? 'protocollo@pec.comune.esempio.it'}</risposte>`,
    `    <oggetto>${escape(input.oggetto ?? 'Richiesta accesso atti')}</oggetto>`,
    '  </intestazione>',
    '  <dati>',
    '    <gestore-emittente>Gestore PEC Esempio S.p.A.</gestore-emittente>',
    '    <data zona="+0100">',
    '      <giorno>12/01/2026</giorno>',
    '      <ora>10:15:32</ora>',
    '    </data>',
    '    <identificativo>opec21012.20260112101532.12345.678.1.53@pec.gestore.esempio.it</identificativo>',
    `    <msgid>${escape(input.msgid ?? '<original-123@pec.comune.esempio.it>')}</msgid>`,
    ...(input.ricevuta ? [`    <ricevuta tipo="${input.ricevuta}" />`] : []),
    ...(input.consegna ? [`    <consegna>${input.consegna}</consegna>`] : []),
    ...(input.erroreEsteso ? [`    <errore-esteso>${escape(input.erroreEsteso)}</errore-esteso>`] : []),
    '  </dati>',
    '</postacert>',
  ].join('\r\n');
}

/** The original message a municipality's office sends by PEC to the help desk. */
export function pecOriginal(
  options: { messageId?: string | null; subject?: string; extraHeaders?: string[]; body?: string } = {},
): string {
  const messageId =
    options.messageId === undefined ? '<original-123@pec.comune.esempio.it>' : options.messageId;
  return crlf(
    'Received: from webmail.comune.esempio.it (webmail [10.0.0.5]) by smtp.pec.gestore.esempio.it',
    'Date: Mon, 12 Jan 2026 10:15:30 +0100',
    'From: "Ufficio Protocollo" <protocollo@pec.comune.esempio.it>',
    'To: cst@pec.cst.esempio.it',
    `Subject: ${options.subject ?? 'Richiesta accesso atti'}`,
    ...(messageId ? [`Message-ID: ${messageId}`] : []),
    'In-Reply-To: <ack-2026-000040@cst.esempio.it>',
    ...(options.extraHeaders ?? []),
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="orig-boundary"',
    '',
    '--orig-boundary',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    options.body ?? "Buongiorno, si trasmette in allegato l'istanza di accesso agli atti. Cordiali saluti.",
    '--orig-boundary',
    'Content-Type: application/pdf; name="istanza.pdf"',
    'Content-Disposition: attachment; filename="istanza.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(PDF_BYTES),
    '--orig-boundary--',
    '',
  );
}

/**
 * A PEC transport envelope ('busta di trasporto') as providers send it: multipart/signed around a
 * multipart/mixed holding the human-readable notice, daticert.xml and the original as postacert.eml,
 * then the provider's S/MIME signature.
 */
export function pecEnvelope(
  original: string | null,
  options: { transport?: string; daticert?: string | Buffer; base64Original?: boolean } = {},
): Buffer {
  const subject = /^Subject: (.*)$/m.exec(original ?? '')?.[1] ?? 'Richiesta accesso atti';
  return mail(
    'Return-Path: <posta-certificata@pec.gestore.esempio.it>',
    'Received: from smtp.pec.gestore.esempio.it by mx.pec.cst.esempio.it',
    `X-Trasporto: ${options.transport ?? 'posta-certificata'}`,
    'X-Riferimento-Message-ID: <original-123@pec.comune.esempio.it>',
    'Date: Mon, 12 Jan 2026 10:15:32 +0100',
    'From: "Per conto di: protocollo@pec.comune.esempio.it" <posta-certificata@pec.gestore.esempio.it>',
    'Reply-To: protocollo@pec.comune.esempio.it',
    'To: cst@pec.cst.esempio.it',
    `Subject: POSTA CERTIFICATA: ${subject}`,
    'Message-ID: <opec21012.20260112101532.12345.678.1.53@pec.gestore.esempio.it>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/signed; protocol="application/x-pkcs7-signature"; micalg="sha-256";',
    ' boundary="----signed-boundary"',
    '',
    'This is an S/MIME signed message',
    '',
    '------signed-boundary',
    'Content-Type: multipart/mixed; boundary="----mixed-boundary"',
    '',
    '------mixed-boundary',
    'Content-Type: multipart/alternative; boundary="----alt-boundary"',
    '',
    '------alt-boundary',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Messaggio di posta certificata',
    '',
    `Il giorno 12/01/2026 alle ore 10:15:32 (+0100) il messaggio "${subject}" è stato inviato da`,
    '"protocollo@pec.comune.esempio.it" indirizzato a: cst@pec.cst.esempio.it',
    'Il messaggio originale è incluso in allegato.',
    '------alt-boundary',
    'Content-Type: text/html; charset=UTF-8',
    '',
    '<html><body><p>Messaggio di posta certificata</p></body></html>',
    '------alt-boundary--',
    '',
    '------mixed-boundary',
    'Content-Type: application/xml; name="daticert.xml"',
    'Content-Disposition: inline; filename="daticert.xml"',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(options.daticert ?? daticertXml({ tipo: 'posta-certificata' })),
    '',
    ...(original === null
      ? []
      : [
          '------mixed-boundary',
          'Content-Type: message/rfc822; name="postacert.eml"',
          'Content-Disposition: inline; filename="postacert.eml"',
          `Content-Transfer-Encoding: ${options.base64Original ? 'base64' : '7bit'}`,
          '',
          options.base64Original ? base64Lines(original) : original,
        ]),
    '------mixed-boundary--',
    '',
    '------signed-boundary',
    'Content-Type: application/x-pkcs7-signature; name="smime.p7s"',
    'Content-Transfer-Encoding: base64',
    'Content-Disposition: attachment; filename="smime.p7s"',
    '',
    base64Lines('firma-del-gestore-di-prova'),
    '------signed-boundary--',
    '',
  );
}

const RECEIPT_SUBJECTS: Record<string, string> = {
  accettazione: 'ACCETTAZIONE',
  'non-accettazione': 'AVVISO DI NON ACCETTAZIONE',
  'presa-in-carico': 'PRESA IN CARICO',
  'avvenuta-consegna': 'CONSEGNA',
  'errore-consegna': 'AVVISO DI MANCATA CONSEGNA',
  'preavviso-errore-consegna': 'AVVISO DI MANCATA CONSEGNA PER SUP. TEMPO MASSIMO',
  'rilevazione-virus': 'PROBLEMA DI SICUREZZA',
};

/** A PEC receipt ('ricevuta') about a message the help desk sent. */
export function pecReceipt(
  type: string,
  options: { referenceHeader?: boolean; daticert?: string; withOriginal?: boolean } = {},
): Buffer {
  const referenced = '<ack-2026-000123@cst.esempio.it>';
  const daticert =
    options.daticert ??
    daticertXml({
      tipo: type,
      errore: ['errore-consegna', 'preavviso-errore-consegna'].includes(type) ? 'no-dest' : 'nessuno',
      mittente: 'cst@pec.cst.esempio.it',
      destinatari: ['protocollo@pec.comune.esempio.it'],
      oggetto: '[CST 2026-000123] Presa in carico della segnalazione',
      msgid: referenced,
      ricevuta: type === 'avvenuta-consegna' ? 'completa' : undefined,
      consegna:
        type === 'avvenuta-consegna' || type === 'errore-consegna'
          ? 'protocollo@pec.comune.esempio.it'
          : undefined,
      erroreEsteso: type === 'errore-consegna' ? '5.1.1 - Utente non riconosciuto' : undefined,
    });
  return mail(
    'Return-Path: <posta-certificata@pec.gestore.esempio.it>',
    `X-Ricevuta: ${type}`,
    ...(options.referenceHeader === false ? [] : [`X-Riferimento-Message-ID: ${referenced}`]),
    'X-TipoRicevuta: completa',
    'Date: Mon, 12 Jan 2026 10:20:01 +0100',
    'From: posta-certificata@pec.gestore.esempio.it',
    'To: cst@pec.cst.esempio.it',
    `Subject: ${RECEIPT_SUBJECTS[type] ?? type.toUpperCase()}: [CST 2026-000123] Presa in carico della segnalazione`,
    `Message-ID: <opec-${type}.20260112102001@pec.gestore.esempio.it>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/signed; protocol="application/x-pkcs7-signature"; micalg="sha-256";',
    ' boundary="----signed"',
    '',
    '------signed',
    'Content-Type: multipart/mixed; boundary="----mixed"',
    '',
    '------mixed',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    `Ricevuta di ${type}`,
    '',
    'Il giorno 12/01/2026 alle ore 10:20:01 (+0100) il messaggio',
    '"[CST 2026-000123] Presa in carico della segnalazione" proveniente da "cst@pec.cst.esempio.it"',
    'ed indirizzato a "protocollo@pec.comune.esempio.it" è stato elaborato.',
    '------mixed',
    'Content-Type: application/xml; name="daticert.xml"',
    'Content-Disposition: inline; filename="daticert.xml"',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(daticert),
    ...(options.withOriginal
      ? [
          '------mixed',
          'Content-Type: message/rfc822; name="postacert.eml"',
          'Content-Disposition: inline; filename="postacert.eml"',
          '',
          crlf(
            'From: cst@pec.cst.esempio.it',
            'To: protocollo@pec.comune.esempio.it',
            'Subject: [CST 2026-000123] Presa in carico della segnalazione',
            `Message-ID: ${referenced}`,
            '',
            'La sua segnalazione è stata presa in carico.',
          ),
        ]
      : []),
    '------mixed--',
    '',
    '------signed',
    'Content-Type: application/x-pkcs7-signature; name="smime.p7s"',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines('firma'),
    '------signed--',
    '',
  );
}
