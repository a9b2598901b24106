import { useTranslation } from 'react-i18next';

import { useTeams } from '../api/queries/teams.queries';

/**
 * A team change on the timeline (staff only: referents never receive these events), by the
 * teams' current names: "Spostato dal team Help desk al team Supporto CED". The event's note
 * is its body, shown by the timeline under the line.
 */
export function TeamChangeText({ from, to }: { from: unknown; to: unknown }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const name = (id: unknown) =>
    typeof id !== 'string'
      ? null
      : !teams.data
        ? '…'
        : (teams.data.find((team) => team.id === id)?.name ?? t('teamsX.event.unknownTeam'));
  const fromName = name(from);
  const toName = name(to);
  if (!toName) return <>{t('teamsX.event.removed', { from: fromName ?? '' })}</>;
  return (
    <>
      {fromName
        ? t('teamsX.event.movedFrom', { from: fromName, to: toName })
        : t('teamsX.event.moved', { to: toName })}
    </>
  );
}
