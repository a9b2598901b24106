import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { del, put } from '../api/client';
import { adminKeys, type MailTemplate as Template, useMailTemplates } from '../api/queries/admin.queries';
import { ErrorLine } from '../layout/ErrorLine';

/** The mail templates: each code and language, edited or reset to the shipped text. */
export function TemplatesPage() {
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
