import { useQuery } from '@tanstack/react-query';

import { get } from '../client';
import type { Schemas } from '../types';

/**
 * Query keys of the privacy area (issue 18): the policy in force, its versions and the retention
 * runs. A publication invalidates `all()`: the policy, its versions and what a preview would do
 * all change with it.
 */
export const privacyKeys = {
  all: () => ['privacy'] as const,
  policy: () => ['privacy', 'policy'] as const,
  versions: () => ['privacy', 'policy', 'versions'] as const,
  runs: () => ['privacy', 'retention-runs'] as const,
};

/** The classes of personal data the policy keeps for a number of days, in the api's order. */
export const DATA_CLASSES = [
  'rawMail',
  'messageBodies',
  'contactDetails',
  'outboundMail',
  'auditLog',
  'sessions',
] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

export interface Bilingual {
  it: string;
  en: string;
}

/** The policy's document as the api validates it (the OpenAPI document declares it as an open object). */
export interface PrivacyPolicyDefinition {
  controller: { name: string; address: string; email: string; dpoEmail: string };
  retention: Record<DataClass, { days: number; minimumDays: number }>;
  /** Local time (HH:MM) of the nightly retention run. */
  runAt: string;
  purposes: Bilingual[];
  recipients: Bilingual[];
  processors: { name: string; role: Bilingual }[];
  notice: Bilingual;
}

export type PrivacyPolicy = Omit<Schemas['PrivacyPolicyResponse'], 'definition'> & {
  definition: PrivacyPolicyDefinition;
};

/** Per data class, what a run did (or a preview would do), counted by kind of record. */
export type RetentionSummary = Partial<Record<string, Record<string, number>>>;

export type RetentionRun = Omit<Schemas['RetentionRunResponse'], 'summary'> & { summary: RetentionSummary };

export function usePrivacyPolicy() {
  return useQuery({
    queryKey: privacyKeys.policy(),
    queryFn: () => get<PrivacyPolicy>('/api/privacy/policy'),
  });
}

/** Every version, newest first (admins only). */
export function usePrivacyPolicyVersions(enabled: boolean) {
  return useQuery({
    queryKey: privacyKeys.versions(),
    enabled,
    queryFn: () => get<PrivacyPolicy[]>('/api/privacy/policy/versions'),
  });
}

/** The last retention runs, previews included (admins only). */
export function useRetentionRuns(enabled: boolean) {
  return useQuery({
    queryKey: privacyKeys.runs(),
    enabled,
    queryFn: () => get<RetentionRun[]>('/api/privacy/retention-runs'),
  });
}
