import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { del, put } from '../api/client';
import { adminMoreKeys, type EnteDomain, useEnteDomains } from '../api/queries/admin.queries';
import { useEntes } from '../api/queries/reference.queries';
import { ErrorLine } from '../layout/ErrorLine';

/** The sender-domain -> ente map: a mail from comune.fiesole.fi.it is Fiesole's. Add, change, remove (asked first). */
export function DomainsPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const domains = useEnteDomains();
  const entes = useEntes();
  const refresh = () => client.invalidateQueries({ queryKey: adminMoreKeys.domains() });
  const [domain, setDomain] = useState('');
  const [enteId, setEnteId] = useState('');
  const add = useMutation({
    mutationFn: () => put('/api/mail/domains', { domain: domain.trim(), enteId }),
    onSuccess: () => {
      setDomain('');
      setEnteId('');
    },
    onSettled: refresh,
  });
  const [removing, setRemoving] = useState<EnteDomain | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), [removing]);
  const remove = useMutation({
    mutationFn: (name: string) => del(`/api/mail/domains/${encodeURIComponent(name)}`),
    onSettled: refresh,
  });
  return (
    <>
      <h2>{t('adminX.domains.title')}</h2>
      <p className="muted">{t('adminX.domains.hint')}</p>
      <table className="admin-table">
        <caption className="sr-only">{t('adminX.domains.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('adminX.domains.domain')}</th>
            <th scope="col">{t('adminX.domains.ente')}</th>
            <th scope="col">{t('adminX.users.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {domains.data?.length === 0 && (
            <tr>
              <td colSpan={3}>{t('adminX.domains.none')}</td>
            </tr>
          )}
          {domains.data?.map((d) => (
            <tr key={d.domain}>
              <td>{d.domain}</td>
              <td>{d.enteName}</td>
              <td>
                <button
                  type="button"
                  aria-label={t('adminX.domains.removeName', { domain: d.domain })}
                  onClick={() => setRemoving(d)}
                >
                  {t('adminX.domains.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {removing && (
        <div className="panel" role="alertdialog" aria-labelledby="domain-remove-text">
          <p id="domain-remove-text">
            {t('adminX.domains.confirmRemove', { domain: removing.domain, ente: removing.enteName })}
          </p>
          <div className="form-buttons">
            <button
              ref={confirmRef}
              type="button"
              className="primary"
              onClick={() => {
                remove.mutate(removing.domain);
                setRemoving(null);
              }}
            >
              {t('adminX.domains.remove')}
            </button>
            <button type="button" onClick={() => setRemoving(null)}>
              {t('action.cancel')}
            </button>
          </div>
        </div>
      )}
      <ErrorLine error={remove.error} />
      <form
        className="panel grid2"
        aria-labelledby="domain-add-title"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          add.mutate();
        }}
      >
        <h3 id="domain-add-title">{t('adminX.domains.add')}</h3>
        <label>
          {t('adminX.domains.domain')}
          <input
            required
            maxLength={253}
            placeholder="comune.esempio.it"
            value={domain}
            onChange={(e) => setDomain(e.target.value)}
          />
        </label>
        <label>
          {t('adminX.domains.ente')}
          <select required value={enteId} onChange={(e) => setEnteId(e.target.value)}>
            <option value="">{t('adminX.domains.chooseEnte')}</option>
            {entes.data?.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
        <ErrorLine error={add.error} />
        <div className="form-buttons">
          <button type="submit" className="primary" disabled={add.isPending}>
            {t('adminX.domains.addButton')}
          </button>
        </div>
      </form>
    </>
  );
}
