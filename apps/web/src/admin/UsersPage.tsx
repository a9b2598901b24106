import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError, patch, post } from '../api/client';
import { adminKeys, type AdminUser, useAdminUsers } from '../api/queries/admin.queries';
import { useEntes } from '../api/queries/reference.queries';
import type { Role } from '../api/types';
import { ErrorLine } from '../layout/ErrorLine';
import { formatDateTime } from '../time/format';
import { EntesPicker } from './EntesPicker';
import { fieldProblems } from './passwordProblems';

const ROLES: Role[] = ['agent', 'supervisor', 'admin', 'ente_referent'];

/** A role change or deactivation waiting for the admin's confirmation. */
interface PendingChange {
  user: AdminUser;
  role?: Role;
  active?: false;
}

/**
 * Users and roles: create, change a role or deactivate (asked first), reset a password, choose a
 * referent's entes, unlock after refused sign-ins.
 */
export function UsersPage() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const users = useAdminUsers();
  const entes = useEntes();
  const enteName = new Map((entes.data ?? []).map((e) => [e.id, e.name]));
  // The user whose password is being reset, or whose entes are being chosen (one panel at a time).
  const [resetFor, setResetFor] = useState<AdminUser | null>(null);
  const [entesFor, setEntesFor] = useState<AdminUser | null>(null);
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
  const blank = { name: '', email: '', role: 'agent' as Role, password: '', enteIds: [] as string[] };
  const [form, setForm] = useState(blank);
  const create = useMutation({
    mutationFn: () =>
      post('/api/admin/users', { ...form, enteIds: form.role === 'ente_referent' ? form.enteIds : [] }),
    onSuccess: () => setForm(blank),
    onSettled: refresh,
  });
  const createPasswordProblems = fieldProblems(t, create.error, 'password');
  return (
    <>
      <table className="admin-table">
        <caption className="sr-only">{t('admin.users')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.name')}</th>
            <th scope="col">{t('admin.email')}</th>
            <th scope="col">{t('admin.role')}</th>
            <th scope="col">{t('admin.active')}</th>
            <th scope="col">{t('adminX.users.entes')}</th>
            <th scope="col">{t('admin.signIn')}</th>
            <th scope="col">{t('adminX.users.actions')}</th>
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
                {u.role === 'ente_referent' ? (
                  <>
                    <span>
                      {u.enteIds.length === 0
                        ? t('adminX.users.noEntes')
                        : u.enteIds.map((id) => enteName.get(id) ?? id).join(', ')}
                    </span>{' '}
                    <button
                      type="button"
                      aria-label={t('adminX.users.chooseEntesFor', { name: u.name })}
                      onClick={() => {
                        setResetFor(null);
                        setEntesFor(u);
                      }}
                    >
                      {t('adminX.users.chooseEntes')}
                    </button>
                  </>
                ) : (
                  <span className="muted">{t('adminX.users.allEntes')}</span>
                )}
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
              <td>
                <button
                  type="button"
                  aria-label={t('adminX.users.resetPasswordFor', { name: u.name })}
                  onClick={() => {
                    setEntesFor(null);
                    setResetFor(u);
                  }}
                >
                  {t('adminX.users.resetPassword')}
                </button>
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
      {unlock.isSuccess && <p role="status">{t('adminX.users.unlocked')}</p>}
      {resetFor && (
        <ResetPassword key={resetFor.id} user={resetFor} onDone={() => setResetFor(null)} onSaved={refresh} />
      )}
      {entesFor && (
        <EntesEditor
          key={entesFor.id}
          user={entesFor}
          entes={entes.data ?? []}
          onDone={() => setEntesFor(null)}
          onSaved={refresh}
        />
      )}
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
            maxLength={200}
            value={form.password}
            aria-invalid={createPasswordProblems.length > 0 || undefined}
            aria-describedby={createPasswordProblems.length > 0 ? 'create-password-error' : undefined}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
          />
          {createPasswordProblems.length > 0 && (
            <span id="create-password-error" className="field-error">
              {createPasswordProblems.join('; ')}
            </span>
          )}
        </label>
        {form.role === 'ente_referent' && (
          <EntesPicker
            legend={t('adminX.users.newEntes')}
            entes={entes.data ?? []}
            value={form.enteIds}
            onChange={(enteIds) => setForm({ ...form, enteIds })}
          />
        )}
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

/**
 * An admin's reset of someone's password (the owner forgot it): typed twice, the api's rules said
 * in the user's language; it ends the user's sessions and lifts any sign-in refusal, as the panel says.
 */
function ResetPassword({ user, onDone, onSaved }: { user: AdminUser; onDone(): void; onSaved(): void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const save = useMutation({
    mutationFn: () => patch(`/api/admin/users/${user.id}`, { password }),
    onSuccess: () => {
      setPassword('');
      setConfirm('');
    },
    onSettled: onSaved,
  });
  const problems = fieldProblems(t, save.error, 'password');
  const heading = `reset-title-${user.id}`;
  return (
    <form
      className="panel"
      aria-labelledby={heading}
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        setMismatch(password !== confirm);
        if (password === confirm) save.mutate();
      }}
    >
      <h2 id={heading}>{t('adminX.users.resetTitle', { name: user.name })}</h2>
      {save.isSuccess ? (
        <>
          <p role="status">{t('adminX.users.resetDone', { name: user.name })}</p>
          <button type="button" onClick={onDone} autoFocus>
            {t('adminX.close')}
          </button>
        </>
      ) : (
        <>
          <p className="muted" id={`${heading}-hint`}>
            {t('adminX.users.resetHint')}
          </p>
          <label>
            {t('adminX.users.newPassword')}
            <input
              ref={first}
              type="password"
              autoComplete="new-password"
              required
              minLength={12}
              maxLength={200}
              value={password}
              aria-invalid={problems.length > 0 || undefined}
              aria-describedby={problems.length > 0 ? `${heading}-error` : `${heading}-hint`}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          {problems.length > 0 && (
            <span id={`${heading}-error`} className="field-error">
              {problems.join('; ')}
            </span>
          )}
          <label>
            {t('adminX.users.confirmPassword')}
            <input
              type="password"
              autoComplete="new-password"
              required
              maxLength={200}
              value={confirm}
              aria-invalid={mismatch || undefined}
              aria-describedby={mismatch ? `${heading}-mismatch` : undefined}
              onChange={(e) => setConfirm(e.target.value)}
            />
          </label>
          {mismatch && (
            <span id={`${heading}-mismatch`} className="field-error">
              {t('adminX.ownPassword.mismatch')}
            </span>
          )}
          {(mismatch || problems.length > 0) && (
            <div role="alert" className="error">
              <p>{t('adminX.ownPassword.refused')}</p>
              <ul>
                {problems.map((p) => (
                  <li key={p}>{`${t('adminX.users.newPassword')}: ${p}`}</li>
                ))}
                {mismatch && <li>{t('adminX.ownPassword.mismatch')}</li>}
              </ul>
            </div>
          )}
          <ErrorLine
            error={save.error instanceof ApiError && save.error.status === 400 ? null : save.error}
          />
          <div className="form-buttons">
            <button type="submit" className="primary" disabled={save.isPending}>
              {t('adminX.users.resetSubmit')}
            </button>
            <button type="button" onClick={onDone}>
              {t('action.cancel')}
            </button>
          </div>
        </>
      )}
    </form>
  );
}

/** A referent's entes, chosen from the list; saved at once (audited by the api). */
function EntesEditor({
  user,
  entes,
  onDone,
  onSaved,
}: {
  user: AdminUser;
  entes: { id: string; code: string; name: string }[];
  onDone(): void;
  onSaved(): void;
}) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState(user.enteIds);
  const heading = `entes-title-${user.id}`;
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);
  const save = useMutation({
    mutationFn: () => patch(`/api/admin/users/${user.id}`, { enteIds: chosen }),
    onSuccess: onDone,
    onSettled: onSaved,
  });
  return (
    <form
      className="panel"
      aria-labelledby={heading}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2 id={heading} ref={title} tabIndex={-1}>
        {t('adminX.users.entesTitle', { name: user.name })}
      </h2>
      <EntesPicker legend={t('adminX.users.entes')} entes={entes} value={chosen} onChange={setChosen} />
      <ErrorLine error={save.error} />
      <div className="form-buttons">
        <button type="submit" className="primary" disabled={save.isPending}>
          {t('adminX.save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}
