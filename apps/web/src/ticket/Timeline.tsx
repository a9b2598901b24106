import type { TFunction } from 'i18next';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import { RoutedText } from '../admin/routing/RoutedText';
import { tagsChangedText } from '../agentTools/tagsText';
import type { Attachment, Ticket, TimelineEvent, TimelinePayload } from '../api/types';
import { isEventName, isStatusName } from '../i18n/keys';
import { isMergeEvent, MergeEventText, MessageOrigin } from '../merge/MergeEventText';
import { SplitFromMessage } from '../merge/SplitFromMessage';
import { TeamChangeText } from '../teams/TeamChangeText';
import { formatDuration } from '../time/countdown';
import { formatDateTime } from '../time/format';
import { displayFileName } from './file-name';
import { foldHtmlQuotes, splitQuoted } from './quote';

/** The ticket's history, oldest first: messages in full, everything else as one line. */
export function Timeline({
  events,
  attachments,
  ticketId,
  splittable,
}: {
  events: TimelineEvent[];
  attachments: Attachment[];
  ticketId: string;
  /** Staff's ticket not merged away: each received message offers its split (issue 19.7). */
  splittable?: Ticket;
}) {
  const { t } = useTranslation();
  const sorted = useMemo(
    () => [...events].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt)),
    [events],
  );
  return (
    <section aria-labelledby="timeline-title" className="timeline">
      <h2 id="timeline-title">{t('ticket.timeline')}</h2>
      <ol>
        {sorted.map((event) => (
          <TimelineItem key={event.id} event={event} splittable={splittable} />
        ))}
      </ol>
      {attachments.length > 0 && (
        <div className="attachments">
          <h3>{t('ticket.attachments')}</h3>
          <ul>
            {attachments.map((a) => (
              <li key={a.id}>
                <a href={`/api/tickets/${ticketId}/attachments/${a.id}`} download>
                  {displayFileName(a.filename)}
                </a>
                {a.size ? <span className="muted"> ({Math.ceil(a.size / 1024)} KB)</span> : null}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/**
 * A phone call of the ticket: who called (or was called back), whether it was answered and by
 * whom, how long it rang and lasted ("Telefonata ricevuta da 055 123 · risposta da Marco Rossi ·
 * squillo 0m 12s · durata 3m 05s").
 */
function callText(t: TFunction, p: TimelinePayload, language: string): string {
  const dayUnit = language === 'en' ? 'd' : 'g';
  const number = typeof p.number === 'string' && p.number ? p.number : t('workspaceX.call.withheld');
  const answered = p.status === 'answered';
  const head =
    p.direction === 'out'
      ? t(answered ? 'workspaceX.call.out_answered' : 'workspaceX.call.out_missed', { number })
      : t(answered ? 'workspaceX.call.in_answered' : 'workspaceX.call.in_missed', { number });
  const parts = [head];
  const by = typeof p.answeredByName === 'string' ? p.answeredByName : p.answeredBy;
  if (answered && p.direction === 'in' && typeof by === 'string' && by)
    parts.push(t('workspaceX.call.answeredBy', { name: by }));
  if (typeof p.ringSeconds === 'number')
    parts.push(t('workspaceX.call.ring', { duration: formatDuration(p.ringSeconds * 1000, dayUnit) }));
  if (typeof p.talkSeconds === 'number' && answered)
    parts.push(t('workspaceX.call.talk', { duration: formatDuration(p.talkSeconds * 1000, dayUnit) }));
  if (p.cause === 'noHangup') parts.push(t('workspaceX.call.noHangup'));
  return parts.join(' · ');
}

function TimelineItem({ event, splittable }: { event: TimelineEvent; splittable?: Ticket }) {
  const { t, i18n } = useTranslation();
  const when = formatDateTime(event.occurredAt, i18n.language);
  const by = event.actor ? t('event.by', { name: event.actor.name }) : '';
  const p = event.payload ?? {};
  if (event.type === 'message' || event.type === 'note' || event.type === 'referent_note') {
    const inbound = p.direction === 'in';
    const title =
      event.type === 'note' || event.type === 'referent_note'
        ? t(`event.${event.type}`)
        : p.via === 'phone'
          ? `${t('event.phone')} · ${inbound ? t('event.message_in') : t('event.message_out')}`
          : inbound
            ? t('event.message_in')
            : t('event.message_out');
    const from = inbound ? (p.from?.name ?? p.from?.address ?? '') : (event.actor?.name ?? '');
    return (
      <li
        className={`event message ${event.type === 'message' ? (inbound ? 'inbound' : 'outbound') : `note ${event.type}`}`}
      >
        <header>
          <strong>{title}</strong> <span className="muted">{from}</span>{' '}
          <time dateTime={event.occurredAt}>{when}</time>
        </header>
        <MessageBody html={typeof p.html === 'string' ? p.html : null} text={event.body ?? ''} />
        <MessageOrigin payload={p} />
        {Array.isArray(p.attachments) && p.attachments.length > 0 && (
          <p className="muted small">
            {t('ticket.attachments')}: {p.attachments.map((a) => displayFileName(a.filename)).join(', ')}
          </p>
        )}
        {splittable && event.type === 'message' && inbound && (
          <SplitFromMessage ticket={splittable} event={event} from={from} when={when} />
        )}
      </li>
    );
  }
  let text: ReactNode;
  const statusName = (value: unknown) => (isStatusName(value) ? t(`status.${value}`) : String(value));
  // Why the ticket waits (or was reopened): saved with the status change, said in the timeline.
  const reason = event.type === 'status_changed' && typeof p.reason === 'string' ? p.reason.trim() : '';
  switch (event.type) {
    case 'status_changed':
      text = t('event.status_changed', {
        from: statusName(p.from),
        to: statusName(p.to),
      });
      break;
    case 'sla_at_risk':
    case 'sla_breached':
    case 'sla_met':
      text = t(`event.${event.type}`, { code: String(p.code ?? '') });
      break;
    case 'phone_call':
      text = callText(t, p, i18n.language);
      break;
    case 'tags_changed':
      text = tagsChangedText(t, p);
      break;
    case 'team_changed':
      text = <TeamChangeText from={p.from} to={p.to} />;
      break;
    case 'routed':
      text = <RoutedText payload={p as Record<string, unknown>} />;
      break;
    default:
      if (isMergeEvent(event.type)) {
        text = <MergeEventText type={event.type} payload={p} />;
        break;
      }
      text = isEventName(event.type) ? t(`event.${event.type}`) : event.type;
  }
  return (
    <li className={`event line event-${event.type}`}>
      <span>{text}</span> <span className="muted">{by}</span> <time dateTime={event.occurredAt}>{when}</time>
      {reason && (
        <p className="event-body event-reason">
          {t('event.reason')}: {reason}
        </p>
      )}
      {event.body && <p className="event-body">{event.body}</p>}
    </li>
  );
}

/**
 * An e-mail's content. The HTML was sanitised by the server when the mail arrived (no scripts,
 * no handlers, no remote loads); the page's CSP forbids inline scripts as a second wall.
 */
function MessageBody({ html, text }: { html: string | null; text: string }) {
  const { t } = useTranslation();
  const folded = useMemo(() => (html ? foldHtmlQuotes(html, t('ticket.quoted')) : null), [html, t]);
  if (folded) return <div className="mail-html" dangerouslySetInnerHTML={{ __html: folded }} />;
  const { main, quoted } = splitQuoted(text);
  return (
    <div className="mail-text">
      <p>{main}</p>
      {quoted && (
        <details className="quoted">
          <summary>{t('ticket.quoted')}</summary>
          <pre>{quoted}</pre>
        </details>
      )}
    </div>
  );
}
