import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { post } from '../api/client';
import { adminKeys, useMailboxes } from '../api/queries/admin.queries';
import { ErrorLine } from '../layout/ErrorLine';
import { formatDateTime } from '../time/format';

/** The IMAP mailboxes the help desk reads: their state, and a form to add one. */
export function MailboxesPage() {
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
