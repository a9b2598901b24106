import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes, useNavigate, useSearchParams } from 'react-router-dom';

import { ApiError, post } from '../api/client';
import { outageKeys, useOpenOutages, useOutagesInRange } from '../api/queries/outage.queries';
import type { Outage, OutageSummary } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorLine } from '../layout/ErrorLine';
import { formatDateTime, localDate } from '../time/format';
import { OutageClock } from './OutageClock';
import { OutageDetail } from './OutageDetail';
import { OutageForm } from './OutageForm';
import { REFRESH_MS } from './refresh';

/** How far back "recent" reaches by default, like the public status page. */
const RECENT_DAYS = 30;

/** Outages (disservizi) for staff: the list with the new-outage form, and each outage's page. */
export default function OutagesPage() {
  const { me } = useSession();
  if (me?.role !== 'agent' && me?.role !== 'supervisor' && me?.role !== 'admin') {
    return <Navigate to="/" replace />;
  }
  return (
    <Routes>
      <Route index element={<OutageList />} />
      <Route path=":id" element={<OutageDetail />} />
    </Routes>
  );
}

function OutageList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  // Without a range in the address, the default one ends today, read at each render on purpose:
  // a page left open past midnight moves on to the new day at its next refresh.
  // eslint-disable-next-line react-hooks/purity
  const now = Date.now();
  const from = params.get('from') ?? localDate(now, -RECENT_DAYS);
  const to = params.get('to') ?? localDate(now);
  // From the address bar, not this render's params: the router renders a new address in a
  // transition, and 'from' then 'to' changed in a row would otherwise lose the first.
  const setRange = (patch: { from?: string; to?: string }) => {
    const next = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(patch)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  const open = useOpenOutages(REFRESH_MS);
  const recent = useOutagesInRange(from, to, REFRESH_MS);
  // The open ones are listed above: below, only those that ended.
  const ended = (recent.data ?? []).filter((o) => o.endedAt);

  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => post<Outage>('/api/outages', body),
    onSuccess: (outage) => {
      client.setQueryData(outageKeys.detail(outage.id), outage);
      void client.invalidateQueries({ queryKey: outageKeys.all() });
      void navigate(`/outages/${outage.id}`);
    },
  });

  return (
    <section className="outages" aria-labelledby="outages-title">
      <div className="queue-head">
        <h1 id="outages-title">{t('outages.title')}</h1>
        <button
          type="button"
          className="primary"
          aria-expanded={creating}
          onClick={() => {
            create.reset();
            setCreating((c) => !c);
          }}
        >
          {t('outages.new')}
        </button>
        <span className="spacer" />
        <a href="/status">{t('outages.statusPage')}</a>
      </div>
      {creating && (
        <OutageForm
          busy={create.isPending}
          error={create.error as ApiError | null}
          onSubmit={(body) => create.mutate(body)}
          onCancel={() => setCreating(false)}
        />
      )}

      <h2 id="outages-open">{t('outages.open')}</h2>
      <OutageTable labelledBy="outages-open" rows={open.data ?? []} busy={open.isFetching} />
      {open.isLoading && <p className="muted">{t('outages.loading')}</p>}
      <ErrorLine error={open.error} />
      {open.data?.length === 0 && <p className="muted">{t('outages.noneOpen')}</p>}

      <h2 id="outages-recent">{t('outages.recent')}</h2>
      <fieldset className="filters">
        <legend className="sr-only">{t('outages.recentRange')}</legend>
        <label>
          {t('outages.from')}
          <input type="date" value={from} max={to} onChange={(e) => setRange({ from: e.target.value })} />
        </label>
        <label>
          {t('outages.to')}
          <input type="date" value={to} min={from} onChange={(e) => setRange({ to: e.target.value })} />
        </label>
      </fieldset>
      <OutageTable labelledBy="outages-recent" rows={ended} busy={recent.isFetching} />
      {recent.isLoading && <p className="muted">{t('outages.loading')}</p>}
      <ErrorLine error={recent.error} />
      {recent.data && ended.length === 0 && <p className="muted">{t('outages.noneRecent')}</p>}
    </section>
  );
}

function OutageTable({
  rows,
  labelledBy,
  busy,
}: {
  rows: OutageSummary[];
  labelledBy: string;
  busy: boolean;
}) {
  const { t, i18n } = useTranslation();
  if (rows.length === 0) return null;
  const at = (iso: string | null) => formatDateTime(iso, i18n.language);
  return (
    <table className="outage-table" aria-labelledby={labelledBy} aria-busy={busy}>
      <thead>
        <tr>
          <th scope="col">{t('outages.name')}</th>
          <th scope="col">{t('outages.state')}</th>
          <th scope="col">{t('outages.services')}</th>
          <th scope="col">{t('outages.entes')}</th>
          <th scope="col">{t('outages.startedAt')}</th>
          <th scope="col">{t('outages.interventionStartedAt')}</th>
          <th scope="col">{t('outages.endedAt')}</th>
          <th scope="col">{t('outages.planned')}</th>
          <th scope="col">SLA.9</th>
          <th scope="col">SLA.10</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((o) => (
          <tr key={o.id} data-outage={o.id}>
            <td>
              <Link to={`/outages/${o.id}`}>{o.title}</Link>
            </td>
            <td>
              <span className={`status outage-${o.status}`}>{t(`outages.status.${o.status}`)}</span>
            </td>
            <td>{o.services.join(', ') || '—'}</td>
            <td>{o.entes.map((e) => e.name).join(', ') || t('outages.allEntes')}</td>
            <td>{at(o.startedAt)}</td>
            <td>{at(o.interventionStartedAt)}</td>
            <td>{at(o.endedAt)}</td>
            <td>{o.planned ? t('common.yes') : t('common.no')}</td>
            {o.clocks.map((clock) => (
              <td key={clock.code}>
                <OutageClock clock={clock} planned={o.planned} ended={!!o.endedAt} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
