import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { del, patch, post } from '../api/client';
import { tagKeys, useTags } from '../api/queries/agentTools.queries';
import { ApiProblems } from './ApiProblems';

/** The admins' tag list (issue 19.5): add, relabel, remove (tickets keep a removed tag). */
export function TagsAdminPage() {
  const { t } = useTranslation();
  const id = useId();
  const client = useQueryClient();
  const tags = useTags();
  const [name, setName] = useState('');
  const [label, setLabel] = useState('');
  const [labels, setLabels] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const refresh = () => client.invalidateQueries({ queryKey: tagKeys.all() });
  const attempt = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      await refresh();
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };
  const fieldLabel = (field: string) =>
    field === 'name'
      ? t('agentToolsX.tagsAdmin.name')
      : field === 'label'
        ? t('agentToolsX.tagsAdmin.label')
        : field;

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('agentToolsX.tagsAdmin.title')}</h2>
      <p className="muted">{t('agentToolsX.tagsAdmin.hint')}</p>
      {tags.data && (
        <p className="muted">
          {tags.data.freeTags ? t('agentToolsX.tagsAdmin.freeOn') : t('agentToolsX.tagsAdmin.freeOff')}
        </p>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void attempt(() => post('/api/tags', { name, label: label || undefined })).then((ok) => {
            if (ok) {
              setName('');
              setLabel('');
            }
          });
        }}
      >
        <label>
          {t('agentToolsX.tagsAdmin.name')}{' '}
          <input
            value={name}
            required
            maxLength={50}
            onChange={(e) => setName(e.target.value)}
            aria-describedby={`${id}-name-hint`}
          />
        </label>
        <span id={`${id}-name-hint`} className="muted small">
          {t('agentToolsX.tagsAdmin.nameHint')}
        </span>
        <label>
          {t('agentToolsX.tagsAdmin.label')}{' '}
          <input value={label} maxLength={80} onChange={(e) => setLabel(e.target.value)} />
        </label>
        <button type="submit" className="primary">
          {t('agentToolsX.tagsAdmin.create')}
        </button>
      </form>
      <ApiProblems error={error} label={fieldLabel} />
      {tags.data?.items.length === 0 && <p className="muted">{t('agentToolsX.tagsAdmin.empty')}</p>}
      {(tags.data?.items.length ?? 0) > 0 && (
        <table>
          <caption className="sr-only">{t('agentToolsX.tagsAdmin.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('agentToolsX.tagsAdmin.name')}</th>
              <th scope="col">{t('agentToolsX.tagsAdmin.label')}</th>
              <th scope="col">{t('agentToolsX.tagsAdmin.tickets')}</th>
              <th scope="col">
                <span className="sr-only">{t('agentToolsX.tagsAdmin.remove')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tags.data!.items.map((tag) => (
              <tr key={tag.name}>
                <td>
                  <code>{tag.name}</code>
                </td>
                <td>
                  <form
                    className="inline-form"
                    onSubmit={(e) => {
                      e.preventDefault();
                      void attempt(() =>
                        patch(`/api/tags/${encodeURIComponent(tag.name)}`, {
                          label: labels[tag.name] ?? tag.label,
                        }),
                      );
                    }}
                  >
                    <label>
                      <span className="sr-only">
                        {t('agentToolsX.tagsAdmin.label')} {tag.name}
                      </span>
                      <input
                        value={labels[tag.name] ?? tag.label}
                        maxLength={80}
                        required
                        onChange={(e) => setLabels({ ...labels, [tag.name]: e.target.value })}
                      />
                    </label>
                    <button type="submit">{t('agentToolsX.tagsAdmin.save')}</button>
                  </form>
                </td>
                <td>{tag.tickets}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => {
                      if (window.confirm(t('agentToolsX.tagsAdmin.confirmRemove', { name: tag.label }))) {
                        void attempt(() => del(`/api/tags/${encodeURIComponent(tag.name)}`));
                      }
                    }}
                  >
                    {t('agentToolsX.tagsAdmin.remove')}
                    <span className="sr-only"> {tag.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
