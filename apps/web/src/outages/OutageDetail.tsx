import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';

import { ApiError, patch, post } from '../api/client';
import { outageKeys, useOutage } from '../api/queries/outage.queries';
import type { NoticeKind, Outage } from '../api/types';
import { formatDateTime } from '../time/format';
import { OutageClock } from './OutageClock';
import { OutageForm } from './OutageForm';
import { REFRESH_MS } from './refresh';

type Panel = 'edit' | NoticeKind | null;

type Change =
  { method: 'PATCH'; body: Record<string, unknown> } | { method: 'POST'; kind: NoticeKind; message: string };

/**
 * Every change to the outage goes through here. An update sends the version the agent was
 * looking at (a stale one is 409); whatever the answer, the outage and the lists are read again.
 */
function useOutageChanges(outage: Outage | undefined) {
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: (change: Change) => {
      if (!outage) throw new Error('no outage');
      const url = `/api/outages/${outage.id}`;
      return change.method === 'PATCH'
        ? patch<Outage>(url, { version: outage.version, ...change.body })
        : post<Outage>(`${url}/notices`, {
            kind: change.kind,
            ...(change.message.trim() ? { message: change.message.trim() } : {}),
          });
    },
    onSuccess: (fresh) => client.setQueryData(outageKeys.detail(fresh.id), fresh),
    onSettled: async () => {
      if (!outage) return;
      await Promise.all([
        client.invalidateQueries({ queryKey: outageKeys.detail(outage.id) }),
        client.invalidateQueries({ queryKey: outageKeys.all() }),
      ]);
    },
  });
  const error = mutation.error as ApiError | null;
  return {
    run: (change: Change, onDone?: () => void) =>
      mutation.mutate(change, {
        onSuccess: onDone,
        // The form was filled on stale data: close it, the page shows the reloaded outage.
        onError: (e) => e instanceof ApiError && e.status === 409 && onDone?.(),
      }),
    busy: mutation.isPending,
    error,
    conflict: error?.status === 409,
    reset: mutation.reset,
  };
}

