import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Navigate, Route, Routes } from 'react-router-dom';
import { ApiError, del, patch, post, postText, put } from '../api/client';
import {
  adminKeys,
  type AdminUser,
  type MailTemplate as Template,
  type SlaDocumentKind,
  useAdminUsers,
  useMailboxes,
  useMailTemplates,
  useSlaDocuments,
} from '../api/queries/admin.queries';
import type { Role } from '../api/types';
import { useSession } from '../auth/session';
import { formatDateTime } from '../time/format';
import { LogLevels } from './LogLevels';
import { OutageRecipients } from './OutageRecipients';
import { ErrorLine } from '../layout/ErrorLine';

const ROLES: Role[] = ['agent', 'supervisor', 'admin', 'ente_referent'];

/** Admins' pages: users and roles, mailboxes, calendars, SLA policies, templates, outage recipients, history import, log levels. */
export default function AdminPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  if (me?.role !== 'admin') return <Navigate to="/" replace />;
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t('admin.title')}</h1>
      <nav className="tabs" aria-label={t('admin.title')}>
        <NavLink to="/admin/users">{t('admin.users')}</NavLink>
        <NavLink to="/admin/mailboxes">{t('admin.mailboxes')}</NavLink>
        <NavLink to="/admin/calendars">{t('admin.calendars')}</NavLink>
        <NavLink to="/admin/policies">{t('admin.policies')}</NavLink>
        <NavLink to="/admin/templates">{t('admin.templates')}</NavLink>
        <NavLink to="/admin/outages">{t('admin.outages')}</NavLink>
        <NavLink to="/admin/import">{t('admin.imports')}</NavLink>
        <NavLink to="/admin/log-levels">{t('admin.logLevels')}</NavLink>
      </nav>
      <Routes>
        <Route index element={<Navigate to="/admin/users" replace />} />
        <Route path="users" element={<Users />} />
        <Route path="mailboxes" element={<Mailboxes />} />
        <Route path="calendars" element={<JsonDocuments kind="calendars" />} />
        <Route path="policies" element={<JsonDocuments kind="policies" />} />
        <Route path="templates" element={<Templates />} />
        <Route path="outages" element={<OutageRecipients />} />
        <Route path="import" element={<Import />} />
        <Route path="log-levels" element={<LogLevels />} />
      </Routes>
    </section>
  );
}

/** A role change or deactivation waiting for the admin's confirmation. */
interface PendingChange {
  user: AdminUser;
  role?: Role;
  active?: false;
}

function Users() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const users = useAdminUsers();
  const refresh = () => client.invalidateQueries({ queryKey: adminKeys.users() });
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Record<string, unknown> }) =>
      patch(`/api/admin/users/${id}`, body),
    onSettled: refresh,
  });
  // After a stranger's guesses: lets every address try this user's e-mail again (audited).
  const unlock = useMutation({
    mutationFn: (id: string) => post(`/api/admin/users/${id}/unlock`, {}),
    onSettled: refresh,
  });
  // A role change or a deactivation ends the user's sessions: asked before it is sent.
  const [pending, setPending] = useState<PendingChange | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), [pending]);
  const ask = (change: PendingChange) => {
    update.reset();
    setPending(change);
  };
  const [form, setForm] = useState({ name: '', email: '', role: 'agent' as Role, password: '' });
  const create = useMutation({
    mutationFn: () => post('/api/admin/users', form),
    onSuccess: () => setForm({ name: '', email: '', role: 'agent', password: '' }),
    onSettled: refresh,
  });
  return (
    <>
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.name')}</th>
            <th scope="col">{t('admin.email')}</th>
            <th scope="col">{t('admin.role')}</th>
            <th scope="col">{t('admin.active')}</th>
            <th scope="col">{t('admin.signIn')}</th>
          </tr>
        </thead>
        <tbody>
          {users.data?.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>{u.email}</td>
              <td>
                <select
                  aria-label={`${t('admin.role')}: ${u.name}`}
                  value={u.role}
                  onChange={(e) => ask({ user: u, role: e.target.value as Role })}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`admin.roles.${r}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`${t('admin.active')}: ${u.name}`}
                  checked={u.active}
                  onChange={(e) =>
                    e.target.checked
                      ? update.mutate({ id: u.id, body: { active: true } })
                      : ask({ user: u, active: false })
                  }
                />
              </td>
              <td>
                {u.lockedUntil && (
                  <>
                    <span className="muted">
                      {t('admin.refusedUntil', { time: formatDateTime(u.lockedUntil, i18n.language) })}
                    </span>{' '}
                    <button
                      type="button"
                      aria-label={`${t('admin.unlock')}: ${u.name}`}
                      disabled={unlock.isPending}
                      onClick={() => unlock.mutate(u.id)}
                    >
                      {t('admin.unlock')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {pending && (
        <div className="panel" role="alertdialog" aria-label={t('admin.confirmTitle')}>
          <p>
            {pending.role
              ? t('admin.confirmRole', {
                  name: pending.user.name,
                  from: t(`admin.roles.${pending.user.role}`),
                  to: t(`admin.roles.${pending.role}`),
                })
              : t('admin.confirmDeactivate', { name: pending.user.name })}
          </p>
          <div className="form-buttons">
            <button
              ref={confirmRef}
              type="button"
              className="primary"
              onClick={() => {
                const body = pending.role ? { role: pending.role } : { active: false };
                update.mutate({ id: pending.user.id, body });
                setPending(null);
              }}
            >
              {t('admin.confirm')}
            </button>
            <button type="button" onClick={() => setPending(null)}>
              {t('action.cancel')}
            </button>
          </div>
        </div>
      )}
      <ErrorLine
        error={
          update.error instanceof ApiError && update.error.reason === 'last_active_admin'
            ? t('admin.lastAdmin')
            : update.error
        }
      />
      <ErrorLine error={unlock.error} />
      <form
        className="panel grid2"
        aria-label={t('admin.create')}
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <label>
          {t('admin.name')}
          <input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </label>
        <label>
          {t('admin.email')}
          <input
            type="email"
            required
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.target.value })}
          />
        </label>
        <label>
          {t('admin.role')}
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`admin.roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('admin.password')}
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={12}
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
          />
        </label>
        <div className="form-buttons">
          <button type="submit" className="primary" disabled={create.isPending}>
            {t('admin.create')}
          </button>
        </div>
        <ErrorLine error={create.error} />
      </form>
    </>
  );
}

