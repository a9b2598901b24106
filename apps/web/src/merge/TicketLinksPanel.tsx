import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';

import { ApiError, del, get, post } from '../api/client';
import { teamReportKeys, useMergeCandidates, useTicketLinks } from '../api/queries/teamReports.queries';
import { ticketKeys } from '../api/queries/ticket.queries';
import type { Ticket, TicketPage } from '../api/types';
import { formatDateTime } from '../time/format';

type LinkAs = 'related' | 'parent' | 'child';
const RESOLVED = ['resolved', 'resolved_not_competent'];

/**
 * The ticket page's links (issue 19.7): related, parent and child tickets both ways and the merges
 * it took part in; link and unlink; "Unisci a un altro ticket…" (a dialog listing the requester's
 * open tickets) and "Dividi un messaggio…" (a received message becomes a new linked ticket).
 */
export function TicketLinksPanel({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const links = useTicketLinks(ticket.id);
  const [merging, setMerging] = useState(false);
  const [splitting, setSplitting] = useState(false);
  const [number, setNumber] = useState('');
  const [as, setAs] = useState<LinkAs>('related');
  const [error, setError] = useState<string | null>(null);

  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ticketKeys.detail(ticket.id) }),
      client.invalidateQueries({ queryKey: ticketKeys.all() }),
    ]);
  const problem = (e: unknown) => setError(e instanceof ApiError ? e.message : String(e));

  const link = useMutation({
    mutationFn: async () => {
      const wanted = number.trim();
      // The agent knows numbers, the api ids: the queue's search finds a number whole or by sequence.
      const found = await get<TicketPage>('/api/tickets', { q: wanted, limit: 5 });
      const other = found.items.find(
        (row) => row.number === wanted || row.number.endsWith(`-${wanted.padStart(6, '0')}`),
      );
      if (!other) throw new Error(t('teamReportsX.links.notFound', { number: wanted }));
      return post(`/api/tickets/${ticket.id}/links`, { otherId: other.id, kind: as });
    },
    onSuccess: async () => {
      setNumber('');
      setError(null);
      await refresh();
    },
    onError: problem,
  });
  const unlink = useMutation({
    mutationFn: (otherId: string) => del(`/api/tickets/${ticket.id}/links/${otherId}`),
    onSuccess: async () => {
      setError(null);
      await refresh();
    },
    onError: problem,
  });

  const mergedInto = links.data?.find((l) => l.kind === 'merged_into');
  const canMerge = !ticket.mergedIntoId && !RESOLVED.includes(ticket.status);
  const submitLink = (e: FormEvent) => {
    e.preventDefault();
    if (number.trim()) link.mutate();
  };

  return (
    <section aria-labelledby="links-title" className="ticket-links">
      <h2 id="links-title">{t('teamReportsX.links.title')}</h2>
      {mergedInto && (
        <p className="notice" role="status">
          {t('teamReportsX.links.mergedBanner', { number: mergedInto.number })}{' '}
          <Link to={`/tickets/${mergedInto.ticketId}`}>{mergedInto.number}</Link>
        </p>
      )}
      <ul className="links" data-testid="ticket-links">
        {(links.data ?? []).map((l) => (
          <li key={`${l.kind}-${l.ticketId}`}>
            <span className="muted">{t(`teamReportsX.links.kind.${l.kind}`)}</span>{' '}
            <Link to={`/tickets/${l.ticketId}`}>{l.number}</Link> {l.subject}{' '}
            <span className="muted">{t(`status.${l.status}`)}</span>
            {(l.kind === 'related' || l.kind === 'parent' || l.kind === 'child') && (
              <button
                type="button"
                className="link-button"
                aria-label={t('teamReportsX.links.removeFor', { number: l.number })}
                disabled={unlink.isPending}
                onClick={() => unlink.mutate(l.ticketId)}
              >
                {t('teamReportsX.links.remove')}
              </button>
            )}
          </li>
        ))}
        {links.data?.length === 0 && <li className="muted">{t('teamReportsX.links.none')}</li>}
      </ul>
      {!ticket.mergedIntoId && (
        <form className="link-form" onSubmit={submitLink} aria-label={t('teamReportsX.links.add')}>
          <label>
            {t('teamReportsX.links.number')}
            <input
              value={number}
              onChange={(e) => setNumber(e.target.value)}
              placeholder={t('teamReportsX.links.numberHint')}
              maxLength={20}
            />
          </label>
          <label>
            {t('teamReportsX.links.as')}
            <select value={as} onChange={(e) => setAs(e.target.value as LinkAs)}>
              {(['related', 'parent', 'child'] as const).map((k) => (
                <option key={k} value={k}>
                  {t(`teamReportsX.links.asKind.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={link.isPending || !number.trim()}>
            {t('teamReportsX.links.submit')}
          </button>
        </form>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="link-actions">
        {canMerge && (
          <button type="button" onClick={() => setMerging(true)}>
            {t('teamReportsX.merge.open')}
          </button>
        )}
        {!ticket.mergedIntoId && (
          <button type="button" onClick={() => setSplitting((v) => !v)} aria-expanded={splitting}>
            {t('teamReportsX.split.open')}
          </button>
        )}
      </div>
      {splitting && (
        <SplitForm
          ticket={ticket}
          onDone={(id) => {
            setSplitting(false);
            void refresh();
            void navigate(`/tickets/${id}`);
          }}
          onCancel={() => setSplitting(false)}
        />
      )}
      {merging && (
        <MergeDialog
          ticket={ticket}
          onClose={() => setMerging(false)}
          onMerged={async (targetId) => {
            setMerging(false);
            await Promise.all([
              refresh(),
              client.invalidateQueries({ queryKey: teamReportKeys.links(ticket.id) }),
            ]);
            void navigate(`/tickets/${targetId}`);
          }}
        />
      )}
    </section>
  );
}

/** The modal that picks the target among the requester's open tickets; Esc or Annulla closes it. */
function MergeDialog({
  ticket,
  onClose,
  onMerged,
}: {
  ticket: Ticket;
  onClose(): void;
  onMerged(targetId: string): void;
}) {
  const { t, i18n } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const candidates = useMergeCandidates(ticket.id, true);
  const [target, setTarget] = useState('');
  useEffect(() => {
    if (!dialog.current?.open) dialog.current?.showModal();
  }, []);
  const merge = useMutation({
    mutationFn: () =>
      post<Ticket>(`/api/tickets/${ticket.id}/merge`, { targetId: target, version: ticket.version }),
    onSuccess: (merged) => onMerged(merged.id),
  });
  const failure =
    merge.error instanceof ApiError ? merge.error.message : merge.error ? String(merge.error) : '';
  return (
    <dialog
      ref={dialog}
      aria-labelledby="merge-title"
      onClose={onClose}
      className="merge-dialog"
      // Esc closes the dialog only: the ticket page's own Esc (back to the queue) must not hear it.
      onKeyDown={(e) => {
        if (e.key === 'Escape') e.stopPropagation();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (target) merge.mutate();
        }}
      >
        <h2 id="merge-title">{t('teamReportsX.merge.title', { number: ticket.number })}</h2>
        <p className="muted">{t('teamReportsX.merge.hint')}</p>
        {candidates.isLoading && <p>{t('teamReportsX.merge.loading')}</p>}
        {candidates.data?.length === 0 && <p>{t('teamReportsX.merge.none')}</p>}
        {!!candidates.data?.length && (
          <fieldset>
            <legend>{t('teamReportsX.merge.candidates')}</legend>
            {candidates.data.map((c, i) => (
              <label key={c.id} className="choice">
                <input
                  type="radio"
                  name="merge-target"
                  value={c.id}
                  autoFocus={i === 0}
                  checked={target === c.id}
                  onChange={() => setTarget(c.id)}
                />{' '}
                <strong>{c.number}</strong> {c.subject}{' '}
                <span className="muted">
                  {t(`status.${c.status}`)} · {formatDateTime(c.receivedAt, i18n.language)}
                </span>
              </label>
            ))}
          </fieldset>
        )}
        {failure && (
          <p className="error" role="alert">
            {failure}
          </p>
        )}
        <div className="buttons">
          <button type="submit" disabled={!target || merge.isPending}>
            {t('teamReportsX.merge.submit')}
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            {t('teamReportsX.merge.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** "Dividi un messaggio…": one of the received messages and the new ticket's subject. */
function SplitForm({
  ticket,
  onDone,
  onCancel,
}: {
  ticket: Ticket;
  onDone(id: string): void;
  onCancel(): void;
}) {
  const { t, i18n } = useTranslation();
  const messages = ticket.timeline.filter((e) => e.type === 'message' && e.payload.direction === 'in');
  const [eventId, setEventId] = useState('');
  const [subject, setSubject] = useState('');
  const split = useMutation({
    mutationFn: () =>
      post<Ticket>(`/api/tickets/${ticket.id}/split`, {
        eventId,
        ...(subject.trim() ? { subject: subject.trim() } : {}),
        version: ticket.version,
      }),
    onSuccess: (created) => onDone(created.id),
  });
  const failure =
    split.error instanceof ApiError ? split.error.message : split.error ? String(split.error) : '';
  if (messages.length === 0) return <p className="muted">{t('teamReportsX.split.none')}</p>;
  return (
    <form
      className="panel split-form"
      aria-label={t('teamReportsX.split.title')}
      onSubmit={(e) => {
        e.preventDefault();
        if (eventId) split.mutate();
      }}
    >
      <h3>{t('teamReportsX.split.title')}</h3>
      <p className="muted">{t('teamReportsX.split.hint')}</p>
      <label>
        {t('teamReportsX.split.message')}
        <select autoFocus required value={eventId} onChange={(e) => setEventId(e.target.value)}>
          <option value="">{t('teamReportsX.split.choose')}</option>
          {messages.map((m) => (
            <option key={m.id} value={String(m.id)}>
              {formatDateTime(m.occurredAt, i18n.language)} — {(m.body ?? '').slice(0, 80)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('teamReportsX.split.subject')}
        <input value={subject} maxLength={300} onChange={(e) => setSubject(e.target.value)} />
      </label>
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
      <div className="buttons">
        <button type="submit" disabled={!eventId || split.isPending}>
          {t('teamReportsX.split.submit')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('teamReportsX.split.cancel')}
        </button>
      </div>
    </form>
  );
}
