import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { put } from '../api/client';
import { type Availability, teamKeys, useAvailability } from '../api/queries/teams.queries';
import { isStaff, useSession } from '../auth/session';
import { TeamError } from './TeamError';

/** PUT /api/users/:id/availability, then every team list and presence shown again. */
function useSetAvailability(userId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (available: boolean) => put<Availability>(`/api/users/${userId}/availability`, { available }),
    onSuccess: (answer) => client.setQueryData(teamKeys.availability(userId), answer),
    onSettled: () => client.invalidateQueries({ queryKey: teamKeys.all() }),
  });
}

/** A supervisor's or admin's toggle of one member's presence on the team page. */
export function AvailabilityButton({
  userId,
  name,
  available,
}: {
  userId: string;
  name: string;
  available: boolean;
}) {
  const { t } = useTranslation();
  const set = useSetAvailability(userId);
  return (
    <>
      <button
        type="button"
        aria-label={t(available ? 'teamsX.availability.markAbsentFor' : 'teamsX.availability.markBackFor', {
          name,
        })}
        disabled={set.isPending}
        onClick={() => set.mutate(!available)}
      >
        {t(available ? 'teamsX.availability.markAbsent' : 'teamsX.availability.markBack')}
      </button>
      <TeamError error={set.error} />
    </>
  );
}

/**
 * The user menu's "Mi assento / Sono rientrato" (every staff member, for themselves): while absent
 * the header says so, so that nobody stays absent by mistake. Referents have no presence.
 */
export function MyAvailability() {
  const { t } = useTranslation();
  const { me } = useSession();
  const staff = isStaff(me);
  const availability = useAvailability(me?.id, staff);
  const set = useSetAvailability(me?.id ?? '');
  if (!staff || !availability.data) return null;
  const available = availability.data.available;
  return (
    <span className="my-availability">
      {!available && (
        <strong className="absent" role="status" aria-label={t('teamsX.availability.meAbsent')}>
          {t('teamsX.availability.meAbsentShort')}
        </strong>
      )}{' '}
      <button
        type="button"
        className="link"
        title={t(available ? 'teamsX.availability.iAmAbsentHint' : 'teamsX.availability.iAmBackHint')}
        disabled={set.isPending}
        onClick={() => set.mutate(!available)}
      >
        {t(available ? 'teamsX.availability.iAmAbsent' : 'teamsX.availability.iAmBack')}
      </button>
      {set.error ? <TeamError error={set.error} /> : null}
    </span>
  );
}
