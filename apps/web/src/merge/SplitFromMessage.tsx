import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { ApiError, post } from '../api/client';
import { teamReportKeys } from '../api/queries/teamReports.queries';
import { ticketKeys } from '../api/queries/ticket.queries';
import type { Ticket, TimelineEvent } from '../api/types';

const SPLIT_FIELDS = ['eventId', 'subject', 'version'] as const;
const SUBJECT_MAX = 300;

/** The new ticket's subject offered: the mail's own subject, else the message's first line. */
function suggestedSubject(event: TimelineEvent, ticket: Ticket): string {
  const mailSubject = typeof event.payload.subject === 'string' ? event.payload.subject.trim() : '';
  if (mailSubject) return mailSubject.slice(0, SUBJECT_MAX);
  const firstLine =
    (event.body ?? '')
      .split('\n')
      .find((line) => line.trim())
      ?.trim() ?? '';
  return (firstLine || ticket.subject).slice(0, 120);
}

/** The message's start, so that two messages of one sender in one minute are told apart. */
function excerptOf(body: string | null | undefined): string {
  const text = (body ?? '').replace(/\s+/g, ' ').trim();
  return text.length > 60 ? `${text.slice(0, 60).trimEnd()}…` : text;
}

/** A refusal in the page's language (the api's own text is bilingual). */
function refusalText(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('agentToolsX.split.failed');
  if (error.status === 409)
    return error.details.reason === 'alreadyMerged'
      ? t('agentToolsX.split.merged')
      : t('agentToolsX.split.conflict');
  if (error.status === 400) {
    const named = error.fields.map((f) =>
      (SPLIT_FIELDS as readonly string[]).includes(f)
        ? t(`agentToolsX.split.field.${f as (typeof SPLIT_FIELDS)[number]}`)
        : f,
    );
    return t('agentToolsX.split.invalid', {
      fields: named.join(', ') || t('agentToolsX.split.field.eventId'),
    });
  }
  return t('agentToolsX.split.failed');
}

/**
 * "Dividi in un nuovo ticket" under a received message of the timeline (issue 19.7): the split
 * of that very message, its subject offered, sent with the version on screen; then a link to the
 * new ticket, which takes the focus. Esc closes the form (not the page) and gives the focus back.
 */
export function SplitFromMessage({
  ticket,
  event,
  from,
  when,
}: {
  ticket: Ticket;
  event: TimelineEvent;
  from: string;
  when: string;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const titleId = useId();
  // Set when the form closes: the action button takes the focus back as soon as it is there again.
  const refocus = useRef(false);
  const created = useRef<HTMLAnchorElement>(null);
  const [open, setOpen] = useState(false);
  const [subject, setSubject] = useState('');
  const split = useMutation({
    mutationFn: () =>
      post<Ticket>(`/api/tickets/${ticket.id}/split`, {
        eventId: String(event.id),
        ...(subject.trim() ? { subject: subject.trim() } : {}),
        version: ticket.version,
      }),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ticketKeys.detail(ticket.id) }),
        client.invalidateQueries({ queryKey: ticketKeys.all() }),
        client.invalidateQueries({ queryKey: teamReportKeys.links(ticket.id) }),
      ]),
    onSuccess: () => setOpen(false),
  });
  const done = split.data;
  useEffect(() => {
    if (done) created.current?.focus();
  }, [done]);

  const close = () => {
    setOpen(false);
    split.reset();
    refocus.current = true;
  };

  return (
    <div className="split-from-message">
      {done && (
        <p className="notice" role="status">
          {t('agentToolsX.split.done', { number: done.number })}{' '}
          <Link ref={created} to={`/tickets/${done.id}`}>
            {t('agentToolsX.split.openNew', { number: done.number })}
          </Link>
        </p>
      )}
      {!open && !done && (
        <button
          ref={(el) => {
            if (el && refocus.current) {
              refocus.current = false;
              el.focus();
            }
          }}
          type="button"
          className="link-button"
          aria-label={t('agentToolsX.split.actionFor', {
            from: from || t('agentToolsX.split.someone'),
            when,
            excerpt: excerptOf(event.body),
          })}
          onClick={() => {
            setSubject(suggestedSubject(event, ticket));
            split.reset();
            setOpen(true);
          }}
        >
          {t('agentToolsX.split.action')}
        </button>
      )}
      {open && (
        <form
          className="panel split-form"
          aria-labelledby={titleId}
          onSubmit={(e) => {
            e.preventDefault();
            if (!split.isPending) split.mutate();
          }}
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            // Esc closes the form only: the ticket page's own Esc (back to the queue) must not hear it.
            e.stopPropagation();
            close();
          }}
        >
          <h3 id={titleId}>{t('agentToolsX.split.title')}</h3>
          <p className="muted">{t('agentToolsX.split.hint')}</p>
          <label>
            {t('agentToolsX.split.subject')}
            <input
              autoFocus
              value={subject}
              maxLength={SUBJECT_MAX}
              onChange={(e) => setSubject(e.target.value)}
            />
          </label>
          {split.error && (
            <p className="error" role="alert">
              {refusalText(t, split.error)}
            </p>
          )}
          <div className="buttons">
            <button type="submit" aria-disabled={split.isPending}>
              {t('agentToolsX.split.submit')}
            </button>
            <button type="button" onClick={close}>
              {t('agentToolsX.split.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
