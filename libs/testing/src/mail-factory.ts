import { randomBytes } from 'node:crypto';

/** Deterministic pseudo-random numbers, so a benchmark or a test sees the same mails every run. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = [
  'Mario Rossi',
  'Giulia Bianchi',
  'Luca Ferrari',
  'Anna Esposito',
  'Paolo Romano',
  'Sara Colombo',
];
const DOMAINS = ['comune.fiesole.fi.it', 'comune.bagno-a-ripoli.fi.it', 'gmail.example', 'libero.example'];
const SUBJECTS = [
  'Pagamento della mensa scolastica non registrato',
  'Impossibile accedere con SPID al portale',
  'Certificato anagrafico non scaricabile',
  'Errore nella domanda di iscrizione al nido',
  'Il modulo per la TARI non si invia',
  'Richiesta di assistenza per la PEC',
];
const PARAGRAPH =
  'Buongiorno, scrivo perché il servizio online non funziona come dovrebbe: dopo aver compilato il modulo ' +
  'e premuto invia compare un messaggio di errore e la pratica non risulta registrata. Ho provato più volte ' +
  'e da browser diversi. Resto a disposizione per ulteriori informazioni. Cordiali saluti.';

export interface GeneratedMail {
  raw: Buffer;
  messageId: string;
  from: string;
  /** The Message-ID it answers, when it is a reply to an earlier generated mail. */
  replyTo: string | null;
}

export interface MailBatchOptions {
  seed?: number;
  /** Share of mails with a PDF attachment (default 0.1). */
  attachmentRatio?: number;
  /** Share of mails that answer an earlier mail of the batch (default 0.2). */
  replyRatio?: number;
  /** Distinguishes batches of one run (Message-IDs, senders). */
  tag?: string;
}

/**
 * Realistic Italian citizen mails: 1-3 KB bodies in quoted-printable UTF-8, 10% with a 20-60 KB
 * PDF attachment, 20% replies to earlier ones (In-Reply-To, References, "R:" subject).
 */
export function generateMails(count: number, options: MailBatchOptions = {}): GeneratedMail[] {
  const random = mulberry32(options.seed ?? 2017);
  const tag = options.tag ?? randomBytes(3).toString('hex');
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const mails: GeneratedMail[] = [];
  for (let i = 0; i < count; i++) {
    const earlier = mails.filter((m) => m.replyTo === null);
    const reply = earlier.length > 0 && random() < (options.replyRatio ?? 0.2) ? pick(earlier) : null;
    const name = pick(NAMES);
    const from = reply ? reply.from : `${name.toLowerCase().replace(' ', '.')}.${tag}.${i}@${pick(DOMAINS)}`;
    const messageId = `<m${i}.${tag}@${from.split('@')[1]}>`;
    const subject = reply ? `R: ${pick(SUBJECTS)}` : `${pick(SUBJECTS)} (${i})`;
    const text = Array.from({ length: 1 + Math.floor(random() * 3) }, () => PARAGRAPH).join('\n\n');
    const headers = [
      `From: ${name} <${from}>`,
      'To: assistenza@cst.example',
      `Subject: ${subject}`,
      `Date: ${new Date(Date.UTC(2026, 10, 2, 8) + i * 60_000).toUTCString()}`,
      `Message-ID: ${messageId}`,
      'MIME-Version: 1.0',
      ...(reply ? [`In-Reply-To: ${reply.messageId}`, `References: ${reply.messageId}`] : []),
    ];
    const textPart = [
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      quotedPrintable(text),
    ].join('\r\n');
    let raw: string;
    if (random() < (options.attachmentRatio ?? 0.1)) {
      const boundary = `b-${tag}-${i}`;
      const pdf = Buffer.alloc(20_000 + Math.floor(random() * 40_000), i % 251);
      raw = [
        ...headers,
        `Content-Type: multipart/mixed; boundary="${boundary}"`,
        '',
        `--${boundary}`,
        textPart,
        `--${boundary}`,
        'Content-Type: application/pdf; name="ricevuta.pdf"',
        'Content-Disposition: attachment; filename="ricevuta.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        pdf.toString('base64').replace(/.{76}/g, '$&\r\n'),
        `--${boundary}--`,
        '',
      ].join('\r\n');
    } else {
      raw = [...headers, textPart, ''].join('\r\n');
    }
    mails.push({ raw: Buffer.from(raw), messageId, from, replyTo: reply?.messageId ?? null });
  }
  return mails;
}

function quotedPrintable(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  let line = '';
  const lines: string[] = [];
  for (const byte of bytes) {
    const char =
      byte === 0x0a
        ? '\n'
        : byte >= 33 && byte <= 126 && byte !== 61
          ? String.fromCharCode(byte)
          : byte === 32
            ? ' '
            : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    if (char === '\n') {
      lines.push(line);
      line = '';
      continue;
    }
    if (line.length + char.length > 75) {
      lines.push(`${line}=`);
      line = '';
    }
    line += char;
  }
  lines.push(line);
  return lines.join('\r\n');
}