export function OutageDetail() {
  const { id } = useParams<{ id: string }>();
  const { t, i18n } = useTranslation();
  const [panel, setPanel] = useState<Panel>(null);
  const query = useOutage(id, REFRESH_MS);
  const changes = useOutageChanges(query.data);
  const at = (iso: string | null) => formatDateTime(iso, i18n.language);

  if (query.isLoading) return <p className="muted">{t('common.loading')}</p>;
  const o = query.data;
  if (query.error || !o) return <p role="alert">{(query.error as Error)?.message ?? t('common.error')}</p>;

  const open = (next: Panel) => {
    changes.reset();
    setPanel(next);
  };
  const now = () => new Date().toISOString();

  return (
    <article className="outage" aria-labelledby="outage-title">
      <p>
        <Link to="/outages">← {t('outages.back')}</Link>
      </p>
      <header className="ticket-head">
        <h1 id="outage-title">{o.title}</h1>
        <div className="badges">
          {o.planned && <span className="status">{t('outages.planned')}</span>}
          <span className={`status outage-${o.status}`} data-testid="outage-status">
            {t(`outages.status.${o.status}`)}
          </span>
          <a href="/status">{t('outages.statusPage')}</a>
        </div>
      </header>
      {changes.error && (changes.conflict || panel !== 'edit') && (
        <p className="banner error" role="alert">
          {changes.conflict ? t('outages.conflict') : changes.error.message}
        </p>
      )}
      <div className="actions" role="toolbar" aria-label={t('outages.title')}>
        {!o.interventionStartedAt && !o.endedAt && (
          <button
            type="button"
            className="primary"
            disabled={changes.busy}
            onClick={() => {
              open(null);
              changes.run({ method: 'PATCH', body: { interventionStartedAt: now() } });
            }}
          >
            {t('outages.startIntervention')}
          </button>
        )}
        <button type="button" aria-expanded={panel === 'entes'} onClick={() => open('entes')}>
          {t('outages.notifyEntes')}
        </button>
        <button type="button" aria-expanded={panel === 'users'} onClick={() => open('users')}>
          {t('outages.notifyUsers')}
        </button>
        {!o.endedAt && (
          <button
            type="button"
            disabled={changes.busy}
            onClick={() => {
              open(null);
              changes.run({ method: 'PATCH', body: { endedAt: now() } });
            }}
          >
            {t('outages.end')}
          </button>
        )}
        <button type="button" aria-expanded={panel === 'edit'} onClick={() => open('edit')}>
          {t('outages.edit')}
        </button>
      </div>
      {panel === 'edit' && (
        <OutageForm
          outage={o}
          busy={changes.busy}
          error={changes.conflict ? null : changes.error}
          onSubmit={(body) => changes.run({ method: 'PATCH', body }, () => setPanel(null))}
          onCancel={() => setPanel(null)}
        />
      )}
      {(panel === 'entes' || panel === 'users') && (
        <NoticeForm
          key={panel}
          kind={panel}
          busy={changes.busy}
          onSubmit={(message) => changes.run({ method: 'POST', kind: panel, message }, () => setPanel(null))}
          onCancel={() => setPanel(null)}
        />
      )}

      <div className="outage-body">
        <div>
          <dl className="facts">
            <dt>{t('outages.services')}</dt>
            <dd>
              {o.services.length ? (
                <ul className="plain">
                  {o.services.map((s) => (
                    <li key={s}>{s}</li>
                  ))}
                </ul>
              ) : (
                '—'
              )}
            </dd>
            <dt>{t('outages.entes')}</dt>
            <dd>{o.entes.map((e) => e.name).join(', ') || t('outages.allEntes')}</dd>
            <dt>{t('outages.startedAt')}</dt>
            <dd>{at(o.startedAt)}</dd>
            <dt>{t('outages.interventionStartedAt')}</dt>
            <dd data-testid="intervention-started">{at(o.interventionStartedAt)}</dd>
            <dt>{t('outages.endedAt')}</dt>
            <dd>{at(o.endedAt)}</dd>
            <dt>{t('outages.duration')}</dt>
            <dd>
              {o.durationMinutes === null
                ? '—'
                : t('outages.minutes', { minutes: o.durationMinutes.toLocaleString(i18n.language) })}
            </dd>
            <dt>{t('outages.planned')}</dt>
            <dd>{o.planned ? t('common.yes') : t('common.no')}</dd>
            <dt>{t('outages.cause')}</dt>
            <dd className="text">{o.cause || '—'}</dd>
            <dt>{t('outages.publicMessage')}</dt>
            <dd className="text">{o.publicMessage || '—'}</dd>
          </dl>

          <section aria-labelledby="notices-title">
            <h2 id="notices-title">{t('outages.notices')}</h2>
            {o.notices.length === 0 ? (
              <p className="muted">{t('outages.noNotices')}</p>
            ) : (
              <ul className="notices">
                {o.notices.map((n) => (
                  <li key={n.id} data-notice={n.kind}>
                    <strong>{t(`outages.kind.${n.kind}`)}</strong>{' '}
                    <time dateTime={n.sentAt}>{at(n.sentAt)}</time>
                    {n.sentBy && <span> {t('outages.sentBy', { name: n.sentBy.name })}</span>}
                    <div className="muted small">
                      {n.recipients > 0
                        ? t('outages.recipients', { count: n.recipients })
                        : t('outages.noRecipients')}{' '}
                      · {n.published ? t('outages.published') : t('outages.notPublished')}
                    </div>
                    {n.message && <p className="text">{n.message}</p>}
                  </li>
                ))}
              </ul>
            )}
          </section>

          {o.tickets.length > 0 && (
            <section aria-labelledby="outage-tickets-title">
              <h2 id="outage-tickets-title">{t('outages.tickets')}</h2>
              <ul className="plain">
                {o.tickets.map((tk) => (
                  <li key={tk.id}>
                    <Link className="ticket-link" to={`/tickets/${tk.id}`}>
                      {tk.number}
                    </Link>{' '}
                    {tk.subject} <span className="muted">{t(`status.${tk.status}`)}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}

          {o.alerts.length > 0 && (
            <section aria-labelledby="outage-alerts-title">
              <h2 id="outage-alerts-title">{t('outages.alerts')}</h2>
              <ul className="plain small">
                {o.alerts.map((a) => (
                  <li key={a.id}>
                    <time dateTime={a.occurredAt}>{at(a.occurredAt)}</time> {a.host}
                    {a.service ? `/${a.service}` : ''} <strong>{a.state}</strong>{' '}
                    <span className="muted">{a.output}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
        <aside aria-labelledby="outage-clocks-title" className="outage-side">
          <h2 id="outage-clocks-title">{t('outages.clocks')}</h2>
          {o.clocks.map((clock) => (
            <OutageClock key={clock.code} clock={clock} planned={o.planned} ended={!!o.endedAt} />
          ))}
        </aside>
      </div>
    </article>
  );
}

/** A notice to the entes' offices (SLA.9) or to users (SLA.10), with an optional public text. */
function NoticeForm({
  kind,
  busy,
  onSubmit,
  onCancel,
}: {
  kind: NoticeKind;
  busy: boolean;
  onSubmit(message: string): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const [message, setMessage] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(message);
  };
  return (
    <form className="panel" aria-label={t(`outages.kind.${kind}`)} onSubmit={submit}>
      <p className="muted">{t('outages.noticeHint')}</p>
      <label>
        {t('outages.message')}
        <textarea
          autoFocus
          rows={4}
          maxLength={4000}
          value={message}
          onChange={(e) => setMessage(e.target.value)}
        />
      </label>
      <div className="form-buttons">
        <button type="submit" className="primary" disabled={busy}>
          {t('action.send')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}
