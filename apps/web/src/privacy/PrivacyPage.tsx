import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router-dom';

import { useSession } from '../auth/session';
import { ContactSearch } from './ContactSearch';
import { PolicyPanel } from './PolicyPanel';
import { RetentionPanel } from './RetentionPanel';
import { VersionsPanel } from './VersionsPanel';

/**
 * The privacy area (issue 18): finding a person to answer their request (supervisors, admins),
 * the retention policy and the privacy notice (admins edit, supervisors read), the clean-up's
 * preview and runs and the policy's versions (admins).
 */
export default function PrivacyPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const admin = me?.role === 'admin';
  if (!admin && me?.role !== 'supervisor') return <Navigate to="/" replace />;
  return (
    <section aria-labelledby="privacy-title">
      <h1 id="privacy-title">{t('privacyX.title')}</h1>
      <nav className="tabs" aria-label={t('privacyX.title')}>
        <NavLink to="/data-protection/contacts">{t('privacyX.tabs.contacts')}</NavLink>
        <NavLink to="/data-protection/policy">{t('privacyX.tabs.policy')}</NavLink>
        {admin && <NavLink to="/data-protection/retention">{t('privacyX.tabs.retention')}</NavLink>}
        {admin && <NavLink to="/data-protection/versions">{t('privacyX.tabs.versions')}</NavLink>}
      </nav>
      <Routes>
        <Route index element={<Navigate to="/data-protection/contacts" replace />} />
        <Route path="contacts" element={<ContactSearch />} />
        <Route path="policy" element={<PolicyPanel editable={admin} />} />
        {admin && <Route path="retention" element={<RetentionPanel />} />}
        {admin && <Route path="versions" element={<VersionsPanel />} />}
        <Route path="*" element={<Navigate to="/data-protection/contacts" replace />} />
      </Routes>
    </section>
  );
}
