import { FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, get } from '../api/client';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { useSession } from './session';
import { ErrorLine } from '../layout/ErrorLine';

export function LoginPage() {
  const { t } = useTranslation();
  const { login } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // With directory sign-in on, the name may be a directory login ("mrossi"), not only an e-mail.
  const [directory, setDirectory] = useState(false);

  useEffect(() => {
    get<{ directory: boolean }>('/api/auth/methods')
      .then((methods) => setDirectory(methods.directory))
      .catch(() => setDirectory(false));
  }, []);

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
