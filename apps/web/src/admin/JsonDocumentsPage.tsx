import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { post, put } from '../api/client';
import { adminKeys, type SlaDocumentKind, useSlaDocuments } from '../api/queries/admin.queries';
import { ErrorLine } from '../layout/ErrorLine';

/** Calendars and SLA policies are documents: shown as JSON, edited as JSON, validated by the api. */
export function JsonDocumentsPage({ kind }: { kind: SlaDocumentKind }) {
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
