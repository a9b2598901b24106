import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import type { TimelinePayload } from '../api/types';

export const MERGE_EVENTS = ['merged', 'merged_from', 'split', 'split_from', 'linked', 'unlinked'] as const;
export type MergeEventType = (typeof MERGE_EVENTS)[number];
export const isMergeEvent = (type: string): type is MergeEventType =>
  (MERGE_EVENTS as readonly string[]).includes(type);

/** The other ticket of a merge, split or link event, by id. */
function otherOf(type: MergeEventType, p: TimelinePayload): unknown {
  if (type === 'merged') return p.into;
  if (type === 'merged_from' || type === 'split_from') return p.from;
  if (type === 'split') return p.to;
  return p.other;
}

/** A merge, split or link on the timeline, naming the other ticket with a link to it. */
export function MergeEventText({ type, payload }: { type: MergeEventType; payload: TimelinePayload }) {
  const { t } = useTranslation();
  const other = otherOf(type, payload);
  const number = String(payload.number ?? '');
  const kind =
    payload.kind === 'related' || payload.kind === 'parent' || payload.kind === 'child'
      ? t(`teamReportsX.links.kind.${payload.kind}`)
      : '';
  const text = t(`teamReportsX.event.${type}`, { number, messages: Number(payload.messages ?? 0), kind });
  return typeof other === 'string' ? <Link to={`/tickets/${other}`}>{text}</Link> : <>{text}</>;
}

/** Under a message copied by a merge or split: where it came from. */
export function MessageOrigin({ payload }: { payload: TimelinePayload }) {
  const { t } = useTranslation();
  const origin = (payload.mergedFrom ?? payload.splitFrom) as
    { ticketId?: string; number?: string } | undefined;
  if (!origin?.ticketId) return null;
  return (
    <p className="muted small message-origin">
      <Link to={`/tickets/${origin.ticketId}`}>
        {t('teamReportsX.event.copiedFrom', { number: origin.number ?? '' })}
      </Link>
    </p>
  );
}
