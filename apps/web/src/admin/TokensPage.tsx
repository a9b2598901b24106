import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { del, post } from '../api/client';
import { adminMoreKeys, type ApiToken, type CreatedToken, useApiTokens } from '../api/queries/admin.queries';
import { ErrorLine } from '../layout/ErrorLine';
import { formatDateTime } from '../time/format';

const SCOPES = ['monitoring', 'metrics', 'cti'] as const;

/**
 * Machine tokens: created with their scopes, the secret shown once (with a copy button), listed
 * without it, revoked after a confirmation.
 */
export function TokensPage() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const tokens = useApiTokens();
  const refresh = () => client.invalidateQueries({ queryKey: adminMoreKeys.tokens() });
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [scopeMissing, setScopeMissing] = useState(false);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [copied, setCopied] = useState(false);
  const secretRef = useRef<HTMLInputElement>(null);
  const create = useMutation({
    mutationFn: () => post<CreatedToken>('/api/admin/tokens', { name, scopes }),
    onSuccess: (token) => {
      setCreated(token);
      setCopied(false);
      setName('');
      setScopes([]);
    },
    onSettled: refresh,
  });
  useEffect(() => {
    if (created) secretRef.current?.focus();
  }, [created]);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), [revoking]);
  const revoke = useMutation({
    mutationFn: (id: string) => del(`/api/admin/tokens/${id}`),
    onSettled: refresh,
  });
  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.token);
    } catch {
      // No clipboard (a plain-http intranet): the secret is selected for Ctrl+C instead.
      secretRef.current?.select();
      document.execCommand('copy');
    }
    setCopied(true);
  };
  return (
    <>
      <h2>{t('adminX.tokens.title')}</h2>
      <p className="muted">{t('adminX.tokens.hint')}</p>
      {created && (
        <div className="panel" role="region" aria-labelledby="token-created-title">
          <h3 id="token-created-title">{t('adminX.tokens.createdTitle', { name: created.name })}</h3>
          <p>
            <strong>{t('adminX.tokens.onlyOnce')}</strong>
          </p>
          <label>
            {t('adminX.tokens.secret')}
            <input ref={secretRef} readOnly value={created.token} onFocus={(e) => e.target.select()} />
          </label>
          <div className="form-buttons">
            <button type="button" className="primary" onClick={() => void copy()}>
              {t('adminX.tokens.copy')}
            </button>
            <button type="button" onClick={() => setCreated(null)}>
              {t('adminX.tokens.hideSecret')}
            </button>
          </div>
          <p role="status">{copied ? t('adminX.tokens.copied') : ''}</p>
        </div>
      )}
      <table className="admin-table">
        <caption>{t('adminX.tokens.list')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.name')}</th>
            <th scope="col">{t('adminX.tokens.scopes')}</th>
            <th scope="col">{t('adminX.tokens.createdAt')}</th>
            <th scope="col">{t('adminX.tokens.lastUsed')}</th>
            <th scope="col">{t('admin.status')}</th>
            <th scope="col">{t('adminX.users.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {tokens.data?.length === 0 && (
            <tr>
              <td colSpan={6}>{t('adminX.tokens.none')}</td>
            </tr>
          )}
          {tokens.data?.map((token) => (
            <tr key={token.id}>
              <td>{token.name}</td>
              <td>
                {token.scopes.map((s) => t(`adminX.tokens.scope.${s}`, { defaultValue: s })).join(', ')}
              </td>
              <td>{formatDateTime(token.createdAt, i18n.language)}</td>
              <td>
                {token.lastUsedAt
                  ? formatDateTime(token.lastUsedAt, i18n.language)
                  : t('adminX.tokens.never')}
              </td>
              <td>
                {token.revokedAt
                  ? t('adminX.tokens.revokedAt', { time: formatDateTime(token.revokedAt, i18n.language) })
                  : t('adminX.tokens.active')}
              </td>
              <td>
                {!token.revokedAt && (
                  <button
                    type="button"
                    aria-label={t('adminX.tokens.revokeName', { name: token.name })}
                    onClick={() => setRevoking(token)}
                  >
                    {t('adminX.tokens.revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {revoking && (
        <div className="panel" role="alertdialog" aria-labelledby="token-revoke-text">
          <p id="token-revoke-text">{t('adminX.tokens.confirmRevoke', { name: revoking.name })}</p>
          <div className="form-buttons">
            <button
              ref={confirmRef}
              type="button"
              className="primary"
              onClick={() => {
                revoke.mutate(revoking.id);
                setRevoking(null);
              }}
            >
              {t('adminX.tokens.revoke')}
            </button>
            <button type="button" onClick={() => setRevoking(null)}>
              {t('action.cancel')}
            </button>
          </div>
        </div>
      )}
      <ErrorLine error={revoke.error} />
      <form
        className="panel"
        aria-labelledby="token-new-title"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setScopeMissing(scopes.length === 0);
          if (scopes.length > 0) create.mutate();
        }}
      >
        <h3 id="token-new-title">{t('adminX.tokens.new')}</h3>
        <label>
          {t('admin.name')}
          <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <fieldset aria-describedby={scopeMissing ? 'token-scope-error' : undefined}>
          <legend>{t('adminX.tokens.scopes')}</legend>
          {SCOPES.map((s) => (
            <label key={s}>
              <input
                type="checkbox"
                checked={scopes.includes(s)}
                onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))}
              />{' '}
              {t(`adminX.tokens.scope.${s}`)}{' '}
              <span className="muted">— {t(`adminX.tokens.scopeHint.${s}`)}</span>
            </label>
          ))}
          {scopeMissing && (
            <span id="token-scope-error" className="field-error" role="alert">
              {t('adminX.tokens.scopeMissing')}
            </span>
          )}
        </fieldset>
        <ErrorLine error={create.error} />
        <div className="form-buttons">
          <button type="submit" className="primary" disabled={create.isPending}>
            {t('adminX.tokens.create')}
          </button>
        </div>
      </form>
    </>
  );
}
