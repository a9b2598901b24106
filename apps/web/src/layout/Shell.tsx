import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router-dom';

import { OwnPasswordDialog } from '../admin/OwnPasswordDialog';
import type { LiveCall } from '../api/types';
import { useSession } from '../auth/session';
import { PhoneIntakeDialog } from '../intake/PhoneIntakeDialog';
import { useShortcuts } from '../keyboard/useShortcuts';
import { useLive, useTitleCount } from '../live/live';
import { CallBanner } from '../phone/CallBanner';
import { MyAvailability } from '../teams/AvailabilityButton';
import { LanguageSwitch } from './LanguageSwitch';
import { Notifications } from './Notifications';
import { ShortcutHelp } from './ShortcutHelp';

/** The frame of every signed-in page: navigation, phone intake, shortcuts, the live title. */
export function Shell() {
  const { t } = useTranslation();
  const { me, logout } = useSession();
  const [intake, setIntake] = useState(false);
  const [intakeCall, setIntakeCall] = useState<LiveCall | null>(null);
  const { dismissCall } = useLive();
  const [help, setHelp] = useState(false);
  const intakeButton = useRef<HTMLButtonElement>(null);
  // Change your own password (local accounts only; directory users change it in the directory).
  const [password, setPassword] = useState(false);
  const passwordButton = useRef<HTMLButtonElement>(null);
  useTitleCount(t('app.title'));
  useShortcuts({ c: () => setIntake(true), '?': () => setHelp(true) });
  const supervisor = me?.role === 'supervisor' || me?.role === 'admin';
  const staff = supervisor || me?.role === 'agent';

  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <span className="brand">{t('app.title')}</span>
        <nav aria-label={t('app.title')}>
          <NavLink to="/" end>
            {t('nav.queue')}
          </NavLink>
          {staff && <NavLink to="/outages">{t('nav.outages')}</NavLink>}
          {staff && <NavLink to="/calls">{t('nav.calls')}</NavLink>}
          {staff && <NavLink to="/macros">{t('agentToolsX.macros.nav')}</NavLink>}
          {supervisor && <NavLink to="/reports">{t('nav.reports')}</NavLink>}
          {supervisor && <NavLink to="/teams">{t('teamsX.nav')}</NavLink>}
          {staff && <NavLink to="/workload">{t('teamReportsX.workload.nav')}</NavLink>}
          {supervisor && <NavLink to="/routing">{t('routingX.nav')}</NavLink>}
          {supervisor && <NavLink to="/data-protection">{t('privacyX.nav')}</NavLink>}
          {me?.role === 'admin' && <NavLink to="/admin">{t('nav.admin')}</NavLink>}
        </nav>
        <button
          ref={intakeButton}
          type="button"
          className="primary"
          onClick={() => setIntake(true)}
          aria-keyshortcuts="c"
        >
          {t('nav.newCall')} <kbd aria-hidden="true">c</kbd>
        </button>
        <span className="spacer" />
        <button type="button" className="link" onClick={() => setHelp(true)} aria-keyshortcuts="?">
          {t('nav.shortcuts')}
        </button>
        <Notifications />
        <LanguageSwitch />
        <span className="who">{me?.name}</span>
        <MyAvailability />
        {me?.localPassword && (
          <button ref={passwordButton} type="button" className="link" onClick={() => setPassword(true)}>
            {t('adminX.ownPassword.open')}
          </button>
        )}
        <button type="button" className="link" onClick={() => void logout()}>
          {t('nav.logout')}
        </button>
      </header>
      {staff && (
        <CallBanner
          onTake={(call) => {
            dismissCall(call.id);
            setIntakeCall(call);
            setIntake(true);
          }}
        />
      )}
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <PhoneIntakeDialog
        open={intake}
        call={intakeCall}
        onClose={() => {
          setIntake(false);
          setIntakeCall(null);
          intakeButton.current?.focus();
        }}
      />
      <ShortcutHelp open={help} onClose={() => setHelp(false)} />
      <OwnPasswordDialog
        open={password}
        onClose={() => {
          setPassword(false);
          passwordButton.current?.focus();
        }}
      />
    </>
  );
}
