import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router-dom';

import { TagsAdminPage } from '../agentTools/TagsAdminPage';
import { useSession } from '../auth/session';
import { AuditPage } from './AuditPage';
import { DomainsPage } from './DomainsPage';
import { ImportPage } from './ImportPage';
import { JsonDocumentsPage } from './JsonDocumentsPage';
import { LogLevels } from './LogLevels';
import { MailboxesPage } from './MailboxesPage';
import { OutageRecipients } from './OutageRecipients';
import { QuarantinePage } from './QuarantinePage';
import { TemplatesPage } from './TemplatesPage';
import { TokensPage } from './TokensPage';
import { UsersPage } from './UsersPage';

/**
 * Admins' pages: users and roles, mailboxes, the mail quarantine, the sender-domain map, calendars,
 * SLA policies, templates, outage recipients, history import, API tokens, the audit log, log levels.
 */
export default function AdminPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  if (me?.role !== 'admin') return <Navigate to="/" replace />;
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t('admin.title')}</h1>
      <nav className="tabs" aria-label={t('admin.title')}>
        <NavLink to="/admin/users">{t('admin.users')}</NavLink>
        <NavLink to="/admin/mailboxes">{t('admin.mailboxes')}</NavLink>
        <NavLink to="/admin/quarantine">{t('adminX.nav.quarantine')}</NavLink>
        <NavLink to="/admin/domains">{t('adminX.nav.domains')}</NavLink>
        <NavLink to="/admin/calendars">{t('admin.calendars')}</NavLink>
        <NavLink to="/admin/policies">{t('admin.policies')}</NavLink>
        <NavLink to="/admin/templates">{t('admin.templates')}</NavLink>
        <NavLink to="/admin/tags">{t('agentToolsX.tagsAdmin.nav')}</NavLink>
        <NavLink to="/admin/outages">{t('admin.outages')}</NavLink>
        <NavLink to="/admin/import">{t('admin.imports')}</NavLink>
        <NavLink to="/admin/tokens">{t('adminX.nav.tokens')}</NavLink>
        <NavLink to="/admin/audit">{t('adminX.nav.audit')}</NavLink>
        <NavLink to="/admin/log-levels">{t('admin.logLevels')}</NavLink>
      </nav>
      <Routes>
        <Route index element={<Navigate to="/admin/users" replace />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="mailboxes" element={<MailboxesPage />} />
        <Route path="quarantine" element={<QuarantinePage />} />
        <Route path="domains" element={<DomainsPage />} />
        <Route path="calendars" element={<JsonDocumentsPage kind="calendars" />} />
        <Route path="policies" element={<JsonDocumentsPage kind="policies" />} />
        <Route path="templates" element={<TemplatesPage />} />
        <Route path="tags" element={<TagsAdminPage />} />
        <Route path="outages" element={<OutageRecipients />} />
        <Route path="import" element={<ImportPage />} />
        <Route path="tokens" element={<TokensPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="log-levels" element={<LogLevels />} />
      </Routes>
    </section>
  );
}
