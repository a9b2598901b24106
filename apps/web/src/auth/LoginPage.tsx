import { FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError, get } from '../api/client';
import { ErrorLine } from '../layout/ErrorLine';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { useSession } from './session';

interface SignInMethods {
  directory: boolean;
  oidc: { label: string | null; start: string } | null;
}

/**
 * The codes an OpenID sign-in may come back with, and their Italian text: the default when the
 * i18n files lack a key (i18next's defaultValue), so the page never shows a bare key.
 */
const SSO_ERRORS: Record<string, string> = {
  failed: "Accesso con l'account dell'ente non riuscito: riprova",
  unavailable: "Il servizio di accesso dell'ente non risponde: riprova tra poco o usa un account locale",
  no_mapped_group:
    "Il tuo account non appartiene a nessun gruppo abilitato all'help desk: chiedi all'amministratore",
  no_email: "Il tuo account dell'ente non ha un indirizzo e-mail: chiedi all'amministratore",
  no_ente: "Nessuno degli enti del tuo gruppo esiste nell'help desk: chiedi all'amministratore",
  local_account_conflict:
    "Un account locale usa già il tuo indirizzo e-mail: chiedi all'amministratore di collegarlo",
  deactivated: "Il tuo account dell'help desk è disattivato",
};

export function LoginPage() {
  const { t } = useTranslation();
  const { login } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // An OpenID sign-in that failed comes back here with a code (never text: the URL is anyone's).
  const [ssoError] = useState(() => new URLSearchParams(window.location.search).get('signin_error'));
  const [error, setError] = useState<string | null>(() => {
    if (!ssoError) return null;
    const known = ssoError in SSO_ERRORS ? ssoError : 'failed';
    return t(`login.ssoError.${known}`, { defaultValue: SSO_ERRORS[known] });
  });
  const [busy, setBusy] = useState(false);
  // With directory sign-in on, the name may be a directory login ("mrossi"), not only an e-mail;
  // with OpenID Connect on, a button leads to the organisation's sign-in.
  const [methods, setMethods] = useState<SignInMethods>({ directory: false, oidc: null });
  const directory = methods.directory;

  useEffect(() => {
    get<SignInMethods>('/api/auth/methods')
      .then(setMethods)
      .catch(() => setMethods({ directory: false, oidc: null }));
    // The code read, it leaves the address bar.
    if (ssoError) window.history.replaceState(null, '', window.location.pathname);
  }, [ssoError]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(email, password);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('login.failed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login" id="main">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="login-head">
          <h1 id="login-title">{t('app.title')}</h1>
          <LanguageSwitch />
        </div>
        <h2>{t('login.title')}</h2>
        {methods.oidc && (
          <>
            <a className="button primary sso" href={methods.oidc.start}>
              {methods.oidc.label ?? t('login.sso', { defaultValue: "Accedi con l'account dell'ente" })}
            </a>
            <p className="login-or">{t('login.or', { defaultValue: 'oppure' })}</p>
          </>
        )}
        <label>
          {directory ? t('login.emailOrLogin') : t('login.email')}
          <input
            type={directory ? 'text' : 'email'}
            name="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          {t('login.password')}
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <ErrorLine error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </main>
  );
}
