import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { post } from '../api/client';
import { localMessage } from '../api/problems';
import {
  adminMoreKeys,
  type QuarantinedMail,
  useQuarantine,
  useQuarantinedMail,
} from '../api/queries/admin.queries';
import { ErrorLine } from '../layout/ErrorLine';
import { formatDateTime } from '../time/format';

const kb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KB`;

/**
 * Mails refused or ignored by the ingestion: listed with why, read as plain text (never their
 * HTML), run through the ingestion again, or discarded (asked first; kept for the record).
 */
export function QuarantinePage() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const list = useQuarantine();
  const [openId, setOpenId] = useState<string | null>(null);
  const [discarding, setDiscarding] = useState<QuarantinedMail | null>(null);
  const [done, setDone] = useState('');
  const refresh = () => client.invalidateQueries({ queryKey: adminMoreKeys.quarantine() });
  const reprocess = useMutation({
    mutationFn: (mail: QuarantinedMail) =>
      post<{ outcome: string }>(`/api/mail/inbound/${mail.id}/reprocess`, {}),
    onSuccess: (result, mail) =>
      setDone(
        t('adminX.quarantine.reprocessed', {
          subject: mail.subject ?? t('adminX.quarantine.noSubject'),
          outcome: t(`adminX.quarantine.outcome.${result.outcome}`, { defaultValue: result.outcome }),
        }),
      ),
    onSettled: refresh,
  });
  const discard = useMutation({
    mutationFn: (mail: QuarantinedMail) => post(`/api/mail/inbound/${mail.id}/discard`, {}),
    onSuccess: (_r, mail) => {
      setDone(
        t('adminX.quarantine.discarded', { subject: mail.subject ?? t('adminX.quarantine.noSubject') }),
      );
      if (openId === mail.id) setOpenId(null);
    },
    onSettled: refresh,
  });
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), [discarding]);
  const reason = (m: QuarantinedMail) => (m.reason ? localMessage(m.reason, i18n.language) : '');
  return (
    <>
      <h2>{t('adminX.quarantine.title')}</h2>
      <p className="muted">{t('adminX.quarantine.hint')}</p>
      <p role="status">{done}</p>
      <ErrorLine error={reprocess.error ?? discard.error} />
      <table className="admin-table">
        <caption className="sr-only">{t('adminX.quarantine.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('adminX.quarantine.receivedAt')}</th>
            <th scope="col">{t('adminX.quarantine.from')}</th>
            <th scope="col">{t('admin.subject')}</th>
            <th scope="col">{t('adminX.quarantine.why')}</th>
            <th scope="col">{t('adminX.users.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.length === 0 && (
            <tr>
              <td colSpan={5}>{t('adminX.quarantine.none')}</td>
            </tr>
          )}
          {list.data?.map((m) => {
            const subject = m.subject || t('adminX.quarantine.noSubject');
            return (
              <tr key={m.id}>
                <td>{formatDateTime(m.receivedAt, i18n.language)}</td>
                <td>{m.from ?? '—'}</td>
                <td>{subject}</td>
                <td>
                  {t(`adminX.quarantine.outcome.${m.outcome}`, { defaultValue: m.outcome })}
                  {reason(m) && `: ${reason(m)}`}
                </td>
                <td className="row-actions">
                  <button
                    type="button"
                    aria-label={t('adminX.quarantine.readName', { subject })}
                    aria-expanded={openId === m.id}
                    aria-controls={openId === m.id ? 'quarantine-mail' : undefined}
                    onClick={() => setOpenId(openId === m.id ? null : m.id)}
                  >
                    {t('adminX.quarantine.read')}
                  </button>{' '}
                  <button
                    type="button"
                    aria-label={t('adminX.quarantine.reprocessName', { subject })}
                    disabled={reprocess.isPending}
                    onClick={() => reprocess.mutate(m)}
                  >
                    {t('adminX.quarantine.reprocess')}
                  </button>{' '}
                  <button
                    type="button"
                    aria-label={t('adminX.quarantine.discardName', { subject })}
                    onClick={() => setDiscarding(m)}
                  >
                    {t('adminX.quarantine.discard')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {discarding && (
        <div className="panel" role="alertdialog" aria-labelledby="quarantine-discard-text">
          <p id="quarantine-discard-text">
            {t('adminX.quarantine.confirmDiscard', {
              subject: discarding.subject || t('adminX.quarantine.noSubject'),
              from: discarding.from ?? '—',
            })}
          </p>
          <div className="form-buttons">
            <button
              ref={confirmRef}
              type="button"
              className="primary"
              onClick={() => {
                discard.mutate(discarding);
                setDiscarding(null);
              }}
            >
              {t('adminX.quarantine.discard')}
            </button>
            <button type="button" onClick={() => setDiscarding(null)}>
              {t('action.cancel')}
            </button>
          </div>
        </div>
      )}
      {openId && <MailReader id={openId} onClose={() => setOpenId(null)} />}
    </>
  );
}

/** One quarantined mail, read: headers, why it was set aside, its plain text, its attachments by name. */
function MailReader({ id, onClose }: { id: string; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const mail = useQuarantinedMail(id);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (mail.data) heading.current?.focus();
  }, [mail.data]);
  return (
    <section id="quarantine-mail" className="panel" aria-labelledby="quarantine-mail-title">
      {mail.isLoading && <p role="status">{t('adminX.loading')}</p>}
      <ErrorLine error={mail.error} />
      {mail.data && (
        <>
          <h3 id="quarantine-mail-title" ref={heading} tabIndex={-1}>
            {mail.data.subject || t('adminX.quarantine.noSubject')}
          </h3>
          <dl className="facts">
            <dt>{t('adminX.quarantine.from')}</dt>
            <dd>{mail.data.from ?? '—'}</dd>
            <dt>{t('adminX.quarantine.to')}</dt>
            <dd>{[...mail.data.to, ...mail.data.cc].join(', ') || '—'}</dd>
            <dt>{t('adminX.quarantine.receivedAt')}</dt>
            <dd>{formatDateTime(mail.data.receivedAt, i18n.language)}</dd>
            <dt>{t('adminX.quarantine.why')}</dt>
            <dd>
              {t(`adminX.quarantine.outcome.${mail.data.outcome}`, { defaultValue: mail.data.outcome })}
              {mail.data.reason && `: ${localMessage(mail.data.reason, i18n.language)}`}
            </dd>
          </dl>
          <h4>{t('adminX.quarantine.text')}</h4>
          <pre className="mail-text">{mail.data.text || t('adminX.quarantine.noText')}</pre>
          {mail.data.truncated && <p className="muted">{t('adminX.quarantine.truncated')}</p>}
          {mail.data.attachments.length + mail.data.refusedAttachments.length > 0 && (
            <>
              <h4>{t('adminX.quarantine.attachments')}</h4>
              <ul>
                {mail.data.attachments.map((a, i) => (
                  <li key={`a${i}`}>{`${a.filename} (${a.contentType}, ${kb(a.size)})`}</li>
                ))}
                {mail.data.refusedAttachments.map((a, i) => (
                  <li key={`r${i}`}>
                    {`${a.filename} (${kb(a.size)}): ${localMessage(a.reason ?? '', i18n.language)}`}
                  </li>
                ))}
              </ul>
            </>
          )}
          <div className="form-buttons">
            <a href={`/api/mail/inbound/${id}/raw`} download>
              {t('adminX.quarantine.raw')}
            </a>
            <button type="button" onClick={onClose}>
              {t('adminX.close')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
