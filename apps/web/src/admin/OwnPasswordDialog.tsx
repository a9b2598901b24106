import { useMutation } from '@tanstack/react-query';
import { FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError, post } from '../api/client';
import { ErrorLine } from '../layout/ErrorLine';
import { fieldProblems } from './passwordProblems';

const EMPTY = { currentPassword: '', newPassword: '', confirm: '' };

/**
 * Change your own password (local accounts): the current one, the new one twice. The api's rules
 * (length, not common, not repeated) come back as codes, said next to the field in the user's
 * language; the other sessions end, this one goes on.
 */
export function OwnPasswordDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [form, setForm] = useState(EMPTY);
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: () =>
      post('/api/auth/password', { currentPassword: form.currentPassword, newPassword: form.newPassword }),
    onSuccess: () => setForm(EMPTY),
  });
  const { reset } = change;
  useEffect(() => {
    if (open && !dialog.current?.open) {
      setForm(EMPTY);
      setMismatch(false);
      reset();
      dialog.current?.showModal();
    }
    if (!open && dialog.current?.open) dialog.current.close();
  }, [open, reset]);

  const current = fieldProblems(t, change.error, 'currentPassword');
  const next = fieldProblems(t, change.error, 'newPassword');
  const other = change.error instanceof ApiError && change.error.status === 400 ? null : change.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form.newPassword !== form.confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    change.mutate();
  };
  return (
    <dialog ref={dialog} aria-labelledby="own-password-title" onClose={onClose} className="own-password">
      <h2 id="own-password-title">{t('adminX.ownPassword.title')}</h2>
      {change.isSuccess ? (
        <>
          <p role="status">{t('adminX.ownPassword.done')}</p>
          <button type="button" className="primary" onClick={onClose} autoFocus>
            {t('adminX.close')}
          </button>
        </>
      ) : (
        <form onSubmit={submit} noValidate>
          <p className="muted" id="own-password-rules">
            {t('adminX.ownPassword.rules')}
          </p>
          <label>
            {t('adminX.ownPassword.current')}
            <input
              type="password"
              autoComplete="current-password"
              required
              maxLength={200}
              autoFocus
              value={form.currentPassword}
              aria-invalid={current.length > 0 || undefined}
              aria-describedby={current.length > 0 ? 'own-password-current-error' : undefined}
              onChange={(e) => setForm({ ...form, currentPassword: e.target.value })}
            />
          </label>
          {current.length > 0 && (
            <span id="own-password-current-error" className="field-error">
              {current.join('; ')}
            </span>
          )}
          <label>
            {t('adminX.ownPassword.new')}
            <input
              type="password"
              autoComplete="new-password"
              required
              minLength={12}
              maxLength={200}
              value={form.newPassword}
              aria-invalid={next.length > 0 || undefined}
              aria-describedby={next.length > 0 ? 'own-password-new-error' : 'own-password-rules'}
              onChange={(e) => setForm({ ...form, newPassword: e.target.value })}
            />
          </label>
          {next.length > 0 && (
            <span id="own-password-new-error" className="field-error">
              {next.join('; ')}
            </span>
          )}
          <label>
            {t('adminX.ownPassword.confirm')}
            <input
              type="password"
              autoComplete="new-password"
              required
              maxLength={200}
              value={form.confirm}
              aria-invalid={mismatch || undefined}
              aria-describedby={mismatch ? 'own-password-confirm-error' : undefined}
              onChange={(e) => setForm({ ...form, confirm: e.target.value })}
            />
          </label>
          {mismatch && (
            <span id="own-password-confirm-error" className="field-error">
              {t('adminX.ownPassword.mismatch')}
            </span>
          )}
          {(mismatch || current.length > 0 || next.length > 0) && (
            <div role="alert" className="error">
              <p>{t('adminX.ownPassword.refused')}</p>
              <ul>
                {current.map((p) => (
                  <li key={`c${p}`}>{`${t('adminX.ownPassword.current')}: ${p}`}</li>
                ))}
                {next.map((p) => (
                  <li key={`n${p}`}>{`${t('adminX.ownPassword.new')}: ${p}`}</li>
                ))}
                {mismatch && <li>{t('adminX.ownPassword.mismatch')}</li>}
              </ul>
            </div>
          )}
          <ErrorLine error={other} />
          <div className="form-buttons">
            <button type="submit" className="primary" disabled={change.isPending}>
              {t('adminX.ownPassword.submit')}
            </button>
            <button type="button" onClick={onClose}>
              {t('action.cancel')}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
