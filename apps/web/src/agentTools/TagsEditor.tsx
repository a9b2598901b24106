import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useTags } from '../api/queries/agentTools.queries';

/**
 * The ticket's tags on its page (issue 19.5): each with a button that removes it, and a field with
 * the list's tags to add one. Changes go through the page's actions (version sent, 409 shown).
 */
export function TagsEditor({
  tags = [],
  busy,
  change,
}: {
  tags?: string[];
  busy: boolean;
  change: (body: { add?: string[]; remove?: string[] }) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const list = useTags();
  const [text, setText] = useState('');
  const id = useId();
  const labels = new Map((list.data?.items ?? []).map((tag) => [tag.name, tag.label]));
  const add = async () => {
    const name = text.trim();
    if (!name) return;
    try {
      await change({ add: [name] });
      setText('');
    } catch {
      // The page says why (its error banner); the text stays to be corrected.
    }
  };
  return (
    <section aria-labelledby={`${id}-title`} className="tags-editor">
      <h2 id={`${id}-title`}>{t('agentToolsX.tags.title')}</h2>
      {tags.length === 0 ? (
        <p className="muted">{t('agentToolsX.tags.none')}</p>
      ) : (
        <ul className="tag-list">
          {tags.map((tag) => (
            <li key={tag} className="tag">
              <span>{labels.get(tag) ?? tag}</span>
              <button
                type="button"
                className="link"
                disabled={busy}
                aria-label={t('agentToolsX.tags.remove', { tag: labels.get(tag) ?? tag })}
                onClick={() => void change({ remove: [tag] }).catch(() => undefined)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <label htmlFor={`${id}-input`} className="sr-only">
          {t('agentToolsX.tags.newTag')}
        </label>
        <input
          id={`${id}-input`}
          list={`${id}-options`}
          value={text}
          maxLength={50}
          placeholder={t('agentToolsX.tags.newTag')}
          onChange={(e) => setText(e.target.value)}
          aria-describedby={`${id}-hint`}
        />
        <datalist id={`${id}-options`}>
          {(list.data?.items ?? [])
            .filter((tag) => !tags.includes(tag.name))
            .map((tag) => (
              <option key={tag.name} value={tag.name}>
                {tag.label}
              </option>
            ))}
        </datalist>
        <button type="submit" disabled={busy || !text.trim()}>
          {t('agentToolsX.tags.add')}
        </button>
        <p id={`${id}-hint`} className="muted small">
          {list.data?.freeTags ? t('agentToolsX.tags.freeHint') : t('agentToolsX.tags.listHint')}
        </p>
      </form>
    </section>
  );
}
