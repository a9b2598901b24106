import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useParams } from 'react-router-dom';

import { ApiError, patch, post } from '../api/client';
import { LIMITS } from '../api/limits';
import { contactKeys, type ContactRecord, useContactRecord } from '../api/queries/contact.queries';
import { ticketKeys } from '../api/queries/ticket.queries';
import { useSession } from '../auth/session';
import { isStatusName } from '../i18n/keys';
import { ErrorLine } from '../layout/ErrorLine';
import { formatDateTime } from '../time/format';
import { LegalHoldControl } from './LegalHoldControl';
import { fieldAttributes, PrivacyError, PrivacyFieldError } from './PrivacyError';

/**
 * A person's page (issue 18; supervisors and admins): their details and tickets, and their rights
 * — correct the details (art. 16), erase them (art. 17, refused in plain words under a legal hold
 * or with tickets still open), export them (art. 15) — and the contact's legal hold. Each change
 * asks for a reason, kept in the audit log. An anonymised contact is shown as such, with no edits.
 */
export default function ContactPage() {
  const { id } = useParams<{ id: string }>();
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const client = useQueryClient();
  const record = useContactRecord(id);
  const [panel, setPanel] = useState<'rectify' | 'erase' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (me?.role !== 'admin' && me?.role !== 'supervisor') return <Navigate to="/" replace />;
  if (record.isLoading) return <p className="muted">{t('privacyX.loading')}</p>;
  if (!record.data) return <ErrorLine error={record.error ?? t('common.error')} />;
  const c = record.data;
  const anonymised = !!c.anonymisedAt;
  const refresh = () => client.invalidateQueries({ queryKey: contactKeys.detail(c.id) });
  // A correction or an erasure also changes what the person's tickets and the queue show of them.
  const refreshPerson = () =>
    Promise.all([
      refresh(),
      client.invalidateQueries({ queryKey: ticketKeys.all() }),
      ...c.tickets.map((tk) => client.invalidateQueries({ queryKey: ticketKeys.detail(tk.id) })),
    ]);

  return (
    <article className="contact" aria-labelledby="contact-title">
      <p>
        <Link to="/data-protection/contacts">← {t('privacyX.contact.back')}</Link>
      </p>
      <h1 id="contact-title">{anonymised ? t('privacyX.contact.anonymisedTitle') : c.name}</h1>
      {anonymised && (
        <p className="banner info" data-testid="contact-anonymised">
          {t('privacyX.contact.anonymised', { at: formatDateTime(c.anonymisedAt, i18n.language) })}
        </p>
      )}
      <p role="status" className={done ? 'banner info' : undefined}>
        {done ?? ''}
      </p>
      {!anonymised && (
        <div className="actions" role="toolbar" aria-label={t('privacyX.contact.details')}>
          <button
            type="button"
            aria-expanded={panel === 'rectify'}
            onClick={() => {
              setDone(null);
              setPanel(panel === 'rectify' ? null : 'rectify');
            }}
          >
            {t('privacyX.contact.rectify')}
          </button>
          <button
            type="button"
            onClick={() => {
              setDone(null);
              setPanel('erase');
            }}
          >
            {t('privacyX.contact.erase')}
          </button>
          <a className="button" href={`/api/contacts/${c.id}/export`} download aria-describedby="export-hint">
            {t('privacyX.contact.export')}
          </a>
        </div>
      )}
      {!anonymised && (
        <p id="export-hint" className="hint">
          {t('privacyX.contact.exportHint')}
        </p>
      )}
      {!anonymised && panel === 'rectify' && (
        <RectifyForm
          contact={c}
          onDone={async () => {
            await refreshPerson();
            setPanel(null);
            setDone(t('privacyX.contact.rectified'));
          }}
          onCancel={() => setPanel(null)}
        />
      )}
      <EraseDialog
        open={!anonymised && panel === 'erase'}
        contact={c}
        onErased={async (tickets) => {
          setPanel(null);
          setDone(t('privacyX.contact.erased', { count: tickets }));
          await refreshPerson();
        }}
        onClose={() => setPanel(null)}
      />

      <div className="contact-body">
        <section aria-labelledby="contact-details-title">
          <h2 id="contact-details-title">{t('privacyX.contact.details')}</h2>
          <dl className="contact-details">
            <dt>{t('privacyX.contact.name')}</dt>
            <dd>{c.name}</dd>
            <dt>{t('privacyX.contact.email')}</dt>
            <dd>{c.email ?? '—'}</dd>
            <dt>{t('privacyX.contact.phone')}</dt>
            <dd>{c.phone ?? '—'}</dd>
            <dt>{t('privacyX.contact.ente')}</dt>
            <dd>{c.enteName ?? '—'}</dd>
            <dt>{t('privacyX.contact.since')}</dt>
            <dd>{formatDateTime(c.createdAt, i18n.language)}</dd>
          </dl>
        </section>
        <LegalHoldControl
          kind="contact"
          id={c.id}
          hold={c.legalHold}
          readOnly={anonymised}
          onChanged={refresh}
        />
      </div>

      <section aria-labelledby="contact-tickets-title">
        <h2 id="contact-tickets-title">{t('privacyX.contact.tickets')}</h2>
        {c.tickets.length === 0 ? (
          <p className="muted">{t('privacyX.contact.noTickets')}</p>
        ) : (
          <table className="admin-table contact-tickets">
            <thead>
              <tr>
                <th scope="col">{t('privacyX.contact.number')}</th>
                <th scope="col">{t('privacyX.contact.subject')}</th>
                <th scope="col">{t('privacyX.contact.status')}</th>
                <th scope="col">{t('privacyX.contact.received')}</th>
                <th scope="col">{t('privacyX.hold.ticketTitle')}</th>
              </tr>
            </thead>
            <tbody>
              {c.tickets.map((tk) => (
                <tr key={tk.id} data-ticket={tk.number}>
                  <td>
                    <Link to={`/tickets/${tk.id}`}>{tk.number}</Link>
                  </td>
                  <td>{tk.subject}</td>
                  <td>{isStatusName(tk.status) ? t(`status.${tk.status}`) : tk.status}</td>
                  <td>{formatDateTime(tk.receivedAt, i18n.language)}</td>
                  <td>{tk.legalHold ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </article>
  );
}

/** Rectification (art. 16): the details as they should be, and why. */
function RectifyForm({
  contact,
  onDone,
  onCancel,
}: {
  contact: ContactRecord;
  onDone: () => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState({
    name: contact.name,
    email: contact.email ?? '',
    phone: contact.phone ?? '',
    reason: '',
  });
  const [blank, setBlank] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      patch(`/api/contacts/${contact.id}`, {
        name: form.name.trim(),
        email: form.email.trim() || null,
        phone: form.phone.trim() || null,
        reason: form.reason.trim(),
      }),
    onSuccess: onDone,
  });
  const error = save.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form.reason.trim() === '') {
      setBlank(true);
      return;
    }
    setBlank(false);
    save.mutate();
  };
  const input = (field: 'name' | 'email' | 'phone', type: string, max: number) => (
    <>
      <label>
        {t(`privacyX.contact.${field}`)}
        <input
          type={type}
          maxLength={max}
          autoComplete="off"
          value={form[field]}
          onChange={(e) => setForm({ ...form, [field]: e.target.value })}
          {...fieldAttributes(error, field, `rectify-${field}-error`)}
        />
      </label>
      <PrivacyFieldError error={error} field={field} id={`rectify-${field}-error`} />
    </>
  );
  return (
    <form className="panel" aria-labelledby="rectify-title" onSubmit={submit} noValidate>
      <h2 id="rectify-title">{t('privacyX.contact.rectifyTitle')}</h2>
      <p className="muted small">{t('privacyX.contact.rectifyHint')}</p>
      {input('name', 'text', LIMITS.RectifyContactDto.name)}
      {input('email', 'email', LIMITS.RectifyContactDto.email)}
      {input('phone', 'tel', 30)}
      <label>
        {t('privacyX.contact.reason')}
        <textarea
          rows={2}
          required
          maxLength={LIMITS.RectifyContactDto.reason}
          value={form.reason}
          onChange={(e) => setForm({ ...form, reason: e.target.value })}
          aria-invalid={blank || undefined}
          aria-describedby={blank ? 'rectify-reason-blank' : undefined}
        />
      </label>
      {blank && (
        <span id="rectify-reason-blank" className="field-error">
          {t('action.blank')}
        </span>
      )}
      <PrivacyError
        error={error}
        label={(f) => (f === 'reason' ? t('privacyX.policy.field.reason') : null)}
      />
      <div className="form-buttons">
        <button type="submit" className="primary" disabled={save.isPending}>
          {t('privacyX.contact.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('privacyX.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The api's refusal of an erasure (409), read from its details. */
interface Refusal {
  reasonCode: 'legalHold' | 'ticketLegalHold' | 'openTickets' | 'alreadyAnonymised';
  hold?: string;
  tickets?: string[];
}

function refusalOf(error: unknown): Refusal | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const code = error.details.reasonCode;
  if (
    code !== 'legalHold' &&
    code !== 'ticketLegalHold' &&
    code !== 'openTickets' &&
    code !== 'alreadyAnonymised'
  )
    return null;
  const tickets = Array.isArray(error.details.tickets) ? error.details.tickets.map(String) : undefined;
  const hold = typeof error.details.hold === 'string' ? error.details.hold : undefined;
  return { reasonCode: code, hold, tickets };
}

/**
 * Erasure (art. 17) behind a confirmation that says what goes and asks why; a refusal says why in
 * plain words, the tickets that stop it listed with links.
 */
function EraseDialog({
  open,
  contact,
  onErased,
  onClose,
}: {
  open: boolean;
  contact: ContactRecord;
  onErased: (tickets: number) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [blank, setBlank] = useState(false);
  const erase = useMutation({
    mutationFn: () =>
      post<{ tickets: number }>(`/api/contacts/${contact.id}/erase`, { reason: reason.trim() }),
    onSuccess: (res) => onErased(res.tickets),
  });
  const { reset } = erase;
  useEffect(() => {
    if (open && !dialog.current?.open) {
      setReason('');
      setBlank(false);
      reset();
      dialog.current?.showModal();
    }
    if (!open && dialog.current?.open) dialog.current.close();
  }, [open, reset]);
  const refusal = refusalOf(erase.error);
  const ticketOf = new Map(contact.tickets.map((tk) => [tk.number, tk]));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim() === '') {
      setBlank(true);
      return;
    }
    setBlank(false);
    erase.mutate();
  };

  return (
    <dialog ref={dialog} aria-labelledby="erase-title" aria-describedby="erase-warning" onClose={onClose}>
      <h2 id="erase-title">{t('privacyX.contact.eraseTitle', { name: contact.name })}</h2>
      <p id="erase-warning">{t('privacyX.contact.eraseWarning')}</p>
      <form onSubmit={submit} noValidate>
        <label>
          {t('privacyX.contact.reason')}
          <textarea
            rows={2}
            required
            autoFocus
            maxLength={LIMITS.ReasonDto.reason}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={blank || undefined}
            aria-describedby={blank ? 'erase-reason-blank' : undefined}
          />
        </label>
        {blank && (
          <span id="erase-reason-blank" className="field-error">
            {t('action.blank')}
          </span>
        )}
        {refusal ? (
          <div role="alert" className="error" data-testid="erase-refused">
            {refusal.reasonCode === 'legalHold' && (
              <p>
                {t('privacyX.contact.refused.legalHold', { reason: refusal.hold ?? contact.legalHold ?? '' })}
              </p>
            )}
            {refusal.reasonCode === 'alreadyAnonymised' && (
              <p>{t('privacyX.contact.refused.alreadyAnonymised')}</p>
            )}
            {(refusal.reasonCode === 'ticketLegalHold' || refusal.reasonCode === 'openTickets') && (
              <>
                <p>{t(`privacyX.contact.refused.${refusal.reasonCode}`)}</p>
                <ul>
                  {(refusal.tickets ?? []).map((number) => {
                    const ticket = ticketOf.get(number);
                    return (
                      <li key={number}>
                        {ticket ? (
                          <>
                            <Link to={`/tickets/${ticket.id}`}>{number}</Link> {ticket.subject}
                          </>
                        ) : (
                          number
                        )}
                      </li>
                    );
                  })}
                </ul>
              </>
            )}
          </div>
        ) : (
          <PrivacyError error={erase.error} />
        )}
        <div className="form-buttons">
          <button type="submit" className="danger" disabled={erase.isPending}>
            {t('privacyX.contact.eraseConfirm')}
          </button>
          <button type="button" onClick={onClose}>
            {t('privacyX.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
