import { decodeBytes } from './charset.util';
import { firstHeader, type RawHeader } from './header.util';
import { normaliseMessageId } from './message-id.util';
import { decodeTransferEncoding, flattenMime, type MimeNode } from './mime-structure.util';

/**
 * Italian certified e-mail (PEC, DPR 68/2005 and its technical rules): the provider wraps the sender's
 * message in a signed transport envelope ('busta di trasporto', X-Trasporto: posta-certificata) holding
 * the original as postacert.eml and the certification data as daticert.xml, and reports each step back
 * to the sender with receipts (X-Ricevuta: accettazione, avvenuta-consegna, errore-consegna, ...).
 */

/** Receipt types that report a failure: the original did not (or may not) reach its recipient. */
export const PEC_ERROR_RECEIPTS: ReadonlySet<string> = new Set([
  'non-accettazione',
  'errore-consegna',
  'preavviso-errore-consegna',
  'rilevazione-virus',
]);

export interface PecHeaders {
  /** X-Trasporto: 'posta-certificata', or 'errore' for an anomaly envelope ('busta di anomalia'). */
  transport: string | null;
  /** X-Ricevuta, lower-cased. */
  receipt: string | null;
  /** X-Riferimento-Message-ID: the Message-ID of the original the receipt or envelope is about. */
  referencedMessageId: string | null;
}

export function readPecHeaders(headers: readonly RawHeader[]): PecHeaders {
  const value = (name: string) => firstHeader(headers, name)?.trim().toLowerCase() || null;
  return {
    transport: value('x-trasporto'),
    receipt: value('x-ricevuta'),
    referencedMessageId: normaliseMessageId(firstHeader(headers, 'x-riferimento-message-id') ?? ''),
  };
}

export function isPecEnvelope(pec: PecHeaders): boolean {
  return !pec.receipt && (pec.transport === 'posta-certificata' || pec.transport === 'errore');
}

function partName(node: MimeNode): string {
  const raw =
    node.dispositionParams.filename ??
    node.contentTypeParams.name ??
    node.dispositionParams['filename*'] ??
    '';
  return raw.toLowerCase();
}

/** The envelope's own parts (not those of the enclosed original): daticert.xml and postacert.eml. */
export function findPecParts(root: MimeNode): { daticert: MimeNode | null; postacert: MimeNode | null } {
  const own = flattenMime(root).filter((n) => !n.insideMessage && n.children.length === 0);
  const daticert =
    own.find((n) => partName(n).endsWith('daticert.xml')) ??
    own.find((n) => n.contentType === 'application/xml' || n.contentType === 'text/xml') ??
    null;
  const messages = own.filter((n) => n.contentType === 'message/rfc822');
  const postacert = messages.find((n) => partName(n).endsWith('postacert.eml')) ?? messages[0] ?? null;
  return { daticert, postacert };
}

/** The bytes of the enclosed original message, exactly as the provider certified them. */
export function postacertBytes(node: MimeNode): Buffer {
  return decodeTransferEncoding(node);
}

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeXmlText(value: string): string {
  return value
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (whole, entity: string) => {
      const lower = entity.toLowerCase();
      if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
      if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
      return XML_ENTITIES[lower] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

function attribute(attributes: string, name: string): string | null {
  const match = new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(attributes);
  return match ? decodeXmlText(match[2] ?? match[3] ?? '') : null;
}

const TEXT_ELEMENTS = [
  'mittente',
  'risposte',
  'oggetto',
  'gestore-emittente',
  'identificativo',
  'msgid',
  'consegna',
  'ricevuta',
  'errore-esteso',
];

/**
 * The fields of a daticert.xml as a flat record: tipo and errore (attributes of postacert), mittente,
 * destinatari (comma-separated when several), risposte, oggetto, gestore-emittente, data (giorno),
 * ora, zona, identificativo, msgid, ricevuta (its tipo), consegna, errore-esteso. A regular-expression
 * reader is enough for this fixed, flat schema and cannot be tricked into fetching entities.
 */
export function parseDaticert(xml: string): Record<string, string> | null {
  const root = /<postacert\b([^>]*)>/i.exec(xml);
  if (!root) return null;
  const fields: Record<string, string> = {};
  const set = (key: string, value: string | null) => {
    if (value) fields[key] = value;
  };
  set('tipo', attribute(root[1], 'tipo'));
  set('errore', attribute(root[1], 'errore'));
  for (const name of TEXT_ELEMENTS) {
    const element = new RegExp(`<${name}\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${name}\\s*>)`, 'i').exec(xml);
    if (!element) continue;
    if (name === 'ricevuta') set(name, attribute(element[1], 'tipo'));
    else set(name, decodeXmlText(element[2] ?? ''));
  }
  const recipients = [...xml.matchAll(/<destinatari\b[^>]*>([\s\S]*?)<\/destinatari\s*>/gi)]
    .map((m) => decodeXmlText(m[1]))
    .filter(Boolean);
  set('destinatari', recipients.join(', '));
  const date = /<data\b([^>]*)>([\s\S]*?)<\/data\s*>/i.exec(xml);
  if (date) {
    set('zona', attribute(date[1], 'zona'));
    set('data', decodeXmlText(/<giorno\b[^>]*>([\s\S]*?)<\/giorno\s*>/i.exec(date[2])?.[1] ?? ''));
    set('ora', decodeXmlText(/<ora\b[^>]*>([\s\S]*?)<\/ora\s*>/i.exec(date[2])?.[1] ?? ''));
  }
  return Object.keys(fields).length > 0 ? fields : null;
}

/** Decodes the daticert.xml part in the encoding its XML declaration names (UTF-8 by default). */
export function readDaticert(node: MimeNode | null): Record<string, string> | null {
  if (!node) return null;
  const bytes = decodeTransferEncoding(node);
  const declared = /<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(
    bytes.subarray(0, 200).toString('latin1'),
  );
  return parseDaticert(decodeBytes(bytes, declared?.[1] ?? node.contentTypeParams.charset ?? 'utf-8'));
}
