import { useQuery } from '@tanstack/react-query';

import { localTimeZone, setLocalTimeZone } from '../../time/zone';
import { get } from '../client';
import type { SchemaIntakeSettingsResponse, SchemaLocaleDto } from '../schema.gen';

/** Query key of the service centre's settings the UI reads (its local zone and calendar). */
export const settingsKeys = {
  locale: () => ['settings', 'locale'] as const,
  intake: () => ['settings', 'intake'] as const,
};

export type LocaleSettings = SchemaLocaleDto;

/**
 * The local zone, from the api once signed in (it changes only when an admin publishes a policy
 * with another default calendar: read once per session). Returns the zone in force, the fallback
 * until the answer arrives.
 */
export function useLocalTimeZone(enabled: boolean): string {
  const locale = useQuery({
    queryKey: settingsKeys.locale(),
    queryFn: ({ signal }) => get<LocaleSettings>('/api/settings/locale', undefined, signal),
    staleTime: Infinity,
    enabled,
  });
  // Module state read by the formatters outside React: set before the pages below render with it.
  if (locale.data) setLocalTimeZone(locale.data.zone);
  return localTimeZone();
}

export type IntakeSettings = SchemaIntakeSettingsResponse;

/** The phone intake's rules (how far back a late-logged call may be dated): read once per session. */
export function useIntakeSettings(enabled: boolean) {
  return useQuery({
    queryKey: settingsKeys.intake(),
    queryFn: ({ signal }) => get<IntakeSettings>('/api/settings/intake', undefined, signal),
    staleTime: Infinity,
    enabled,
  });
}
