import { useTranslation } from 'react-i18next';

import { useTags } from '../api/queries/agentTools.queries';
import type { TicketRow } from '../api/types';
import type { useSelection } from './selection';

type Selection = ReturnType<typeof useSelection>;

/** The header's checkbox: ticks (or unticks) every row shown. */
export function SelectAll({ rows, selection }: { rows: TicketRow[]; selection: Selection }) {
  const { t } = useTranslation();
  const all = rows.length > 0 && rows.every((r) => selection.ids.has(r.id));
  const some = rows.some((r) => selection.ids.has(r.id));
  return (
    <input
      type="checkbox"
      aria-label={t('agentToolsX.bulk.selectAll')}
      checked={all}
      ref={(input) => {
        if (input) input.indeterminate = some && !all;
      }}
      onChange={(e) =>
        selection.setMany(
          rows.map((r) => r.id),
          e.target.checked,
        )
      }
    />
  );
}

/** One row's checkbox, named by its ticket number. */
export function RowCheckbox({
  row,
  checked,
  onCheck,
}: {
  row: TicketRow;
  checked: boolean;
  onCheck: (id: string, on: boolean) => void;
}) {
  const { t } = useTranslation();
  return (
    <input
      type="checkbox"
      aria-label={t('agentToolsX.bulk.select', { number: row.number })}
      checked={checked}
      onChange={(e) => onCheck(row.id, e.target.checked)}
    />
  );
}

/** The queue's filter by tag (staff). */
export function TagFilter({
  value,
  onChange,
}: {
  value?: string;
  onChange: (tag: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const tags = useTags();
  return (
    <label>
      <span className="sr-only">{t('agentToolsX.tags.filter')}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">{t('agentToolsX.tags.anyTag')}</option>
        {(tags.data?.items ?? []).map((tag) => (
          <option key={tag.name} value={tag.name}>
            {tag.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A row's tags, after its subject (a row patched in by the live feed may come without them). */
export function RowTags({ tags }: { tags?: string[] }) {
  if (!tags?.length) return null;
  return (
    <span className="row-tags">
      {tags.map((tag) => (
        <span key={tag} className="tag">
          {tag}
        </span>
      ))}
    </span>
  );
}
