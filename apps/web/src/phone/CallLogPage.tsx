import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router-dom';

import { ApiError, del, put } from '../api/client';
import { callKeys, type Extension, useCallLog, useExtensions } from '../api/queries/call.queries';
import { useStaff } from '../api/queries/reference.queries';
import { useSession } from '../auth/session';
import { ErrorLine } from '../layout/ErrorLine';
import { formatDuration } from '../time/countdown';
import { formatDateTime, localDate } from '../time/format';

/** The call log (issue 24): a day of calls, missed calls to call back; admins map extensions. */
export default function CallLogPage() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const [filter, setFilter] = useState<'all' | 'missed'>('all');
  // Without a date in the address, today, read at each render on purpose: a log left open past
  // midnight moves on to the new day at its next refresh (every 15 s).
  // eslint-disable-next-line react-hooks/purity
  const date = params.get('date') ?? localDate(Date.now());
  const log = useCallLog(date);
  if (me?.role !== 'agent' && me?.role !== 'supervisor' && me?.role !== 'admin')
    return <Navigate to="/" replace />;
  const seconds = (s: number | null) => (s === null ? '—' : formatDuration(s * 1000));
  const calls = (log.data?.calls ?? []).filter((c) => filter === 'all' || c.status === 'missed');
  const totals = log.data?.totals;

  return (
    <section className="call-log" aria-labelledby="calls-title">
      <div className="queue-head">
        <h1 id="calls-title">{t('phone.logTitle')}</h1>
        <label>
          {t('phone.day')}
          <input
            type="date"
            value={date}
            onChange={(e) => e.target.value && setParams({ date: e.target.value })}
          />
        </label>
        <label>
          {t('phone.show')}
          <select value={filter} onChange={(e) => setFilter(e.target.value as 'all' | 'missed')}>
            <option value="all">{t('phone.showAll')}</option>
            <option value="missed">{t('phone.showMissed')}</option>
          </select>
        </label>
      </div>
      {totals && (
        <p data-testid="call-totals">
          {t('phone.totals', {
            ringing: totals.ringing,
            answered: totals.answered,
            missed: totals.missed,
            outbound: totals.outbound,
          })}
        </p>
      )}
      <ErrorLine error={log.error} />
      {log.data && calls.length === 0 && <p className="muted">{t('phone.noCalls')}</p>}
      {calls.length > 0 && (
        <table className="call-table" aria-labelledby="calls-title" aria-busy={log.isFetching}>
          <thead>
            <tr>
              <th scope="col">{t('phone.time')}</th>
              <th scope="col">{t('phone.kind')}</th>
              <th scope="col">{t('phone.number')}</th>
              <th scope="col">{t('phone.caller')}</th>
              <th scope="col">{t('phone.ring')}</th>
              <th scope="col">{t('phone.talk')}</th>
              <th scope="col">{t('phone.answeredBy')}</th>
              <th scope="col">{t('phone.ticket')}</th>
              <th scope="col">
                <span className="sr-only">{t('phone.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {calls.map((c) => {
              const number = c.direction === 'in' ? c.from : c.to;
              return (
                <tr
                  key={c.id}
                  className={c.status === 'missed' && c.direction === 'in' ? 'missed' : undefined}
                >
                  <td>{formatDateTime(c.startedAt, i18n.language)}</td>
                  <td>{c.direction === 'out' ? t('phone.kindOut') : t(`phone.kind_${c.status}`)}</td>
                  <td>{number ?? t('phone.withheld')}</td>
                  <td>
                    {c.contact ? c.contact.name : '—'}
                    {c.contact?.enteName && <span className="muted"> · {c.contact.enteName}</span>}
                  </td>
                  <td>{seconds(c.ringSeconds)}</td>
                  <td>{seconds(c.talkSeconds)}</td>
                  <td>{c.answeredByName ?? c.answeredBy ?? '—'}</td>
                  <td>{c.ticket ? <Link to={`/tickets/${c.ticket.id}`}>{c.ticket.number}</Link> : '—'}</td>
                  <td>
                    {c.direction === 'in' && c.status === 'missed' && c.calledBackAt && (
                      <span className="muted">
                        {t('phone.calledBack', { time: formatDateTime(c.calledBackAt, i18n.language) })}
                      </span>
                    )}
                    {c.direction === 'in' &&
                      c.status === 'missed' &&
                      !c.calledBackAt &&
                      (c.caller ?? number) && (
                        <a className="button" href={`tel:${c.caller ?? number}`}>
                          {t('phone.callBack')}
                        </a>
                      )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {me.role === 'admin' && <Extensions />}
    </section>
  );
}

/** Which agent answers at which PBX extension: a call rung there is shown to that agent only. */
function Extensions() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [extension, setExtension] = useState('');
  const [userId, setUserId] = useState('');
  const list = useExtensions();
  const users = useStaff();
  const map = useMutation({
    mutationFn: () => put<Extension[]>(`/api/admin/extensions/${encodeURIComponent(extension)}`, { userId }),
    onSuccess: (next) => {
      client.setQueryData(callKeys.extensions(), next);
      setExtension('');
    },
  });
  const unmap = useMutation({
    mutationFn: (ext: string) => del<void>(`/api/admin/extensions/${encodeURIComponent(ext)}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: callKeys.extensions() }),
  });
  const staff = (users.data ?? []).filter((u) => u.role !== 'ente_referent');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    map.mutate();
  };

  return (
    <section aria-labelledby="extensions-title">
      <h2 id="extensions-title">{t('phone.extensions')}</h2>
      <p className="muted">{t('phone.extensionsHint')}</p>
      <ul>
        {(list.data ?? []).map((m) => (
          <li key={m.extension}>
            {m.extension} → {m.userName}{' '}
            <button
              type="button"
              className="link"
              onClick={() => unmap.mutate(m.extension)}
              aria-label={t('phone.unmap', { extension: m.extension })}
            >
              {t('phone.remove')}
            </button>
          </li>
        ))}
      </ul>
      <form className="filters" onSubmit={submit}>
        <label>
          {t('phone.extension')}
          <input required value={extension} maxLength={32} onChange={(e) => setExtension(e.target.value)} />
        </label>
        <label>
          {t('phone.agent')}
          <select required value={userId} onChange={(e) => setUserId(e.target.value)}>
            <option value="">—</option>
            {staff.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={map.isPending}>
          {t('phone.map')}
        </button>
      </form>
      <ErrorLine error={(map.error ?? unmap.error ?? list.error) as ApiError | null} />
    </section>
  );
}
