import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError, post } from '../api/client';

/**
 * "Revoca i link del cittadino" (issue 20.2): every personal follow link mailed so far for this
 * ticket stops working (a link forwarded to the wrong person, a shared mailbox); the next mails
 * carry a new one. Asked for in a modal dialog, then said in words.
 */
export function FollowLinksRevoke({ ticketId, number }: { ticketId: string; number: string }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [done, setDone] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  return (
    <section aria-labelledby="follow-links-title" className="follow-links">
      <h2 id="follow-links-title">{t('portalX.followLinks.title')}</h2>
      <p className="muted small">{t('portalX.followLinks.hint')}</p>
      <button
        type="button"
        ref={opener}
        onClick={() => {
          setDone(false);
          setAsking(true);
        }}
      >
        {t('portalX.followLinks.revoke')}
      </button>
      {done && (
        <p className="notice" role="status" data-testid="follow-links-said">
          {t('portalX.followLinks.done')}
        </p>
      )}
      {asking && (
        <RevokeDialog
          ticketId={ticketId}
          number={number}
          onClose={() => {
            setAsking(false);
            // Back on the button that opened the dialog, whichever way it closed.
            opener.current?.focus();
          }}
          onRevoked={() => setDone(true)}
        />
      )}
    </section>
  );
}

function RevokeDialog({
  ticketId,
  number,
  onClose,
  onRevoked,
}: {
  ticketId: string;
  number: string;
  onClose(): void;
  onRevoked(): void;
}) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!dialog.current?.open) dialog.current?.showModal();
    // The focus on the harmless choice: Enter by mistake revokes nothing.
    cancel.current?.focus();
  }, []);
  const revoke = useMutation({
    mutationFn: () => post<{ revokedBefore: string }>(`/api/tickets/${ticketId}/follow-links/revoke`),
    onSuccess: () => {
      onRevoked();
      dialog.current?.close();
    },
  });
  const failure =
    revoke.error instanceof ApiError ? revoke.error.message : revoke.error ? String(revoke.error) : '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!revoke.isPending) revoke.mutate();
  };
  return (
    <dialog
      ref={dialog}
      aria-labelledby="revoke-links-title"
      aria-describedby="revoke-links-text"
      onClose={onClose}
      // Esc closes the dialog only: the ticket page's own Esc (back to the queue) must not hear it.
      onKeyDown={(e) => {
        if (e.key === 'Escape') e.stopPropagation();
      }}
    >
      <form onSubmit={submit}>
        <h2 id="revoke-links-title">{t('portalX.followLinks.confirmTitle', { number })}</h2>
        <p id="revoke-links-text">{t('portalX.followLinks.confirmText')}</p>
        {failure && (
          <p className="error" role="alert">
            {failure}
          </p>
        )}
        <div className="form-buttons">
          <button type="submit" className="danger" aria-disabled={revoke.isPending}>
            {t('portalX.followLinks.confirm')}
          </button>
          <button type="button" ref={cancel} onClick={() => dialog.current?.close()}>
            {t('portalX.followLinks.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
