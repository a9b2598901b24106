import { isRobotLocalPart } from './address.util';
import { firstHeader, type RawHeader } from './header.util';
import type { MailAddress } from './parsed-mail.types';

/**
 * Signals that a mail was written by a machine, beyond the headers RFCs ask machines to set: what
 * bounces, provider notices, complaint reports and mailing-list managers look like in the wild,
 * where many set none of Auto-Submitted, a null Return-Path or a DSN part. Each function returns
 * the reasons found (empty when none), so the classifier can weigh several signals together.
 */

/** A subject written by a person who replies to or forwards a mail: never a machine's own subject. */
const REPLY_OR_FORWARD = /^\s*(?:re|r|aw|sv|vs|antw|fw|fwd|i|wg|tr|rif|inoltro|enc)\s*(?:\[\d+\])?\s*:/i;

export function isReplyOrForwardSubject(subject: string): boolean {
  return REPLY_OR_FORWARD.test(subject);
}

/**
 * Subjects of non-delivery reports of Exim, qmail, Postfix, Sendmail, Exchange/Office 365, Domino,
 * Courier, Gmail, Japanese and Italian carriers' gateways, mail-security gateways, in several languages.
 */
const BOUNCE_SUBJECT = new RegExp(
  [
    'undeliverable',
    'undelivered (?:mail|message)',
    'returned (?:mail|message)',
    'mail delivery (?:failed|failure|problem|error)',
    'delivery (?:status notification|failure|failed|has failed|problem|notification: delivery has failed)',
    'failure notice',
    'failed delivery',
    'mail system error',
    'message not delivered',
    'message delivery (?:failure|failed)',
    'could not (?:be )?deliver',
    'non[- ]?delivery',
    'nondeliverable',
    'email delivery error',
    'notice: mail delivery status',
    'mail could not be delivered',
    'message (?:was )?(?:blocked|rejected)',
    '(?:your )?message (?:has been )?(?:blocked|rejected|quarantined)',
    'blocked (?:e-?mail|message)',
    'rejected (?:e-?mail|message)',
    'warning: could not send message',
    // Italian
    'non recapitabile',
    'non recapitat[oa]',
    'recapito non riuscito',
    'mancato recapito',
    'mancata consegna',
    'impossibile recapitare',
    'messaggio non (?:recapitato|consegnato)',
    'errore (?:di|nella) consegna',
    'consegna non riuscita',
    // German, French, Spanish, Dutch, Portuguese, Polish
    'unzustellbar',
    'nicht zustellbar',
    'zustellung fehlgeschlagen',
    'non[ _]remis',
    'olevererbart',
    'ikke levert',
    'kan ikke leveres',
    'ei voitu toimittaa',
    'nedoru\u010diteln',
    'nie mo\u017cna dostarczy\u0107',
    'teslim edilemedi',
    'nu a putut fi livrat',
    '\u043d\u0435 \u0434\u043e\u0441\u0442\u0430\u0432\u043b\u0435\u043d',
    '\u043d\u0435\u0434\u043e\u0441\u0442\u0430\u0432\u043b\u0435\u043d',
    'non distribuable',
    '[ée]chec de (?:la )?(?:remise|distribution)',
    'no se puede entregar',
    'no entregado',
    'onbestelbaar',
    'n[ãa]o (?:foi poss[íi]vel )?entreg',
    'niedostarczon',
    // Japanese carriers' English subjects and a few Japanese ones (配信エラー, 送信エラー, 未達)
    '\u914d\u4fe1\u30a8\u30e9\u30fc',
    '\u9001\u4fe1\u30a8\u30e9\u30fc',
    '\u914d\u9001\u5931\u6557',
    '\u672a\u9054',
    // 配信できません, 配信に失敗, 配信不能, 未配達; Chinese 退信, 退回, 未能送达, 投递失败, 發送失敗, 傳送失敗;
    // Korean 반송, 전달 실패, 배달 실패
    '\u914d\u4fe1\u3067\u304d\u307e\u305b\u3093',
    '\u914d\u4fe1\u306b\u5931\u6557',
    '\u914d\u4fe1\u4e0d\u80fd',
    '\u672a\u914d\u9054',
    '\u9000\u4fe1',
    '\u9000\u56de',
    '\u672a\u80fd\u9001\u8fbe',
    '\u6295\u9012\u5931\u8d25',
    '\u767c\u9001\u5931\u6557',
    '\u50b3\u9001\u5931\u6557',
    '\ubc18\uc1a1',
    '\uc804\ub2ec \uc2e4\ud328',
    '\ubc30\ub2ec \uc2e4\ud328',
  ].join('|'),
  'iu',
);

