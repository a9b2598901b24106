import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError, patch, post } from '../api/client';
import { adminKeys, type AdminUser, useAdminUsers } from '../api/queries/admin.queries';
import type { Role } from '../api/types';
import { ErrorLine } from '../layout/ErrorLine';
import { formatDateTime } from '../time/format';

const ROLES: Role[] = ['agent', 'supervisor', 'admin', 'ente_referent'];

/** A role change or deactivation waiting for the admin's confirmation. */
interface PendingChange {
  user: AdminUser;
  role?: Role;
  active?: false;
}

/** Users and roles: create, change a role or deactivate (asked first), unlock after refused sign-ins. */
export function UsersPage() {
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
