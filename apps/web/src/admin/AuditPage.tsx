import { FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import {
  type AuditEntry,
  type AuditFilter,
  useAdminUsers,
  useAuditActions,
  useAuditLog,
} from '../api/queries/admin.queries';
import { useEntes } from '../api/queries/reference.queries';
import type { Role } from '../api/types';
import { ErrorLine } from '../layout/ErrorLine';
import { formatDateTime } from '../time/format';

const PAGE = 50;
const DETAIL_ORDER = (key: string) => ['from', 'to'].indexOf(key) + 1 || 3;
const ROLES: readonly Role[] = ['admin', 'supervisor', 'agent', 'ente_referent'];

/** A local calendar day as the instant it starts (the admin's time zone), for the api's range. */
const dayStart = (day: string, plusDays = 0): string | undefined => {
  if (!day) return undefined;
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString();
};

/**
 * The audit log: who did what (sign-ins, refusals, role and account changes, tokens, referents'
 * reads), filtered by user, action and days, newest first, a page at a time.
 */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const users = useAdminUsers();
  const actions = useAuditActions();
  const entes = useEntes();
  const [draft, setDraft] = useState({ actorId: '', action: '', from: '', to: '' });
  const [applied, setApplied] = useState(draft);
  // The ids each page started before: the first page has none; back pops one.
  const [cursors, setCursors] = useState<string[]>([]);
  const filter: AuditFilter = {
    limit: PAGE,
    actorId: applied.actorId || undefined,
    action: applied.action || undefined,
    from: dayStart(applied.from),
    to: dayStart(applied.to, 1),
    before: cursors.at(-1),
  };
  const log = useAuditLog(filter);
  const rows = log.data ?? [];
  const caption = useRef<HTMLTableCaptionElement>(null);
  const [moved, setMoved] = useState(false);
  useEffect(() => {
    if (moved && log.data) caption.current?.focus();
  }, [moved, log.data]);
  const rangeBackwards = draft.from !== '' && draft.to !== '' && draft.to < draft.from;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (rangeBackwards) return;
    setApplied(draft);
    setCursors([]);
  };
  const actionName = (a: string) => t(`adminX.audit.actions.${a}`, { defaultValue: a });
  const target = (r: AuditEntry) => {
    if (!r.targetType) return '';
    if (r.targetType === 'user') {
      const user = users.data?.find((u) => u.id === r.targetId);
      if (user) return `${t('adminX.audit.targetUser')}: ${user.name}`;
    }
    return `${t(`adminX.audit.targets.${r.targetType}`, { defaultValue: r.targetType })}: ${r.targetId ?? ''}`;
  };
  // Details said in words: known keys translated, roles by name, entes and users by name.
  const value = (v: unknown): string => {
    if (Array.isArray(v)) return v.length === 0 ? '—' : v.map(value).join(', ');
    if (typeof v !== 'string') return JSON.stringify(v);
    const ente = entes.data?.find((e) => e.id === v);
    if (ente) return ente.name;
    const user = users.data?.find((u) => u.id === v);
    if (user) return user.name;
    if ((ROLES as readonly string[]).includes(v)) return t(`admin.roles.${v as Role}`);
    return v;
  };
  const details = (r: AuditEntry) =>
    Object.entries(r.details ?? {})
      // Before, then after (the database keeps its own key order).
      .sort(([a], [b]) => DETAIL_ORDER(a) - DETAIL_ORDER(b))
      .map(([k, v]) => `${t(`adminX.audit.detailKeys.${k}`, { defaultValue: k })}: ${value(v)}`)
      .join('; ');
  return (
    <>
      <h2>{t('adminX.audit.title')}</h2>
      <form className="panel filters" aria-label={t('adminX.audit.filters')} onSubmit={submit} noValidate>
        <label>
          {t('adminX.audit.user')}
          <select value={draft.actorId} onChange={(e) => setDraft({ ...draft, actorId: e.target.value })}>
            <option value="">{t('adminX.audit.anyUser')}</option>
            {users.data?.map((u) => (
              <option key={u.id} value={u.id}>
                {`${u.name} (${u.email})`}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('adminX.audit.action')}
          <select value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })}>
            <option value="">{t('adminX.audit.anyAction')}</option>
            {actions.data?.map((a) => (
              <option key={a} value={a}>
                {actionName(a)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('adminX.audit.from')}
          <input
            type="date"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </label>
        <label>
          {t('adminX.audit.to')}
          <input
            type="date"
            value={draft.to}
            aria-invalid={rangeBackwards || undefined}
            aria-describedby={rangeBackwards ? 'audit-range-error' : undefined}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
        </label>
        {rangeBackwards && (
          <span id="audit-range-error" className="field-error" role="alert">
            {t('adminX.audit.rangeBackwards')}
          </span>
        )}
        <div className="form-buttons">
          <button type="submit" className="primary">
            {t('adminX.audit.apply')}
          </button>
        </div>
      </form>
      <ErrorLine error={log.error} />
      <table className="admin-table">
        <caption ref={caption} tabIndex={-1}>
          {t('adminX.audit.caption', { page: cursors.length + 1 })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('adminX.audit.at')}</th>
            <th scope="col">{t('adminX.audit.user')}</th>
            <th scope="col">{t('adminX.audit.action')}</th>
            <th scope="col">{t('adminX.audit.target')}</th>
            <th scope="col">{t('adminX.audit.ip')}</th>
            <th scope="col">{t('adminX.audit.details')}</th>
          </tr>
        </thead>
        <tbody>
          {log.isSuccess && rows.length === 0 && (
            <tr>
              <td colSpan={6}>{t('adminX.audit.none')}</td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{formatDateTime(r.at, i18n.language)}</td>
              <td>{r.actorName ? `${r.actorName} (${r.actorEmail})` : t('adminX.audit.system')}</td>
              <td>{actionName(r.action)}</td>
              <td>{target(r)}</td>
              <td>{r.ip ?? ''}</td>
              <td>{details(r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="form-buttons" aria-label={t('adminX.audit.pages')}>
        <button
          type="button"
          disabled={cursors.length === 0}
          onClick={() => {
            setMoved(true);
            setCursors(cursors.slice(0, -1));
          }}
        >
          {t('adminX.audit.newer')}
        </button>
        <button
          type="button"
          disabled={rows.length < PAGE}
          onClick={() => {
            setMoved(true);
            setCursors([...cursors, rows[rows.length - 1].id]);
          }}
        >
          {t('adminX.audit.older')}
        </button>
      </nav>
    </>
  );
}