export function isBounceSubject(subject: string): boolean {
  return !isReplyOrForwardSubject(subject) && BOUNCE_SUBJECT.test(subject);
}

/** Sentences that only a mail transfer agent writes at the top of a bounce (first 3,000 characters). */
const BOUNCE_BODY = new RegExp(
  [
    'this is the mail system at host',
    'this is the qmail-send program',
    'this message was created automatically by mail delivery software',
    "i'm sorry to have to inform you that your message could not",
    'the original message was received at',
    'the following addresses had permanent fatal errors',
    'delivery to the following recipients? (?:failed|has been delayed)',
    'your message did not reach some or all of the intended recipients',
    'delivery has failed to these recipients or groups',
    "your message (?:to .{1,200} )?couldn't be delivered",
    'message could not be delivered to (?:one or more|some|the following) recipients',
    'could not be delivered to one or more recipients',
    'a message that you sent could not be delivered',
    'unable to deliver (?:your )?message to the following',
    'your message cannot be delivered to the following recipients',
    'this is an automatically generated delivery status notification',
    'delivery to the following recipient failed permanently',
    'the following message to <[^>]+> was undeliverable',
    'your message was not delivered to',
    'message (?:was )?(?:blocked|rejected) (?:by|because)',
    '----- ?(?:the following addresses had|transcript of session follows|original message follows)',
    'recapito non riuscito per i seguenti destinatari',
    'il messaggio non (?:[èe]|ha potuto essere) (?:stato )?(?:recapitato|consegnato)',
    'impossibile recapitare il messaggio',
  ].join('|'),
  'i',
);

/** Display names and local parts of delivery agents: 'Mail Delivery System', 'MAILER-DAEMON', Exchange's. */
const DAEMON_NAME =
  /^(?:mail delivery (?:sub)?system|mailer[- ]?daemon|mail administrator|postmaster|mail router|courier mail server.*|microsoft outlook|mail system|symantec mail security|mimecast.*|barracuda.*|proofpoint.*)$/i;
const MAILER_DAEMON_LOCAL = /^(?:mailer[-_.]?daemon|mail[-_.]?daemon|mailerdaemon|mmdf)$/i;
const DAEMON_LOCAL = /^(?:postmaster|microsoftexchange[0-9a-f]+|mdaemon|mail-?router|mailadmin)$/i;
/** Local parts of mail-security gateways' notifiers (quarantine and rejection notices). */
const GATEWAY_LOCAL =
  /^(?:quarantine|spam-?quarantine|antispam|anti-spam|mailscanner|mail-?guard|mail-?security|email-?security|virus-?alert|antivirus|av-?scan|spamfilter|spam-?filter|mailfilter|mail-?gateway|smtp-?gateway|mimecast|barracuda|proofpoint|ironport|sophos|trendmicro|symantec)$/i;

/** A mail-security gateway or another delivery-related robot (a weaker sign than a mailer daemon). */
export function gatewaySenderReasons(from: MailAddress | null): string[] {
  if (!from) return [];
  const local = from.address.slice(0, from.address.lastIndexOf('@'));
  return GATEWAY_LOCAL.test(local) ? [`From: ${from.address} (mail gateway)`] : [];
}

/**
 * The sender as a sign of a delivery agent. Strong: a mailer-daemon address, or a From field that
 * mailparser turns into no address at all (the bare `MAILER-DAEMON` of old MTAs,
 * `Mail Delivery System <>`, Courier's `<@>`). Weak: postmaster, Exchange's system mailbox, a
 * delivery agent's display name, a mailer daemon in Sender.
 */
