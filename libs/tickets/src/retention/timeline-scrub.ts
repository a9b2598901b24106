import type { TicketEventType } from '../entities';

/**
 * What of a timeline payload survives anonymisation: only facts the reports, the SLA clocks and
 * the timeline's shape rely on (types, statuses, instants, ids of staff and records). Everything
 * else (senders, addresses, phone numbers, subjects, free-text reasons) goes. An allow-list, not a
 * deny-list: a key added to a payload later is dropped until someone decides it is not personal.
 */
const KEEP: Partial<Record<TicketEventType, readonly string[]>> = {
  created: ['channel', 'number', 'malfunction', 'enteId', 'requesterId', 'relatedTicketId', 'imported'],
  message: ['direction', 'via', 'outboundId', 'inboundId', 'attachmentIds', 'mergedFrom', 'splitFrom'],
  status_changed: ['from', 'to', 'redirectedTo'],
  assigned: ['from', 'to'],
  taken_in_charge: ['agentId', 'by', 'implicit'],
  field_changed: ['field'],
  sla_at_risk: ['code', 'cycle', 'at'],
  sla_breached: ['code', 'cycle', 'dueAt', 'stoppedAt'],
  sla_met: ['code', 'cycle', 'dueAt', 'stoppedAt', 'reason'],
  sla_recomputed: ['code', 'cycle', 'dueAt', 'stoppedAt', 'reason'],
  mail_sent: ['outboundId', 'kind'],
  mail_failed: ['outboundId', 'messageId'],
  mail_bounced: ['inboundId', 'outboundId', 'kind', 'failed'],
  mail_receipt: ['inboundId', 'outboundId', 'kind', 'failed'],
  attachment_refused: ['inboundId'],
  team_changed: ['from', 'to'],
  // Routing: the rule (an admin's name for it) and the ids and codes it set, never ticket text.
  routed: [
    'ruleId',
    'ruleName',
    'teamId',
    'categoryId',
    'difficulty',
    'assigneeId',
    'roundRobin',
    'kept',
    'onDemand',
  ],
  // Tags are the staff's classification words (a list the admins keep, or short free words).
  tags_changed: ['added', 'removed'],
  // Merge, split and links name tickets by id and number and count messages: no personal data.
  merged: ['into', 'number', 'messages'],
  merged_from: ['from', 'number', 'messages'],
  split: ['to', 'number', 'eventId'],
  split_from: ['from', 'number', 'eventId'],
  linked: ['other', 'number', 'kind'],
  unlinked: ['other', 'number', 'kind'],
  phone_call: [
    'callId',
    'direction',
    'status',
    'startedAt',
    'answeredAt',
    'endedAt',
    'ringSeconds',
    'talkSeconds',
    'answeredBy',
    'answeredByName',
    'cause',
  ],
};

/** Fields whose old and new values are codes, not a person's words (see EditableField). */
const CODED_FIELDS = new Set([
  'enteId',
  'categoryId',
  'difficulty',
  'slaPolicyId',
  'receivedAt',
  'malfunction',
]);

export function scrubTimelinePayload(
  type: string,
  payload: Record<string, unknown>,
): Record<string, unknown> {
  const keep = KEEP[type as TicketEventType] ?? [];
  const out: Record<string, unknown> = {};
  for (const key of keep) if (key in payload) out[key] = payload[key];
  if (type === 'field_changed' && typeof payload.field === 'string' && CODED_FIELDS.has(payload.field)) {
    out.from = payload.from;
    out.to = payload.to;
  }
  if (type === 'phone_call') out.number = null;
  if (type === 'mail_failed') out.to = [];
  if (type === 'attachment_refused') out.refused = [];
  out.anonymised = true;
  return out;
}
