/** Pure parsing and classification of inbound e-mail: no Nest, no database, no network. */
export {
  DEFAULT_MAX_ATTACHMENT_BYTES,
  UNPARSEABLE_PROBLEM_PREFIX,
  parseInboundMail,
} from './parse-inbound-mail.util';
export { extractTicketNumber, stripSubjectPrefixes } from './subject.util';
export { sanitiseMailHtml } from './html-sanitiser.util';
export type { SanitiseMailHtmlOptions } from './html-sanitiser.util';
export { normaliseMessageId } from './message-id.util';
export { isRobotAddress } from './address.util';
export type {
  BounceInfo,
  MailAddress,
  MailKind,
  MailLanguage,
  ParsedAttachment,
  ParsedMail,
  ParseInboundMailOptions,
  PecEnvelopeInfo,
  PecInfo,
  PecReceiptInfo,
  RefusedAttachment,
} from './parsed-mail.types';
