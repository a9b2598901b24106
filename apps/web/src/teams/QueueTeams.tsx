import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import { useMyTeams, useTeams } from '../api/queries/teams.queries';

/**
 * The queue's team pieces (issue 19.1), kept here so that the queue page only places them: the
 * team names of the rows' `teamId`, the supervisors' team filter and the "Il mio team" hint.
 * Referents never see teams: the queue does not call these for them.
 */
export function useTeamNames(enabled: boolean): Map<string, string> {
  const teams = useTeams(enabled);
  return useMemo(() => new Map((teams.data ?? []).map((team) => [team.id, team.name])), [teams.data]);
}

/** One team's tickets (supervisors and admins), or every team's. */
export function TeamFilter({ value, onChange }: { value?: string; onChange(teamId?: string): void }) {
  const { t } = useTranslation();
  const teams = useTeams();
  return (
    <label>
      <span className="sr-only">{t('teamsX.queue.filter')}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">{t('teamsX.queue.anyTeam')}</option>
        {teams.data?.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Under the "Il mio team" view of someone in no team: why it is empty. */
export function MyTeamHint() {
  const { t } = useTranslation();
  const mine = useMyTeams();
  if (!mine.data || mine.data.length > 0) return null;
  return <p className="muted">{t('teamsX.queue.noTeamOfMine')}</p>;
}