export function daemonSenderReasons(
  headers: readonly RawHeader[],
  from: MailAddress | null,
): { strong: string[]; weak: string[] } {
  const raw = (firstHeader(headers, 'from') ?? '').trim();
  const strong: string[] = [];
  const weak: string[] = [];
  const local = from ? from.address.slice(0, from.address.lastIndexOf('@')) : '';
  if (from && MAILER_DAEMON_LOCAL.test(local)) strong.push(`From: ${from.address}`);
  else if (from && DAEMON_LOCAL.test(local)) weak.push(`From: ${from.address}`);
  else if (from && DAEMON_NAME.test(from.name.trim())) weak.push(`From: ${from.name}`);
  else if (!from && raw) {
    if (/<\s*@?\s*>/.test(raw)) strong.push('From: <> (null address)');
    else if (/^"?(?:mailer-?daemon|postmaster)\b/i.test(raw) || DAEMON_NAME.test(raw.replace(/"/g, '')))
      strong.push(`From: ${raw.slice(0, 60)}`);
  }
  const sender = firstHeader(headers, 'sender') ?? '';
  if (/\b(?:mailer-?daemon|postmaster)@/i.test(sender)) weak.push(`Sender: ${sender.slice(0, 60)}`);
  return { strong, weak };
}

export function bounceBodyReasons(text: string): string[] {
  const head = text.slice(0, 5000);
  const match = BOUNCE_BODY.exec(head.slice(0, 3000));
  if (match) return [`text: "${match[0].slice(0, 80)}"`];
  // A delivery-status report written into the text instead of its own part.
  if (/^Final-Recipient:/im.test(head) && /^(?:Action|Status|Diagnostic-Code):/im.test(head))
    return ['text: delivery-status fields'];
  return [];
}

/**
 * Notices of cloud mail services about one delivery (Amazon SES through SNS, and the like): a JSON
 * body with the notification type. Returns the kind it reports, or null.
 */
export function providerNotice(
  subject: string,
  text: string,
): { kind: 'bounce' | 'feedback_report' | 'machine_notice'; reason: string } | null {
  const head = text.slice(0, 20_000);
  const type =
    /"(?:notificationType|eventType)"\s*:\s*"(Bounce|Complaint|Delivery|DeliveryDelay|Reject|Send|Open|Click|Rendering Failure)"/i.exec(
      head,
    );
  if (!type && !/^AWS Notification Message/i.test(subject)) return null;
  const value = (type?.[1] ?? '').toLowerCase();
  const reason = type ? `JSON notice: ${type[0].replace(/\s+/g, '')}` : `Subject: ${subject.slice(0, 60)}`;
  if (value === 'bounce' || value === 'reject') return { kind: 'bounce', reason };
  if (value === 'complaint') return { kind: 'feedback_report', reason };
  return { kind: 'machine_notice', reason };
}

