import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router-dom';

import { useLocalTimeZone } from './api/queries/settings.queries';
import { LoginPage } from './auth/LoginPage';
import { useSession } from './auth/session';
import { Shell } from './layout/Shell';
import { LiveProvider } from './live/live';
import { QueuePage } from './queue/QueuePage';
import { TicketPage } from './ticket/TicketPage';

// Pages off the queue-and-ticket path load on demand: agents never download the charts.
const ReportsPage = lazy(() => import('./reports/ReportsPage'));
const WorkloadPage = lazy(() => import('./workload/WorkloadPage'));
const AdminPage = lazy(() => import('./admin/AdminPage'));
const OutagesPage = lazy(() => import('./outages/OutagesPage'));
const CallLogPage = lazy(() => import('./phone/CallLogPage'));
const PrivacyPage = lazy(() => import('./privacy/PrivacyPage'));
const ContactPage = lazy(() => import('./privacy/ContactPage'));
const MacrosPage = lazy(() => import('./agentTools/MacrosPage'));
const TeamsPage = lazy(() => import('./teams/TeamsPage'));
const RoutingPage = lazy(() => import('./admin/routing/RoutingPage'));

export function App() {
  const { t } = useTranslation();
  const { me, loading } = useSession();
  // Keyed by the zone: should the api name another zone than the fallback, every page is drawn
  // again with it (once per session; with the shipped calendars the key never changes).
  const zone = useLocalTimeZone(!!me);
  if (loading) return <p className="muted center">{t('common.loading')}</p>;
  if (!me) return <LoginPage />;
  return (
    <LiveProvider key={zone}>
      <Suspense fallback={<p className="muted center">{t('common.loading')}</p>}>
        <Routes>
          <Route element={<Shell />}>
            <Route index element={<QueuePage />} />
            <Route path="tickets/:id" element={<TicketPage />} />
            <Route path="outages/*" element={<OutagesPage />} />
            <Route path="calls" element={<CallLogPage />} />
            <Route path="macros" element={<MacrosPage />} />
            <Route path="reports/*" element={<ReportsPage />} />
            <Route path="admin/*" element={<AdminPage />} />
            <Route path="data-protection/*" element={<PrivacyPage />} />
            <Route path="contacts" element={<Navigate to="/data-protection/contacts" replace />} />
            <Route path="contacts/:id" element={<ContactPage />} />
            <Route path="teams" element={<TeamsPage />} />
            <Route path="workload" element={<WorkloadPage />} />
            <Route path="routing" element={<RoutingPage />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Route>
        </Routes>
      </Suspense>
    </LiveProvider>
  );
}
