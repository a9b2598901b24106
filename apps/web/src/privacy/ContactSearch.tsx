import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';

import { useContactSearch } from '../api/queries/contact.queries';
import { ErrorLine } from '../layout/ErrorLine';

const LIMIT = 25;

/**
 * Finding the person a data subject's request is about, by name, e-mail or phone; each found
 * contact opens their page. What was typed stays in the address, so coming back from a contact
 * finds the same list.
 */
export function ContactSearch() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [typed, setTyped] = useState(params.get('q') ?? '');
  const term = (params.get('q') ?? '').trim();
  // The address (and so the search) follows the typing after a short pause.
  useEffect(() => {
    const timer = window.setTimeout(() => {
      if (typed.trim() !== term) setParams(typed.trim() ? { q: typed.trim() } : {}, { replace: true });
    }, 250);
    return () => window.clearTimeout(timer);
  }, [typed, term, setParams]);
  const found = useContactSearch(term, term.length >= 2, LIMIT);

  return (
    <>
      <h2>{t('privacyX.contacts.title')}</h2>
      <p className="muted">{t('privacyX.contacts.hint')}</p>
      <form className="panel" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('privacyX.contacts.search')}
          <input
            type="search"
            value={typed}
            maxLength={100}
            autoComplete="off"
            aria-describedby="contact-search-hint"
            onChange={(e) => setTyped(e.target.value)}
          />
        </label>
        <span id="contact-search-hint" className="hint">
          {t('privacyX.contacts.minimum')}
        </span>
      </form>
      <ErrorLine error={found.error} />
      <p role="status" className="muted">
        {term.length >= 2 && found.data?.length === 0 ? t('privacyX.contacts.none') : ''}
      </p>
      {term.length >= 2 && !!found.data?.length && (
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">{t('privacyX.contacts.name')}</th>
              <th scope="col">{t('privacyX.contacts.email')}</th>
              <th scope="col">{t('privacyX.contacts.phone')}</th>
              <th scope="col">{t('privacyX.contacts.ente')}</th>
            </tr>
          </thead>
          <tbody>
            {found.data.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/contacts/${c.id}`}>{c.name}</Link>
                </td>
                <td>{c.email ?? '—'}</td>
                <td>{c.phone ?? '—'}</td>
                <td>{c.enteName ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
