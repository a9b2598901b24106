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
  /** An ente referent's entes (empty for staff). */
  enteIds: string[];
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

export interface ApiToken {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** A new token as the api answers its creation: the only time `token` is shown. */
export interface CreatedToken {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  token: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
}

/** The audit page's filter: an action, a user, a time range [from, to) and the page before an id. */
export interface AuditFilter {
  action?: string;
  actorId?: string;
  from?: string;
  to?: string;
  before?: string;
  limit: number;
}

export interface QuarantinedMail {
  id: string;
  receivedAt: string;
  from: string | null;
  subject: string | null;
  kind: string | null;
  outcome: string;
  reason: string | null;
  size: number;
  reprocessedCount: number;
}

export interface MailAttachmentInfo {
  filename: string;
  contentType: string;
  size: number;
  reason?: string;
}

/** A quarantined mail as an admin reads it: plain text only, attachments named. */
export interface QuarantinedMailContent extends QuarantinedMail {
  to: string[];
  cc: string[];
  date: string | null;
  text: string;
  truncated: boolean;
  parseProblems: string[];
  attachments: MailAttachmentInfo[];
  refusedAttachments: MailAttachmentInfo[];
}

export interface EnteDomain {
  domain: string;
  enteId: string;
  enteName: string;
}

export interface ImportColumn {
  name: string;
  required: boolean;
}

export const adminMoreKeys = {
  tokens: () => ['admin', 'tokens'] as const,
  audit: (filter: AuditFilter) => ['admin', 'audit', filter] as const,
  auditActions: () => ['admin', 'audit-actions'] as const,
  quarantine: () => ['admin', 'quarantine'] as const,
  quarantined: (id: string) => ['admin', 'quarantine', id] as const,
  domains: () => ['admin', 'domains'] as const,
  importColumns: () => ['admin', 'import-columns'] as const,
};

export function useApiTokens() {
  return useQuery({ queryKey: adminMoreKeys.tokens(), queryFn: () => get<ApiToken[]>('/api/admin/tokens') });
}

export function useAuditLog(filter: AuditFilter) {
  return useQuery({
    queryKey: adminMoreKeys.audit(filter),
    queryFn: () => get<AuditEntry[]>('/api/admin/audit', { ...filter }),
  });
}

export function useAuditActions() {
  return useQuery({
    queryKey: adminMoreKeys.auditActions(),
    queryFn: () => get<string[]>('/api/admin/audit/actions'),
  });
}

export function useQuarantine() {
  return useQuery({
    queryKey: adminMoreKeys.quarantine(),
    queryFn: () => get<QuarantinedMail[]>('/api/mail/quarantine', { limit: 200 }),
  });
}

export function useQuarantinedMail(id: string | null) {
  return useQuery({
    queryKey: adminMoreKeys.quarantined(id ?? ''),
    queryFn: () => get<QuarantinedMailContent>(`/api/mail/inbound/${id}`),
    enabled: id !== null,
  });
}

export function useEnteDomains() {
  return useQuery({
    queryKey: adminMoreKeys.domains(),
    queryFn: () => get<EnteDomain[]>('/api/mail/domains'),
  });
}

export function useImportColumns() {
  return useQuery({
    queryKey: adminMoreKeys.importColumns(),
    queryFn: () => get<ImportColumn[]>('/api/admin/import/tickets/columns'),
    staleTime: Infinity,
  });
}
