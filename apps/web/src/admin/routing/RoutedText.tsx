import { useTranslation } from 'react-i18next';

import { useStaff } from '../../api/queries/reference.queries';
import { useTeams } from '../../api/queries/teams.queries';
import { routingIt } from '../../i18n/parts/routing';

/**
 * A `routed` timeline event in words (staff only: referents never get it): "Instradato dalla
 * regola «Stampanti»: team Supporto CED, a Marco Rossi (a turno)".
 */
export function RoutedText({ payload }: { payload: Record<string, unknown> }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const staff = useStaff();
  const parts: string[] = [];
  if (typeof payload.teamId === 'string')
    parts.push(
      t('routingX.summary.team', { v: teams.data?.find((x) => x.id === payload.teamId)?.name ?? '…' }),
    );
  if (typeof payload.difficulty === 'string' && Object.hasOwn(routingIt.difficulties, payload.difficulty))
    parts.push(
      t('routingX.summary.difficulty', {
        v: t(`routingX.difficulties.${payload.difficulty as keyof typeof routingIt.difficulties}`),
      }),
    );
  if (typeof payload.categoryId === 'string') parts.push(t('routingX.event.category'));
  if (typeof payload.assigneeId === 'string')
    parts.push(
      t('routingX.summary.assignee', {
        v: staff.data?.find((x) => x.id === payload.assigneeId)?.name ?? '…',
      }),
    );
  if (payload.roundRobin && payload.assigneeId === null) parts.push(t('routingX.event.nobody'));
  const rule = t(payload.onDemand ? 'routingX.event.onDemand' : 'routingX.event.routed', {
    name: String(payload.ruleName ?? ''),
  });
  return (
    <>
      {parts.length > 0 ? `${rule}: ${parts.join(', ')}` : rule}
      {Array.isArray(payload.kept) && payload.kept.length > 0 && ` (${t('routingX.event.kept')})`}
    </>
  );
}
