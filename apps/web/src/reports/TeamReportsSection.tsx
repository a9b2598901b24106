import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { withQuery } from '../api/client';
import { type PerformanceLine, usePerformanceReport } from '../api/queries/teamReports.queries';
import { useTeams } from '../api/queries/teams.queries';
import { csvLanguage, formatPercent } from './percent';

/**
 * Reports by team and by agent per month (issue 19.8), with a team filter: handled, resolved,
 * take-charge and answer times (median, 95th percentile, business minutes), breaches, escalations.
 * The api computes every figure; the notes say how merged tickets are counted.
 */
export function TeamReportsSection({ range }: { range: { from: string; to: string } }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const [teamId, setTeamId] = useState('');
  const query = { ...range, teamId: teamId || undefined };
  return (
    <section aria-labelledby="team-reports-title" className="team-reports">
      <h2 id="team-reports-title">{t('teamReportsX.reports.title')}</h2>
      <label>
        {t('teamReportsX.reports.team')}
        <select value={teamId} onChange={(e) => setTeamId(e.target.value)} data-testid="report-team-filter">
          <option value="">{t('teamReportsX.reports.allTeams')}</option>
          {(teams.data ?? []).map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      </label>
      <p className="muted small">{t('teamReportsX.reports.caption')}</p>
      <PerformanceTable by="teams" query={query} />
      <PerformanceTable by="agents" query={query} />
    </section>
  );
}

function PerformanceTable({
  by,
  query,
}: {
  by: 'teams' | 'agents';
  query: { from: string; to: string; teamId?: string };
}) {
  const { t, i18n } = useTranslation();
  const report = usePerformanceReport(by, query);
  const title = by === 'teams' ? t('teamReportsX.reports.byTeam') : t('teamReportsX.reports.byAgent');
  const minutes = (v: number | null) => (v === null ? '—' : t('teamReportsX.reports.minutes', { value: v }));
  const lines: PerformanceLine[] = report.data ? [...report.data.rows, ...report.data.totals] : [];
  const lang = csvLanguage(i18n.language);
  return (
    <>
      <h3>{title}</h3>
      <p>
        <a href={withQuery(`/api/reports/${by}`, { ...query, format: 'csv', lang })}>CSV</a> ·{' '}
        <a href={withQuery(`/api/reports/${by}`, { ...query, format: 'xlsx', lang })}>XLSX</a>
      </p>
      {report.isLoading && <p>{t('teamReportsX.reports.loading')}</p>}
      {report.data && lines.length === 0 && <p className="muted">{t('teamReportsX.reports.none')}</p>}
      {lines.length > 0 && (
        <div className="table-scroll">
          <table className="report-table" aria-label={title}>
            <thead>
              <tr>
                <th scope="col">{t('teamReportsX.reports.month')}</th>
                <th scope="col">{t('teamReportsX.reports.name')}</th>
                <th scope="col">{t('teamReportsX.reports.handled')}</th>
                <th scope="col">{t('teamReportsX.reports.resolved')}</th>
                <th scope="col">{t('teamReportsX.reports.resolvedPct')}</th>
                <th scope="col">
                  {t('teamReportsX.reports.takeCharge')} ({t('teamReportsX.reports.median')})
                </th>
                <th scope="col">
                  {t('teamReportsX.reports.takeCharge')} ({t('teamReportsX.reports.p95')})
                </th>
                <th scope="col">
                  {t('teamReportsX.reports.answer')} ({t('teamReportsX.reports.median')})
                </th>
                <th scope="col">
                  {t('teamReportsX.reports.answer')} ({t('teamReportsX.reports.p95')})
                </th>
                <th scope="col">{t('teamReportsX.reports.breaches')}</th>
                <th scope="col">
                  {by === 'teams'
                    ? t('teamReportsX.reports.escalationsIn')
                    : t('teamReportsX.reports.agentEscalations')}
                </th>
                {by === 'teams' && <th scope="col">{t('teamReportsX.reports.escalationsOut')}</th>}
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={`${l.month ?? 'total'}-${l.id ?? 'none'}`} className={l.month ? '' : 'total'}>
                  <th scope="row">{l.month ?? t('teamReportsX.reports.total')}</th>
                  <td>{l.name}</td>
                  <td>{l.handled}</td>
                  <td>{l.resolved}</td>
                  <td>{formatPercent(l.resolvedPct, i18n.language)}</td>
                  <td>{minutes(l.takeCharge.medianMinutes)}</td>
                  <td>{minutes(l.takeCharge.p95Minutes)}</td>
                  <td>{minutes(l.answer.medianMinutes)}</td>
                  <td>{minutes(l.answer.p95Minutes)}</td>
                  <td>{l.breaches}</td>
                  <td>{l.escalationsIn}</td>
                  {by === 'teams' && <td>{l.escalationsOut}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {report.data?.notes.map((n) => (
        <p key={n.code} className="muted small report-note">
          {t('teamReportsX.reports.note')}: {i18n.language === 'en' ? n.en : n.it}
        </p>
      ))}
    </>
  );
}
