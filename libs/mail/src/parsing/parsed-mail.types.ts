/** A mailbox: the address is lower-cased and trimmed so it can be compared and used as a key. */
export interface MailAddress {
  name: string;
  address: string;
}

export interface ParsedAttachment {
  /** Sanitised: no directory components, no control characters, never empty. */
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  content: Buffer;
  /** A cid: image (or other part) the HTML body references, to be shown in place rather than listed. */
  inline: boolean;
  contentId: string | null;
}

export interface RefusedAttachment {
  filename: string;
  contentType: string;
  size: number;
  /** Italian / English, shown to agents as is. */
  reason: string;
}

export type MailKind =
  | 'normal'
  | 'auto_reply'
  | 'bounce'
  | 'delivery_delay'
  | 'pec_receipt'
  | 'feedback_report'
  | 'read_receipt'
  | 'bulk'
  /** A notice of a mailing-list manager or a cloud mail service: machine-made, never a ticket. */
  | 'machine_notice'
  | 'own_address';

export interface BounceInfo {
  originalMessageId: string | null;
  recipients: string[];
  status: string | null;
  permanent: boolean;
}

export interface PecEnvelopeInfo {
  kind: 'envelope';
  envelopeSubject: string;
  daticert: Record<string, string> | null;
}

export interface PecReceiptInfo {
  kind: 'receipt';
  /** Value of X-Ricevuta, lower-cased: accettazione, avvenuta-consegna, errore-consegna, ... */
  receiptType: string;
  refersToMessageId: string | null;
  error: boolean;
  /** Fields of the receipt's daticert.xml when it carries one (addition to the brief: who it was delivered to). */
  daticert: Record<string, string> | null;
}

export type PecInfo = PecEnvelopeInfo | PecReceiptInfo;

export type MailLanguage = 'it' | 'en';

export interface ParsedMail {
  /** '<...>' form; from the header or, when missing, '<sha256hex@hash.invalid>' of the normalised message. */
  messageId: string;
  messageIdFromHeader: boolean;
  inReplyTo: string[];
  references: string[];
  subject: string;
  normalizedSubject: string;
  ticketNumber: string | null;
  from: MailAddress | null;
  replyTo: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  date: Date | null;
  text: string;
  /** Sanitised HTML, or null when the mail has no HTML body. */
  html: string | null;
  attachments: ParsedAttachment[];
  refusedAttachments: RefusedAttachment[];
  kind: MailKind;
  kindReasons: string[];
  sendAcknowledgement: boolean;
  /** Addition to the brief: every reason the acknowledgement is withheld; empty when it is sent. */
  acknowledgementSuppressedBy: string[];
  bounce: BounceInfo | null;
  pec: PecInfo | null;
  language: MailLanguage;
  parseProblems: string[];
}

export interface ParseInboundMailOptions {
  /** Attachments larger than this are refused (content dropped). Default 10 MiB. */
  maxAttachmentBytes?: number;
  /** The help desk's own addresses, lower-case: mail from them is a loop, never acknowledged. */
  ownAddresses?: string[];
}