/** Complaint loops older than ARF (Hotmail JMRP, AOL's scomp, Yahoo) and ARF written as plain text. */
const COMPLAINT_SUBJECT =
  /^(?:complaint about message from|abuse report|spam report|email abuse report|client tos notification|fbl report|feedback loop|\[?(?:spam|abuse) complaint|junk mail report|spam complaint)/i;
const COMPLAINT_SENDER =
  /^(?:scomp|staff|abuse|abuse-report|fbl|feedbackloop|feedback-loop|complaints?|arf|spam-?report|jmrp|junk)$/i;

export function complaintReasons(
  headers: readonly RawHeader[],
  subject: string,
  from: MailAddress | null,
  text: string,
  hasAttachedMessage: boolean,
): string[] {
  const reasons: string[] = [];
  for (const name of ['x-hmxmroriginalrecipient', 'x-aol-scoll-authentication', 'x-arf']) {
    if (firstHeader(headers, name) !== null) reasons.push(name);
  }
  const head = text.slice(0, 5000);
  if (
    /^Feedback-Type:\s*(?:abuse|fraud|virus|other|not-spam|auth-failure)/im.test(head) &&
    /^User-Agent:/im.test(head)
  )
    reasons.push('Feedback-Type field in the text');
  const local = from ? from.address.slice(0, from.address.lastIndexOf('@')) : '';
  // A complaint subject with an attached mail is also how a person reports phishing to the help desk:
  // only a provider's complaint address (or no sender at all) makes it a report.
  if (COMPLAINT_SUBJECT.test(subject) && (COMPLAINT_SENDER.test(local) || (!from && hasAttachedMessage))) {
    reasons.push(`Subject: ${subject.slice(0, 80)}`);
  }
  return reasons;
}

/** Administrative subjects of list managers (Mailman, Majordomo, fml, Sympa, LISTSERV, ezmlm, Google Groups). */
const LIST_ADMIN_SUBJECT = new RegExp(
  [
    'awaits moderator approval',
    "moderator(?:'s)? (?:approval|request)",
    'requires? (?:moderator )?approval',
    'welcome to the .{0,80}(?:mailing )?list',
    '(?:mailing )?list memberships? reminder',
    'subscription (?:request|confirmation|result|notification)',
    'unsubscri(?:be|ption) (?:request|confirmation|result|notification)',
    'confirm (?:subscription|unsubscription|your|[0-9a-f]{8,})',
    'your message to .{1,80} (?:was rejected|is being held|has been held)',
    'majordomo results',
    'fml (?:command|status|error)',
    'command status report',
    'results? of your commands?',
    'not a member',
    'non-member submission',
    'posting (?:rejected|held|not allowed)',
    'bounce (?:action|score) notification',
    'ezmlm (?:response|warning)',
    'listserv',
  ].join('|'),
  'i',
);

/** Headers that only list managers write. */
const LIST_MANAGER_HEADERS = [
  'list-id',
  'list-post',
  'list-help',
  'x-mailman-version',
  'x-list-administrivia',
  'x-ml-name',
  'x-ml-count',
  'x-mlserver',
  'x-ml-info',
  'x-sequence',
  'mailing-list',
  'x-mailing-list',
  'x-listserver',
  'x-loop',
];

/**
 * Errors and notices of mailing-list managers (not the posts they distribute, which are bulk):
 * X-List-Administrivia, or a list-manager header or a list robot's address together with an
 * administrative subject, or a list robot's address (owner-*, *-request, *-admin, *-bounces,
 * majordomo, fml...) that is not distributing a post.
 */
export function listNoticeReasons(
  headers: readonly RawHeader[],
  subject: string,
  from: MailAddress | null,
): string[] {
  const listHeaders = LIST_MANAGER_HEADERS.filter((name) => firstHeader(headers, name) !== null);
  const administrivia = (firstHeader(headers, 'x-list-administrivia') ?? '').trim().toLowerCase();
  const local = from ? from.address.slice(0, from.address.lastIndexOf('@')) : '';
  // A list manager by name writes only notices; a list's admin address ('-owner', '-request',
  // '-admin') counts with a list header or an administrative subject ('it-admin@' may be people).
  const manager =
    /^(?:majordomo|listserv|mailman|fml|ezmlm|sympa|lyris|listproc|smartlist)(?:$|[-_.+])/i.test(local);
  const listAdmin = /^owner-|-(?:owner|request|admin|bounces?)$/i.test(local);
  const adminSubject = !isReplyOrForwardSubject(subject) && LIST_ADMIN_SUBJECT.test(subject);
  const reasons: string[] = [];
  if (administrivia === 'yes') reasons.push('X-List-Administrivia: yes');
  if (adminSubject && (listHeaders.length > 0 || manager || listAdmin))
    reasons.push(`Subject: ${subject.slice(0, 80)}`);
  if ((manager && (listHeaders.length === 0 || adminSubject)) || (listAdmin && listHeaders.length > 0))
    reasons.push(`From: ${from?.address} (list manager)`);
  if (reasons.length > 0) reasons.push(...listHeaders.map((h) => `${h} header`));
  return reasons;
}

/** Notices of mail-security gateways that are not rejections: quarantine digests, held messages. */
const GATEWAY_NOTICE_SUBJECT =
  /quarantin|spam (?:digest|summary|report)|junk (?:digest|summary)|held messages?|messages? (?:held|on hold)|blocked senders?|suspicious message/i;

export function gatewayNoticeReasons(from: MailAddress | null, subject: string): string[] {
  const gateway = gatewaySenderReasons(from);
  if (gateway.length === 0 || isReplyOrForwardSubject(subject) || !GATEWAY_NOTICE_SUBJECT.test(subject))
    return [];
  return [...gateway, `Subject: ${subject.slice(0, 80)}`];
}

/** A sender that asks not to be answered or is a service's robot: its mail may open a ticket, flagged. */
export function robotSenderReasons(from: MailAddress | null): string[] {
  if (!from) return [];
  const local = from.address.slice(0, from.address.lastIndexOf('@'));
  return isRobotLocalPart(local) ? [`From: ${from.address} (robot address)`] : [];
}
