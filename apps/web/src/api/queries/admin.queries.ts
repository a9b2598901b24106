import { useQuery } from '@tanstack/react-query';

import { get } from '../client';
import type { Role } from '../types';

/**
 * Query keys of the admin pages: each list under `all()`, so one invalidation could refresh the
 * whole area; a save invalidates only the list it changed.
 */
export const adminKeys = {
  all: () => ['admin'] as const,
  users: () => ['admin', 'users'] as const,
  mailboxes: () => ['admin', 'mailboxes'] as const,
  /** Calendars and SLA policies: documents edited as JSON. */
  documents: (kind: SlaDocumentKind) => ['admin', kind] as const,
  templates: () => ['admin', 'templates'] as const,
  logLevels: () => ['admin', 'log-levels'] as const,
  outageRecipients: () => ['admin', 'outage-recipients'] as const,
  reportRecipients: () => ['admin', 'report-recipients'] as const,
};

export type SlaDocumentKind = 'calendars' | 'policies';

export interface AdminUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  lockedUntil: string | null;
}

export interface Mailbox {
  id: string;
  name: string;
  address: string;
  imapHost: string;
  imapUser: string;
  folder: string;
  active: boolean;
  status?: string;
  lastError?: string | null;
  lastPolledAt?: string | null;
}

export interface MailTemplate {
  code: string;
  language: string;
  placeholders: string[];
  custom: boolean;
  subject: string;
  body: string;
}

export interface LogLevelsView {
  default: string;
  modules: Record<string, string>;
  known: string[];
}

export interface EnteRecipients {
  enteId: string;
  code: string;
  name: string;
  emails: string[];
}

export interface ReportRecipients {
  configured: string[];
  added: string[];
  includeSupervisors: boolean;
}

export function useAdminUsers() {
  return useQuery({ queryKey: adminKeys.users(), queryFn: () => get<AdminUser[]>('/api/admin/users') });
}

export function useMailboxes() {
  return useQuery({ queryKey: adminKeys.mailboxes(), queryFn: () => get<Mailbox[]>('/api/mail/mailboxes') });
}

export function useSlaDocuments(kind: SlaDocumentKind) {
  return useQuery({
    queryKey: adminKeys.documents(kind),
    queryFn: () => get<Record<string, unknown>[]>(`/api/sla/${kind}`),
  });
}

export function useMailTemplates() {
  return useQuery({
    queryKey: adminKeys.templates(),
    queryFn: () => get<MailTemplate[]>('/api/mail/templates'),
  });
}

export function useLogLevels() {
  return useQuery({
    queryKey: adminKeys.logLevels(),
    queryFn: () => get<LogLevelsView>('/api/admin/log-levels'),
  });
}

export function useOutageRecipients() {
  return useQuery({
    queryKey: adminKeys.outageRecipients(),
    queryFn: () => get<EnteRecipients[]>('/api/outages/recipients'),
  });
}

export function useReportRecipients() {
  return useQuery({
    queryKey: adminKeys.reportRecipients(),
    queryFn: () => get<ReportRecipients>('/api/outages/report-recipients'),
  });
}
