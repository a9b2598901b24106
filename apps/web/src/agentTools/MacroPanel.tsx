import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { post } from '../api/client';
import { localMessage } from '../api/problems';
import { type MacroPreview, useMacros } from '../api/queries/agentTools.queries';
import type { Ticket } from '../api/types';

/**
 * "Applica macro" on the ticket page (issue 19.4): pick a macro, read what it will do with its
 * texts filled in for this ticket, then apply it (one transaction; the page shows a 409's reason).
 */
export function MacroPanel({
  ticket,
  busy,
  apply,
  close,
}: {
  ticket: Ticket;
  busy: boolean;
  apply: (macroId: string) => Promise<unknown>;
  close: () => void;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const macros = useMacros();
  const [macroId, setMacroId] = useState('');
  const [preview, setPreview] = useState<MacroPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const items = macros.data?.items ?? [];

  const choose = async (value: string) => {
    setMacroId(value);
    setPreview(null);
    setError(null);
    setDone(null);
    if (!value) return;
    try {
      setPreview(await post<MacroPreview>(`/api/tickets/${ticket.id}/macros/${value}/preview`, {}));
    } catch (e) {
      setError(localMessage((e as Error).message, i18n.language));
    }
  };
  const confirm = async () => {
    if (!preview) return;
    try {
      await apply(preview.macroId);
      setDone(t('agentToolsX.macros.applied', { name: preview.name }));
      setPreview(null);
      setMacroId('');
    } catch {
      // The page's banner says why (a 409 names the refused step); the preview stays.
    }
  };

  return (
    <section className="panel macro-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('agentToolsX.macros.apply')}</h2>
      {items.length === 0 && !macros.isLoading && <p className="muted">{t('agentToolsX.macros.none')}</p>}
      {items.length > 0 && (
        <label>
          {t('agentToolsX.macros.choose')}
          <select value={macroId} onChange={(e) => void choose(e.target.value)}>
            <option value="">{t('agentToolsX.macros.chooseNone')}</option>
            {items.map((m) => (
              <option key={m.id} value={m.id}>
                {m.teamName ? `${m.name} (${m.teamName})` : m.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {done && <p role="status">{done}</p>}
      {preview && (
        <div className="macro-preview" aria-labelledby={`${id}-preview`} role="region">
          <h3 id={`${id}-preview`}>{t('agentToolsX.macros.previewTitle', { name: preview.name })}</h3>
          <MacroSummary preview={preview} />
          <div className="form-actions">
            <button type="button" className="primary" disabled={busy} onClick={() => void confirm()}>
              {t('agentToolsX.macros.confirm')}
            </button>
            <button type="button" onClick={close}>
              {t('agentToolsX.macros.cancel')}
            </button>
          </div>
        </div>
      )}
      {!preview && (
        <div className="form-actions">
          <button type="button" onClick={close}>
            {t('agentToolsX.macros.cancel')}
          </button>
        </div>
      )}
    </section>
  );
}

/** What a macro will do, as the preview says it. */
export function MacroSummary({ preview }: { preview: MacroPreview }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [];
  if (preview.status)
    rows.push([t('agentToolsX.macros.status'), t(`agentToolsX.macros.statusValue.${preview.status}`)]);
  if (preview.category) rows.push([t('agentToolsX.macros.category'), preview.category]);
  if (preview.difficulty)
    rows.push([t('agentToolsX.macros.difficulty'), t(`difficulty.${preview.difficulty}`)]);
  if (preview.team) rows.push([t('agentToolsX.macros.team'), preview.team]);
  if (preview.addTags.length) rows.push([t('agentToolsX.macros.addTags'), preview.addTags.join(', ')]);
  if (preview.removeTags.length)
    rows.push([t('agentToolsX.macros.removeTags'), preview.removeTags.join(', ')]);
  return (
    <>
      {preview.answer && (
        <figure className="macro-answer">
          <figcaption>
            {preview.answer.via === 'email'
              ? t('agentToolsX.macros.answerEmail')
              : t('agentToolsX.macros.answerNote')}
          </figcaption>
          <pre data-testid="macro-answer">{preview.answer.body}</pre>
        </figure>
      )}
      {preview.resolution && (
        <figure className="macro-answer">
          <figcaption>{t('agentToolsX.macros.resolution')}</figcaption>
          <pre>{preview.resolution}</pre>
        </figure>
      )}
      {rows.length > 0 ? (
        <dl>
          {rows.map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      ) : (
        !preview.answer && <p className="muted">{t('agentToolsX.macros.nothingElse')}</p>
      )}
    </>
  );
}
