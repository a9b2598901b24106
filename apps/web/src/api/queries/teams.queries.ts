import { useQuery } from '@tanstack/react-query';

import { get } from '../client';
import type { Schemas } from '../types';

export type Team = Schemas['TeamResponse'];
export type TeamMember = Schemas['TeamMemberResponse'];
export type Availability = Schemas['AvailabilityResponse'];

/**
 * Query keys of the teams (issue 19): everything under `all()`, so a change to a team, its members
 * or someone's availability refreshes every list that shows them with one invalidation.
 */
export const teamKeys = {
  all: () => ['teams'] as const,
  list: () => ['teams', 'list'] as const,
  mine: () => ['teams', 'mine'] as const,
  availability: (userId: string | undefined) => ['teams', 'availability', userId] as const,
};

/** Teams change rarely: the queue's column and filter reuse what another screen fetched. */
const TEAMS_STALE_MS = 300_000;

/** Every team with its members (staff only: referents never see teams, so never ask). */
export function useTeams(enabled = true) {
  return useQuery({
    queryKey: teamKeys.list(),
    queryFn: ({ signal }) => get<Team[]>('/api/teams', undefined, signal),
    staleTime: TEAMS_STALE_MS,
    enabled,
  });
}

/** The teams the signed-in staff member belongs to ("Il mio team"). */
export function useMyTeams(enabled = true) {
  return useQuery({
    queryKey: teamKeys.mine(),
    queryFn: ({ signal }) => get<Team[]>('/api/teams/mine', undefined, signal),
    staleTime: TEAMS_STALE_MS,
    enabled,
  });
}

/** Whether a staff member is present (the user menu reads one's own). */
export function useAvailability(userId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: teamKeys.availability(userId),
    queryFn: ({ signal }) => get<Availability>(`/api/users/${userId}/availability`, undefined, signal),
    enabled: enabled && !!userId,
  });
}
