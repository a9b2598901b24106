import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { useWorkload, type WorkloadAgent } from '../api/queries/teamReports.queries';
import { useTeams } from '../api/queries/teams.queries';
import { formatDateTime } from '../time/format';

/**
 * Carico di lavoro (issue 19.9): each agent's open tickets, the clocks at risk or breached and who
 * is absent, refreshed every 30 s; supervisors filter by team, agents see their own teams.
 */
export default function WorkloadPage() {
  const { t, i18n } = useTranslation();
  const teams = useTeams();
  const [teamId, setTeamId] = useState('');
  const workload = useWorkload(teamId);
  const data = workload.data;
  return (
    <section aria-labelledby="workload-title" className="workload">
      <h1 id="workload-title">{t('teamReportsX.workload.title')}</h1>
      <p className="muted">{t('teamReportsX.workload.hint')}</p>
      <label>
        {t('teamReportsX.workload.team')}
        <select value={teamId} onChange={(e) => setTeamId(e.target.value)}>
          <option value="">{t('teamReportsX.workload.allTeams')}</option>
          {(teams.data ?? []).map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      </label>
      {workload.isLoading && <p>{t('teamReportsX.workload.loading')}</p>}
      {data && data.agents.length === 0 && <p className="muted">{t('teamReportsX.workload.none')}</p>}
      {data && data.agents.length > 0 && (
        <table className="report-table workload-table" aria-label={t('teamReportsX.workload.title')}>
          <thead>
            <tr>
              <th scope="col">{t('teamReportsX.workload.agent')}</th>
              <th scope="col">{t('teamReportsX.workload.available')}</th>
              <th scope="col">{t('teamReportsX.workload.teams')}</th>
              <th scope="col">{t('teamReportsX.workload.open')}</th>
              <th scope="col">{t('teamReportsX.workload.waiting')}</th>
              <th scope="col">{t('teamReportsX.workload.atRisk')}</th>
              <th scope="col">{t('teamReportsX.workload.breached')}</th>
              <th scope="col">{t('teamReportsX.workload.tickets')}</th>
            </tr>
          </thead>
          <tbody>
            {data.agents.map((a) => (
              <AgentRow key={a.id} agent={a} />
            ))}
            <AgentRow
              agent={{
                ...data.unassigned,
                id: 'unassigned',
                name: t('teamReportsX.workload.unassigned'),
                role: 'agent',
                available: true,
                teams: [],
              }}
              unassigned
            />
          </tbody>
        </table>
      )}
      {data && <p className="muted small">{formatDateTime(data.asOf, i18n.language)}</p>}
    </section>
  );
}

function AgentRow({ agent, unassigned = false }: { agent: WorkloadAgent; unassigned?: boolean }) {
  const { t } = useTranslation();
  return (
    <tr className={agent.available ? '' : 'absent'} data-testid={`workload-${agent.id}`}>
      <th scope="row">{agent.name}</th>
      <td>
        {unassigned
          ? '—'
          : agent.available
            ? t('teamReportsX.workload.present')
            : t('teamReportsX.workload.absent')}
      </td>
      <td>{agent.teams.map((team) => team.name).join(', ') || '—'}</td>
      <td>{agent.open}</td>
      <td>{agent.waiting}</td>
      <td className={agent.atRisk > 0 ? 'at-risk' : ''}>{agent.atRisk}</td>
      <td className={agent.breached > 0 ? 'breached' : ''}>{agent.breached}</td>
      <td>
        {agent.tickets.length === 0 ? (
          <span className="muted">{t('teamReportsX.workload.noTickets')}</span>
        ) : (
          <ul className="workload-tickets">
            {agent.tickets.map((ticket) => (
              <li key={ticket.id}>
                <Link to={`/tickets/${ticket.id}`}>{ticket.number}</Link> {ticket.subject}{' '}
                <span className={`muted clock-${ticket.clock}`}>
                  {t(`status.${ticket.status}`)} · {t(`teamReportsX.workload.clock.${ticket.clock}`)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
