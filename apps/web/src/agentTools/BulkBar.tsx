import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { post } from '../api/client';
import { localMessage } from '../api/problems';
import { type BulkAction, type BulkResult, useMacros, useTags } from '../api/queries/agentTools.queries';
import { useAssignableUsers } from '../api/queries/reference.queries';
import { useTeams } from '../api/queries/teams.queries';
import { ticketKeys } from '../api/queries/ticket.queries';
import type { TicketRow } from '../api/types';

const ACTIONS = ['take_charge', 'assign', 'move_team', 'tag', 'untag', 'resolve', 'macro'] as const;
type Action = (typeof ACTIONS)[number];
const MAX = 500;

/**
 * The queue's bulk bar (issue 19.6): an action for the ticked tickets, each sent with the version
 * the queue shows; the answer says what was done and, for each ticket not done, why.
 */
export function BulkBar({
  selected,
  rows,
  onDone,
}: {
  selected: string[];
  rows: TicketRow[];
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const client = useQueryClient();
  const [action, setAction] = useState<Action>('take_charge');
  const [value, setValue] = useState('');
  const [resolution, setResolution] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BulkResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const users = useAssignableUsers();
  const teams = useTeams();
  const tags = useTags();
  const macros = useMacros();

  const versions = Object.fromEntries(
    rows.filter((r) => selected.includes(r.id)).map((r) => [r.id, r.version]),
  );
  const numbers = new Map(rows.map((r) => [r.id, r.number]));
  const needsValue = action !== 'take_charge' && action !== 'resolve';
  const ready =
    selected.length > 0 &&
    selected.length <= MAX &&
    (!needsValue || value !== '' || action === 'assign') &&
    (action !== 'resolve' || resolution.trim() !== '');

  const run = async () => {
    const body: BulkAction = { ids: selected, action, versions };
    if (action === 'assign') body.assigneeId = value || null;
    if (action === 'move_team') body.teamId = value;
    if (action === 'tag' || action === 'untag') body.tags = [value];
    if (action === 'macro') body.macroId = value;
    if (action === 'resolve') body.resolution = resolution;
    setBusy(true);
    setError(null);
    try {
      setResult(await post<BulkResult>('/api/tickets/bulk', body));
      onDone();
      setResolution('');
      await client.invalidateQueries({ queryKey: ticketKeys.all() });
    } catch (e) {
      setError(localMessage((e as Error).message, i18n.language));
    } finally {
      setBusy(false);
    }
  };

  const options = (): { value: string; label: string }[] => {
    switch (action) {
      case 'assign':
        return (users.data ?? []).map((u) => ({ value: u.id, label: u.name }));
      case 'move_team':
        return (teams.data ?? []).filter((tm) => tm.active).map((tm) => ({ value: tm.id, label: tm.name }));
      case 'tag':
      case 'untag':
        return (tags.data?.items ?? []).map((tag) => ({ value: tag.name, label: tag.label }));
      case 'macro':
        return (macros.data?.items ?? []).map((m) => ({ value: m.id, label: m.name }));
      case 'take_charge':
      case 'resolve':
        return [];
    }
  };
  const valueLabel = {
    assign: t('agentToolsX.bulk.assignee'),
    move_team: t('agentToolsX.bulk.team'),
    tag: t('agentToolsX.bulk.tag'),
    untag: t('agentToolsX.bulk.tag'),
    macro: t('agentToolsX.bulk.macro'),
    take_charge: '',
    resolve: '',
  }[action];
  const notDone = result?.results.filter((r) => r.result !== 'ok') ?? [];

  return (
    <section className="bulk-bar" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="sr-only">
        {t('agentToolsX.bulk.bar')}
      </h2>
      {selected.length > 0 && (
        <form
          className="bulk-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (ready) void run();
          }}
        >
          <span role="status">{t('agentToolsX.bulk.selected', { count: selected.length })}</span>
          <label>
            {t('agentToolsX.bulk.action')}{' '}
            <select
              value={action}
              onChange={(e) => {
                setAction(e.target.value as Action);
                setValue('');
              }}
            >
              {ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {t(`agentToolsX.bulk.actions.${a}`)}
                </option>
              ))}
            </select>
          </label>
          {needsValue && (
            <label>
              {valueLabel}{' '}
              <select value={value} onChange={(e) => setValue(e.target.value)}>
                <option value="">
                  {action === 'assign' ? t('agentToolsX.bulk.nobody') : t('agentToolsX.bulk.choose')}
                </option>
                {options().map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
          )}
          {action === 'resolve' && (
            <label className="grow">
              {t('agentToolsX.bulk.resolution')}
              <textarea
                value={resolution}
                rows={2}
                maxLength={100_000}
                onChange={(e) => setResolution(e.target.value)}
              />
            </label>
          )}
          <button type="submit" className="primary" disabled={busy || !ready}>
            {t('agentToolsX.bulk.run', { count: selected.length })}
          </button>
          <button type="button" onClick={onDone}>
            {t('agentToolsX.bulk.clear')}
          </button>
          {selected.length > MAX && <p className="error">{t('agentToolsX.bulk.tooMany', { max: MAX })}</p>}
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {result && (
        <div className="bulk-result" role="region" aria-labelledby={`${id}-result`}>
          <p id={`${id}-result`} role="status" data-testid="bulk-summary">
            {t('agentToolsX.bulk.summary', result.summary)}
          </p>
          {notDone.length > 0 && (
            <>
              <h3>{t('agentToolsX.bulk.notDone')}</h3>
              <ul data-testid="bulk-conflicts">
                {notDone.map((r) => (
                  <li key={r.id}>
                    <strong>{r.number ?? numbers.get(r.id) ?? r.id}</strong>{' '}
                    <span className="muted">({t(`agentToolsX.bulk.result.${r.result as 'conflict'}`)})</span>:{' '}
                    {r.reason ? localMessage(r.reason, i18n.language) : ''}
                  </li>
                ))}
              </ul>
            </>
          )}
          <button type="button" className="link" onClick={() => setResult(null)}>
            {t('agentToolsX.bulk.close')}
          </button>
        </div>
      )}
    </section>
  );
}