function Mailboxes() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const list = useMailboxes();
  const empty = {
    name: '',
    address: '',
    imapHost: '',
    imapPort: 993,
    imapTls: true,
    imapUser: '',
    imapPassword: '',
  };
  const [form, setForm] = useState(empty);
  const create = useMutation({
    mutationFn: () => post('/api/mail/mailboxes', form),
    onSuccess: () => setForm(empty),
    onSettled: () => client.invalidateQueries({ queryKey: adminKeys.mailboxes() }),
  });
  const field = (key: keyof typeof empty, label: string, type = 'text') => (
    <label>
      {label}
      <input
        type={type}
        required={key !== 'imapPassword'}
        value={String(form[key])}
        onChange={(e) =>
          setForm({ ...form, [key]: type === 'number' ? Number(e.target.value) : e.target.value })
        }
      />
    </label>
  );
  return (
    <>
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.name')}</th>
            <th scope="col">{t('admin.email')}</th>
            <th scope="col">{t('admin.host')}</th>
            <th scope="col">{t('admin.folder')}</th>
            <th scope="col">{t('admin.status')}</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.map((m) => (
            <tr key={m.id}>
              <td>{m.name}</td>
              <td>{m.address}</td>
              <td>
                {m.imapUser}@{m.imapHost}
              </td>
              <td>{m.folder}</td>
              <td>
                {m.active ? (m.status ?? '') : '—'}{' '}
                {m.lastError && <span className="error">{m.lastError}</span>}{' '}
                {m.lastPolledAt && (
                  <span className="muted">{formatDateTime(m.lastPolledAt, i18n.language)}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="panel grid2"
        aria-label={t('admin.mailboxes')}
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        {field('name', t('admin.name'))}
        {field('address', t('admin.email'), 'email')}
        {field('imapHost', t('admin.host'))}
        {field('imapPort', 'IMAP port', 'number')}
        {field('imapUser', t('admin.user'))}
        {field('imapPassword', 'Password', 'password')}
        <label className="check">
          <input
            type="checkbox"
            checked={form.imapTls}
            onChange={(e) => setForm({ ...form, imapTls: e.target.checked })}
          />
          TLS
        </label>
        <div className="form-buttons">
          <button type="submit" className="primary" disabled={create.isPending}>
            {t('admin.create')}
          </button>
        </div>
        <ErrorLine error={create.error} />
      </form>
    </>
  );
}

/** Calendars and SLA policies are documents: shown as JSON, edited as JSON, validated by the api. */
function JsonDocuments({ kind }: { kind: SlaDocumentKind }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const list = useSlaDocuments(kind);
  const [editing, setEditing] = useState<{ key: string; text: string } | null>(null);
  const save = useMutation({
    mutationFn: async () => {
      let body: unknown;
      try {
        body = JSON.parse(editing!.text);
      } catch {
        throw new Error(t('admin.invalidJson'));
      }
      // The api takes a policy wrapped as {definition}, a calendar as it is.
      return kind === 'calendars'
        ? put(`/api/sla/calendars/${editing!.key}`, body)
        : post('/api/sla/policies', { definition: body });
    },
    onSuccess: () => setEditing(null),
    onSettled: () => client.invalidateQueries({ queryKey: adminKeys.documents(kind) }),
  });
  const describe = (doc: Record<string, unknown>): ReactNode =>
    kind === 'calendars' ? (
      <>
        <strong>{String(doc.code)}</strong> {String(doc.name)}
      </>
    ) : (
      <>
        <strong>{String(doc.code)}</strong> v{String(doc.version)} {String(doc.name)}{' '}
        {doc.active ? <span className="status status-new">{t('admin.activeNow')}</span> : null}
      </>
    );
  return (
    <>
      <ul className="docs">
        {list.data?.map((doc) => {
          const key = String(doc.code ?? doc.id);
          const body = kind === 'calendars' ? { name: doc.name, spec: doc.spec } : doc.definition;
          return (
            <li key={String(doc.id ?? doc.code)}>
              {describe(doc)}{' '}
              <button type="button" onClick={() => setEditing({ key, text: JSON.stringify(body, null, 2) })}>
                {kind === 'calendars' ? t('action.edit') : t('admin.publish')}
              </button>
            </li>
          );
        })}
      </ul>
      {editing && (
        <form
          className="panel"
          aria-label={t('admin.json')}
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <label>
            {t('admin.json')} — {editing.key}
            <textarea
              rows={18}
              className="json"
              value={editing.text}
              onChange={(e) => setEditing({ ...editing, text: e.target.value })}
            />
          </label>
          <div className="form-buttons">
            <button type="submit" className="primary" disabled={save.isPending}>
              {kind === 'calendars' ? t('action.save') : t('admin.publish')}
            </button>
            <button type="button" onClick={() => setEditing(null)}>
              {t('action.cancel')}
            </button>
          </div>
          <ErrorLine error={save.error} />
        </form>
      )}
    </>
  );
}

function Templates() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const list = useMailTemplates();
  const [editing, setEditing] = useState<Template | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: adminKeys.templates() });
  const save = useMutation({
    mutationFn: (tpl: Template) =>
      put(`/api/mail/templates/${tpl.code}/${tpl.language}`, { subject: tpl.subject, body: tpl.body }),
    onSuccess: () => setEditing(null),
    onSettled: refresh,
  });
  const reset = useMutation({
    mutationFn: (tpl: Template) => del(`/api/mail/templates/${tpl.code}/${tpl.language}`),
    onSettled: refresh,
  });
  // The templates' own {{placeholders}} are shown on purpose (data-raw-placeholders).
  return (
    <div data-raw-placeholders>
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.code')}</th>
            <th scope="col">{t('admin.language')}</th>
            <th scope="col">{t('admin.subject')}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {list.data?.map((tpl) => (
            <tr key={`${tpl.code}-${tpl.language}`}>
              <td>{tpl.code}</td>
              <td>{tpl.language}</td>
              <td>
                {tpl.subject} {tpl.custom && <span className="muted">*</span>}
              </td>
              <td>
                <button type="button" onClick={() => setEditing(tpl)}>
                  {t('action.edit')}
                </button>{' '}
                {tpl.custom && (
                  <button type="button" onClick={() => reset.mutate(tpl)}>
                    ↺
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing && (
        <form
          className="panel"
          aria-label={`${editing.code} ${editing.language}`}
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            save.mutate(editing);
          }}
        >
          <p className="muted">{editing.placeholders.map((p) => `{{${p}}}`).join(' ')}</p>
          <label>
            {t('admin.subject')}
            <input
              value={editing.subject}
              onChange={(e) => setEditing({ ...editing, subject: e.target.value })}
            />
          </label>
          <label>
            {t('admin.body')}
            <textarea
              rows={10}
              value={editing.body}
              onChange={(e) => setEditing({ ...editing, body: e.target.value })}
            />
          </label>
          <div className="form-buttons">
            <button type="submit" className="primary" disabled={save.isPending}>
              {t('action.save')}
            </button>
            <button type="button" onClick={() => setEditing(null)}>
              {t('action.cancel')}
            </button>
          </div>
          <ErrorLine error={save.error} />
        </form>
      )}
    </div>
  );
}

/** History import: a dry run lists every bad row; the real run is idempotent by ticket number. */
function Import() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [progress, setProgress] = useState<number | null>(null);
  async function run(dryRun: boolean) {
    if (!file) return;
    setError(null);
    setResult(null);
    setProgress(0);
    try {
      const text = await file.text();
      setProgress(50);
      setResult(await postText('/api/admin/import/tickets', text, 'text/csv', { dryRun }));
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
    }
  }
  return (
    <div className="panel">
      <label>
        {t('admin.importFile')}
        <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      <div className="form-buttons">
        <button type="button" disabled={!file || progress !== null} onClick={() => void run(true)}>
          {t('admin.dryRun')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={!file || progress !== null}
          onClick={() => void run(false)}
        >
          {t('admin.import')}
        </button>
      </div>
      {progress !== null && <progress max={100} value={progress} aria-label={t('admin.imports')} />}
      <ErrorLine error={error} />
      {result !== null && <pre className="json">{JSON.stringify(result, null, 2)}</pre>}
    </div>
  );
}
