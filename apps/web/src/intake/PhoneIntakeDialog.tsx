import { FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

import { ApiError, post, put } from '../api/client';
import { LIMITS } from '../api/limits';
import { useContactSearch } from '../api/queries/contact.queries';
import { useCategories, useEntes } from '../api/queries/reference.queries';
import { useIntakeSettings } from '../api/queries/settings.queries';
import type { Contact, LiveCall, Ticket } from '../api/types';
import { ErrorLine, FieldError, fieldInvalid } from '../layout/ErrorLine';
import { formatDateTime, fromLocalInput, toLocalInput } from '../time/format';

/**
 * Phone intake: the caller is on the line, so the agent types a phone number or a name, picks
 * the requester (which fills the ente), writes the subject and registers. The ticket opens.
 * Taken from a ringing call, the caller comes filled in and the ticket's received time is the
 * call's start, so its SLA clocks (SLA.8: 2 h from the call) start then.
 */
export function PhoneIntakeDialog({
  open,
  call = null,
  onClose,
}: {
  open: boolean;
  call?: LiveCall | null;
  onClose(): void;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const dialog = useRef<HTMLDialogElement>(null);
  const [lookup, setLookup] = useState('');
  const [contact, setContact] = useState<Contact | null>(null);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [enteId, setEnteId] = useState('');
  const [categoryId, setCategoryId] = useState('');
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [malfunction, setMalfunction] = useState(false);
  const [takeCharge, setTakeCharge] = useState(true);
  /** When the citizen called, for a call logged afterwards (empty: now), as local wall time. */
  const [callTime, setCallTime] = useState('');
  const [now, setNow] = useState(() => Date.now());
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);

  const entes = useEntes({ enabled: open });
  const categories = useCategories({ enabled: open });
  const intake = useIntakeSettings(open);
  const backdateHours = intake.data?.backdateHours ?? 0;
  const term = lookup.trim();
  const matches = useContactSearch(term, open && term.length >= 2);

  // Opened on a ringing call (or given another one): the form starts from its caller. Adjusted
  // while rendering, when the dialog or the call changes, instead of in an effect.
  const [filledFrom, setFilledFrom] = useState<{ open: boolean; call: LiveCall | null | undefined } | null>(
    null,
  );
  if (!filledFrom || filledFrom.open !== open || filledFrom.call !== call) {
    setFilledFrom({ open, call });
    if (open && call) {
      if (call.contact) {
        setContact(call.contact);
        setName(call.contact.name);
        setEmail(call.contact.email ?? '');
        if (call.contact.enteId) setEnteId(call.contact.enteId);
      } else {
        setContact(null);
      }
      setPhone(call.contact?.phone ?? call.from ?? '');
    }
  }

  function pick(c: Contact) {
    setContact(c);
    setName(c.name);
    setPhone(c.phone ?? '');
    setEmail(c.email ?? '');
    if (c.enteId) setEnteId(c.enteId);
    setLookup('');
  }

  function reset() {
    setLookup('');
    setContact(null);
    setName('');
    setPhone('');
    setEmail('');
    setEnteId('');
    setCategoryId('');
    setSubject('');
    setDescription('');
    setMalfunction(false);
    setCallTime('');
    setError(null);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = {
        channel: 'phone',
        subject,
        takeCharge,
        malfunction,
        ...(description.trim() ? { description } : {}),
        ...(enteId ? { enteId } : {}),
        ...(categoryId ? { categoryId } : {}),
        ...(call
          ? { receivedAt: call.startedAt }
          : callTime
            ? { receivedAt: fromLocalInput(callTime) ?? callTime }
            : {}),
        ...(contact
          ? { requesterId: contact.id }
          : { requester: { name, phone, ...(email ? { email } : {}) } }),
      };
      const ticket = await post<Ticket>('/api/tickets', body);
      if (call) await put(`/api/calls/${call.id}/ticket`, { ticketId: ticket.id });
      reset();
      onClose();
      void navigate(`/tickets/${ticket.id}`);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, String(err)));
    } finally {
      setBusy(false);
    }
  }

  const invalid = (field: string) => fieldInvalid(error, field);
  // The call times the api accepts: not after now, not before the configured window ("now" is
  // read again whenever the agent goes to the field).
  const earliest = backdateHours > 0 ? toLocalInput(now - backdateHours * 3_600_000) : undefined;

  return (
    <dialog ref={dialog} className="intake" aria-labelledby="intake-title" onClose={onClose}>
      <form onSubmit={submit}>
        <h2 id="intake-title">{t('intake.title')}</h2>
        {call && (
          <p className="muted" data-testid="call-time">
            {t('phone.callTime', { time: formatDateTime(call.startedAt, i18n.language) })}
          </p>
        )}
        <label>
          {t('intake.find')}
          <input
            type="search"
            autoFocus
            value={lookup}
            onChange={(e) => setLookup(e.target.value)}
            aria-controls={term.length >= 2 ? 'intake-matches' : undefined}
            autoComplete="off"
          />
        </label>
        {term.length >= 2 && (
          <ul id="intake-matches" className="matches" aria-label={t('intake.pick')}>
            {(matches.data ?? []).map((c) => (
              <li key={c.id}>
                <button type="button" onClick={() => pick(c)}>
                  {c.name} · {c.phone ?? c.email}{' '}
                  {c.enteName && <span className="muted">· {c.enteName}</span>}
                </button>
              </li>
            ))}
            {matches.data?.length === 0 && <li className="muted">{t('intake.none')}</li>}
          </ul>
        )}
        <div className="grid2">
          <label>
            {t('intake.name')}
            <input
              required
              maxLength={LIMITS.RequesterDto.name}
              value={name}
              aria-invalid={invalid('requester.name')}
              aria-describedby="intake-name-error"
              onChange={(e) => {
                setName(e.target.value);
                setContact(null);
              }}
            />
            <FieldError error={error} field="requester.name" id="intake-name-error" />
          </label>
          <label>
            {t('intake.phone')}
            <input
              type="tel"
              required
              maxLength={30}
              value={phone}
              aria-invalid={invalid('requester.phone')}
              aria-describedby="intake-phone-error"
              onChange={(e) => {
                setPhone(e.target.value);
                setContact(null);
              }}
            />
            <FieldError error={error} field="requester.phone" id="intake-phone-error" />
          </label>
          <label>
            {t('intake.email')}
            <input
              type="email"
              maxLength={LIMITS.RequesterDto.email}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              disabled={!!contact}
              aria-invalid={invalid('requester.email')}
              aria-describedby="intake-email-error"
            />
            <FieldError error={error} field="requester.email" id="intake-email-error" />
          </label>
          <label>
            {t('intake.ente')}
            <select
              value={enteId}
              onChange={(e) => setEnteId(e.target.value)}
              aria-invalid={invalid('enteId')}
              aria-describedby="intake-ente-error"
            >
              <option value="">—</option>
              {entes.data?.map((en) => (
                <option key={en.id} value={en.id}>
                  {en.name}
                </option>
              ))}
            </select>
            <FieldError error={error} field="enteId" id="intake-ente-error" />
          </label>
          <label>
            {t('intake.category')}
            <select value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
              <option value="">—</option>
              {categories.data?.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={malfunction} onChange={(e) => setMalfunction(e.target.checked)} />
            {t('intake.malfunction')}
          </label>
        </div>
        <label>
          {t('intake.subject')}
          <input
            required
            minLength={3}
            maxLength={LIMITS.CreateTicketDto.subject}
            value={subject}
            aria-invalid={invalid('subject')}
            aria-describedby="intake-subject-error"
            onChange={(e) => setSubject(e.target.value)}
          />
          <FieldError error={error} field="subject" id="intake-subject-error" />
        </label>
        <label>
          {t('intake.description')}
          <textarea
            rows={3}
            maxLength={LIMITS.CreateTicketDto.description}
            value={description}
            aria-invalid={invalid('description')}
            aria-describedby="intake-description-error"
            onChange={(e) => setDescription(e.target.value)}
          />
          <FieldError error={error} field="description" id="intake-description-error" />
        </label>
        {!call && (
          <label>
            {t('workspaceX.callTime.label')}
            <input
              type="datetime-local"
              value={callTime}
              min={earliest}
              max={toLocalInput(now)}
              aria-invalid={invalid('receivedAt')}
              aria-describedby="intake-call-time-hint intake-call-time-error"
              onFocus={() => setNow(Date.now())}
              onChange={(e) => setCallTime(e.target.value)}
            />
            <span id="intake-call-time-hint" className="hint" aria-hidden="true">
              {backdateHours > 0
                ? t('workspaceX.callTime.hint', { hours: backdateHours })
                : t('workspaceX.callTime.hintUnbounded')}
            </span>
            <FieldError error={error} field="receivedAt" id="intake-call-time-error" />
          </label>
        )}
        <label className="check">
          <input type="checkbox" checked={takeCharge} onChange={(e) => setTakeCharge(e.target.checked)} />
          {t('intake.takeCharge')}
        </label>
        <ErrorLine error={error} />
        <div className="form-buttons">
          <button type="submit" className="primary" disabled={busy}>
            {t('intake.create')}
          </button>
          <button type="button" onClick={onClose}>
            {t('action.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
