import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { Ente } from '../api/types';

/**
 * A referent's entes: a group of checkboxes under a legend, with a filter for long lists (29
 * municipalities) that hides the others without unchecking them.
 */
export function EntesPicker({
  legend,
  entes,
  value,
  onChange,
}: {
  legend: string;
  entes: Ente[];
  value: string[];
  onChange(ids: string[]): void;
}) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const shown = entes.filter((e) => e.name.toLowerCase().includes(filter.trim().toLowerCase()));
  const toggle = (id: string, on: boolean) => onChange(on ? [...value, id] : value.filter((v) => v !== id));
  return (
    <fieldset className="entes-picker">
      <legend>{legend}</legend>
      <p className="muted" aria-live="polite">
        {t('adminX.users.entesChosen', { count: value.length })}
      </p>
      <label>
        {t('adminX.users.entesFilter')}
        <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </label>
      {/* A long list (29 municipalities) scrolls inside the group; the filter narrows it. */}
      <ul
        className="checklist"
        style={{ listStyle: 'none', paddingLeft: 0, maxHeight: '16em', overflowY: 'auto' }}
      >
        {shown.map((e) => (
          <li key={e.id}>
            <label>
              <input
                type="checkbox"
                checked={value.includes(e.id)}
                onChange={(ev) => toggle(e.id, ev.target.checked)}
              />{' '}
              {e.name}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
