import { useMutation } from '@tanstack/react-query';
import { FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { del, put } from '../api/client';
import { LIMITS } from '../api/limits';
import { PrivacyError } from './PrivacyError';

/**
 * A contact's or a ticket's legal hold (issue 18): whether it holds and why; supervisors and admins
 * place one with a reason or lift it after confirming. While it holds, no retention run and no
 * erasure touches the data.
 */
export function LegalHoldControl({
  kind,
  id,
  hold,
  readOnly = false,
  onChanged,
}: {
  kind: 'ticket' | 'contact';
  id: string;
  hold: string | null;
  readOnly?: boolean;
  onChanged: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const uid = useId();
  const [mode, setMode] = useState<'set' | 'lift' | null>(null);
  const [reason, setReason] = useState('');
  const [blank, setBlank] = useState(false);
  const [done, setDone] = useState<'saved' | 'lifted' | null>(null);
  const path = `/api/${kind === 'ticket' ? 'tickets' : 'contacts'}/${id}/legal-hold`;
  const change = useMutation({
    mutationFn: (next: string | null) => (next === null ? del(path) : put(path, { reason: next })),
    onSuccess: async (_, next) => {
      await onChanged();
      setMode(null);
      setReason('');
      setDone(next === null ? 'lifted' : 'saved');
    },
  });
  const open = (next: 'set' | 'lift') => {
    change.reset();
    setBlank(false);
    setDone(null);
    setMode(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim() === '') {
      setBlank(true);
      return;
    }
    setBlank(false);
    change.mutate(reason.trim());
  };
  const title = kind === 'ticket' ? t('privacyX.hold.ticketTitle') : t('privacyX.hold.contactTitle');

  return (
    <section className="legal-hold" aria-labelledby={`${uid}-title`}>
      <h2 id={`${uid}-title`}>{title}</h2>
      {hold ? (
        <p className="hold-on" data-testid={`${kind}-legal-hold`}>
          {t('privacyX.hold.active', { reason: hold })}
        </p>
      ) : (
        <p className="muted" data-testid={`${kind}-legal-hold`}>
          {t('privacyX.hold.none')}
        </p>
      )}
      {done && (
        <p role="status" className="muted">
          {t(`privacyX.hold.${done}`)}
        </p>
      )}
      {!readOnly && mode === null && (
        <button type="button" onClick={() => open(hold ? 'lift' : 'set')}>
          {hold ? t('privacyX.hold.lift') : t('privacyX.hold.set')}
        </button>
      )}
      {!readOnly && mode === 'set' && (
        <form className="panel" aria-label={t('privacyX.hold.set')} onSubmit={submit} noValidate>
          <p className="muted small" id={`${uid}-hint`}>
            {t('privacyX.hold.hint')}
          </p>
          <label>
            {t('privacyX.hold.reason')}
            <textarea
              rows={2}
              required
              maxLength={LIMITS.ReasonDto.reason}
              autoFocus
              value={reason}
              aria-describedby={blank ? `${uid}-blank` : `${uid}-hint`}
              aria-invalid={blank || undefined}
              onChange={(e) => setReason(e.target.value)}
            />
          </label>
          {blank && (
            <span id={`${uid}-blank`} className="field-error">
              {t('action.blank')}
            </span>
          )}
          <div className="form-buttons">
            <button type="submit" className="primary" disabled={change.isPending}>
              {t('privacyX.hold.set')}
            </button>
            <button type="button" onClick={() => setMode(null)}>
              {t('privacyX.cancel')}
            </button>
          </div>
          <PrivacyError error={change.error} />
        </form>
      )}
      {!readOnly && mode === 'lift' && (
        <div className="panel" role="alertdialog" aria-labelledby={`${uid}-lift`}>
          <p id={`${uid}-lift`}>{t('privacyX.hold.confirmLift')}</p>
          <div className="form-buttons">
            <button
              type="button"
              className="primary"
              autoFocus
              disabled={change.isPending}
              onClick={() => change.mutate(null)}
            >
              {t('privacyX.hold.lift')}
            </button>
            <button type="button" onClick={() => setMode(null)}>
              {t('privacyX.cancel')}
            </button>
          </div>
          <PrivacyError error={change.error} />
        </div>
      )}
    </section>
  );
}
