import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';

import { BulkBar } from '../agentTools/BulkBar';
import { RowCheckbox, RowTags, SelectAll, TagFilter } from '../agentTools/QueueTools';
import { useSelection } from '../agentTools/selection';
import { useEntes } from '../api/queries/reference.queries';
import { useTicketQueue } from '../api/queries/ticket.queries';
import type { TicketRow } from '../api/types';
import { isStaff, useSession } from '../auth/session';
import { useShortcuts } from '../keyboard/useShortcuts';
import { ChannelIcon } from '../layout/icons';
import { useLive } from '../live/live';
import { MyTeamHint, TeamFilter, useTeamNames } from '../teams/QueueTeams';
import { formatAge } from '../time/countdown';
import { formatDateTime } from '../time/format';
import { useLiveFigure } from '../time/now';
import { Countdown } from './Countdown';
import { recallQueuePosition, rememberQueuePosition } from './position';
import {
  DEFAULT_SORT,
  FILTER_STATUSES,
  nextSort,
  parseSort,
  QueueFilters,
  queueQuery,
  SortColumn,
  sortState,
  STAFF_VIEWS,
  ViewName,
  VIEWS,
} from './views';

const PAGE = 100;

function readFilters(params: URLSearchParams): QueueFilters {
  return {
    view: (VIEWS.includes(params.get('view') as ViewName) ? params.get('view') : 'all') as ViewName,
    q: params.get('q') ?? undefined,
    channel: params.get('channel') ?? undefined,
    enteId: params.get('ente') ?? undefined,
    teamId: params.get('team') ?? undefined,
    tag: params.get('tag') ?? undefined,
    status: FILTER_STATUSES.find((s) => s === params.get('status')),
    sort: parseSort(params.get('sort')),
  };
}

/** The filters in the address bar now (see useFilters' update). */
function liveFilters(): QueueFilters {
  return readFilters(new URLSearchParams(window.location.search));
}

function useFilters(): [QueueFilters, (patch: Partial<QueueFilters>) => void] {
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  // The router renders a new URL in a transition, so a second change made before that render (a view
  // chosen, then a search sent at once) would start from the stale filters and undo the first. Each
  // change starts from the address bar, which the router updates at once.
  const update = (patch: Partial<QueueFilters>) => {
    const next = { ...liveFilters(), ...patch };
    const out = new URLSearchParams();
    if (next.view !== 'all') out.set('view', next.view);
    if (next.q) out.set('q', next.q);
    if (next.channel) out.set('channel', next.channel);
    if (next.enteId) out.set('ente', next.enteId);
    if (next.teamId) out.set('team', next.teamId);
    if (next.tag) out.set('tag', next.tag);
    if (next.view === 'any' && next.status) out.set('status', next.status);
    if (next.sort !== DEFAULT_SORT) out.set('sort', next.sort);
    const limit = new URLSearchParams(window.location.search).get('limit');
    if (limit) out.set('limit', limit);
    setParams(out, { replace: true });
  };
  return [filters, update];
}

export function QueuePage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [filters, update] = useFilters();
  const [search, setSearch] = useState(filters.q ?? '');
  const [selected, setSelected] = useState(0);
  const searchRef = useRef<HTMLInputElement>(null);
  const tableRef = useRef<HTMLTableSectionElement>(null);
  const { markSeen } = useLive();
  const limit = Math.min(200, Number(params.get('limit')) || PAGE);

  const entes = useEntes();
  // Teams (issue 19): staff only; supervisors and admins also filter by any team.
  const staff = isStaff(me);
  const supervisor = me?.role === 'supervisor' || me?.role === 'admin';
  const teamNames = useTeamNames(staff);
  const views = VIEWS.filter((view) => staff || !STAFF_VIEWS.includes(view));
  const viewLabel = (view: ViewName) => (view === 'team' ? t('teamsX.queue.view') : t(`views.${view}`));
  const query = queueQuery(filters, me!.id, limit);
  const sortBy = (column: SortColumn) => update({ sort: nextSort(liveFilters().sort, column) });
  const tickets = useTicketQueue(query);
  const rows = useMemo(() => tickets.data?.pages.flatMap((p) => p.items) ?? [], [tickets.data]);
  // The ticked rows for the bulk bar (issue 19.6, staff).
  const selection = useSelection();

  // Looking at the queue is seeing the arrivals: clear the tab-title count.
  useEffect(() => {
    const seen = () => document.visibilityState === 'visible' && markSeen();
    seen();
    document.addEventListener('visibilitychange', seen);
    return () => document.removeEventListener('visibilitychange', seen);
  }, [markSeen, rows]);

  // Fewer rows than the selection: the selection moves to the last one (adjusted while rendering).
  const [shownRows, setShownRows] = useState<number | null>(null);
  if (shownRows !== rows.length) {
    setShownRows(rows.length);
    setSelected((s) => Math.min(s, Math.max(0, rows.length - 1)));
  }

  // The keys read the selection from a ref: fast j-j-k presses arrive before React re-renders.
  const selectedRef = useRef(0);
  useEffect(() => {
    selectedRef.current = selected;
  }, [selected]);
  const focusRow = (index: number) => {
    selectedRef.current = index;
    setSelected(index);
    tableRef.current?.querySelectorAll<HTMLAnchorElement>('a.ticket-link')[index]?.focus();
  };
  // A search from the default view (open tickets) looks in every status: an agent looking a ticket
  // up by number or requester expects to find it resolved too. The other views keep their filter.
  const submitSearch = () => {
    const q = search.trim() || undefined;
    const view = liveFilters().view;
    update(q && view === 'all' ? { q, view: 'any' } : { q });
  };

  // Back from a ticket: the same row selected and the page scrolled where it was.
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current || rows.length === 0) return;
    restored.current = true;
    const position = recallQueuePosition(params.toString());
    if (!position) return;
    const index = rows.findIndex((r) => r.id === position.ticketId);
    if (index < 0) return;
    // Focusing the row's link selects it (its onFocus), as a keyboard user's Tab would.
    selectedRef.current = index;
    tableRef.current
      ?.querySelectorAll<HTMLAnchorElement>('a.ticket-link')
      [index]?.focus({ preventScroll: true });
    window.scrollTo(0, position.scrollY);
  }, [rows, params]);
  const openTicket = (index: number) => {
    const row = rows[index];
    if (!row) return;
    rememberQueuePosition(params.toString(), row.id);
    void navigate(`/tickets/${row.id}`);
  };

  useShortcuts({
    j: () => focusRow(Math.min(selectedRef.current + 1, rows.length - 1)),
    k: () => focusRow(Math.max(selectedRef.current - 1, 0)),
    Enter: () => openTicket(selectedRef.current),
    o: () => openTicket(selectedRef.current),
    '/': () => searchRef.current?.focus(),
    x: () => {
      const row = rows[selectedRef.current];
      if (staff && row) selection.toggle(row.id, !selection.ids.has(row.id));
    },
  });

  return (
    <section className="queue" aria-labelledby="queue-title">
      <div className="queue-head">
        <h1 id="queue-title">{t('queue.title')}</h1>
        <nav className="views" aria-label={t('queue.title')}>
          {views.map((view) => (
            <button
              key={view}
              type="button"
              className={filters.view === view ? 'view active' : 'view'}
              aria-pressed={filters.view === view}
              onClick={() => update({ view })}
            >
              {viewLabel(view)}
            </button>
          ))}
        </nav>
      </div>
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          submitSearch();
        }}
      >
        <label className="grow">
          <span className="sr-only">{t('queue.search')}</span>
          <input
            ref={searchRef}
            type="search"
            placeholder={t('queue.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onBlur={() => {
              if ((search.trim() || undefined) !== filters.q) submitSearch();
            }}
          />
        </label>
        <label>
          <span className="sr-only">{t('queue.channel')}</span>
          <select
            value={filters.channel ?? ''}
            onChange={(e) => update({ channel: e.target.value || undefined })}
          >
            <option value="">{t('queue.anyChannel')}</option>
            {(['email', 'phone', 'web', 'monitoring'] as const).map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="sr-only">{t('queue.ente')}</span>
          <select
            value={filters.enteId ?? ''}
            onChange={(e) => update({ enteId: e.target.value || undefined })}
          >
            <option value="">{t('queue.anyEnte')}</option>
            {entes.data?.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
        {supervisor && <TeamFilter value={filters.teamId} onChange={(teamId) => update({ teamId })} />}
        {staff && <TagFilter value={filters.tag} onChange={(tag) => update({ tag })} />}
        {filters.view === 'any' && (
          <label>
            <span className="sr-only">{t('workspaceX.queue.status')}</span>
            <select
              value={filters.status ?? ''}
              onChange={(e) => update({ status: FILTER_STATUSES.find((s) => s === e.target.value) })}
            >
              <option value="">{t('workspaceX.queue.anyStatus')}</option>
              {FILTER_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          </label>
        )}
      </form>
      {staff && <BulkBar selected={[...selection.ids]} rows={rows} onDone={selection.clear} />}
      <table className="queue-table" aria-busy={tickets.isFetching}>
        <caption className="sr-only">{viewLabel(filters.view)}</caption>
        <thead>
          <tr>
            {staff && (
              <th scope="col" className="select-column">
                <SelectAll rows={rows} selection={selection} />
              </th>
            )}
            <SortHeader column="number" label={t('queue.number')} sort={filters.sort} onSort={sortBy} />
            <SortHeader
              column="channel"
              label={t('queue.channel')}
              sort={filters.sort}
              onSort={sortBy}
              hidden
            />
            <SortHeader column="subject" label={t('queue.subject')} sort={filters.sort} onSort={sortBy} />
            <SortHeader column="requester" label={t('queue.requester')} sort={filters.sort} onSort={sortBy} />
            <SortHeader column="ente" label={t('queue.ente')} sort={filters.sort} onSort={sortBy} />
            <SortHeader column="status" label={t('queue.status')} sort={filters.sort} onSort={sortBy} />
            <SortHeader column="assignee" label={t('queue.assignee')} sort={filters.sort} onSort={sortBy} />
            <SortHeader column="received" label={t('queue.age')} sort={filters.sort} onSort={sortBy} />
            <SortHeader column="due" label={t('queue.due')} sort={filters.sort} onSort={sortBy} />
            {staff && (
              <th scope="col" className="team-column">
                {t('teamsX.queue.column')}
              </th>
            )}
          </tr>
        </thead>
        <tbody ref={tableRef}>
          {rows.map((row, index) => (
            <QueueRow
              key={row.id}
              row={row}
              index={index}
              selected={index === selected}
              onSelect={setSelected}
              onOpen={openTicket}
              checked={staff ? selection.ids.has(row.id) : undefined}
              onCheck={staff ? selection.toggle : undefined}
              team={staff ? (row.teamId ? (teamNames.get(row.teamId) ?? '') : null) : undefined}
            />
          ))}
        </tbody>
      </table>
      {tickets.isLoading && <p className="muted">{t('queue.loading')}</p>}
      {staff && filters.view === 'team' && <MyTeamHint />}
      {!tickets.isLoading && rows.length === 0 && (
        <p className="muted">
          {t('queue.empty')}
          {filters.q && filters.view !== 'any' && (
            <>
              {' '}
              <button type="button" className="link" onClick={() => update({ view: 'any' })}>
                {t('workspaceX.queue.searchEverywhere')}
              </button>
            </>
          )}
        </p>
      )}
      {tickets.hasNextPage && (
        <button
          type="button"
          onClick={() => void tickets.fetchNextPage()}
          disabled={tickets.isFetchingNextPage}
        >
          {t('queue.more')}
        </button>
      )}
    </section>
  );
}

const QueueRow = memo(function QueueRow({
  row,
  index,
  selected,
  onSelect,
  onOpen,
  team,
  checked,
  onCheck,
}: {
  row: TicketRow;
  index: number;
  selected: boolean;
  onSelect: (index: number) => void;
  onOpen: (index: number) => void;
  /** The team's name (staff; null: no team); undefined: no team column (referents). */
  team?: string | null;
  /** Ticked for a bulk action (staff); undefined: no checkbox column (referents). */
  checked?: boolean;
  onCheck?: (id: string, on: boolean) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <tr
      className={selected ? 'selected' : undefined}
      aria-current={selected || undefined}
      data-ticket={row.number}
    >
      {onCheck && (
        <td className="select-column">
          <RowCheckbox row={row} checked={!!checked} onCheck={onCheck} />
        </td>
      )}
      <td>
        <Link
          className="ticket-link"
          to={`/tickets/${row.id}`}
          onFocus={() => onSelect(index)}
          onClick={(e) => {
            if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
            e.preventDefault();
            onOpen(index);
          }}
        >
          {row.number}
        </Link>
      </td>
      <td>
        <ChannelIcon channel={row.channel} />
      </td>
      <td className="subject">
        {row.subject}
        <RowTags tags={row.tags} />
      </td>
      <td>{row.requester?.name ?? '—'}</td>
      <td>{row.ente?.name ?? '—'}</td>
      <td>
        <span className={`status status-${row.status}`}>{t(`status.${row.status}`)}</span>
      </td>
      <td>{row.assignee?.name ?? <span className="muted">{t('queue.unassigned')}</span>}</td>
      <td title={formatDateTime(row.receivedAt, i18n.language)}>
        <Age since={row.receivedAt} />
      </td>
      <td className="clock-cell">
        <Countdown clock={row.nextClock} />
      </td>
      {team !== undefined && <td>{team ?? <span className="muted">{t('teamsX.queue.noTeam')}</span>}</td>}
    </tr>
  );
});

/**
 * A column header that sorts the queue by its column: a button (reachable by keyboard) inside the
 * header cell, which says its order to screen readers with aria-sort and to the eye with an arrow.
 */
function SortHeader({
  column,
  label,
  sort,
  onSort,
  hidden,
}: {
  column: SortColumn;
  label: string;
  sort: QueueFilters['sort'];
  onSort: (column: SortColumn) => void;
  hidden?: boolean;
}) {
  const { t } = useTranslation();
  const state = sortState(sort);
  const active = state.column === column;
  return (
    <th
      scope="col"
      className={`col-${column}`}
      aria-sort={active ? (state.ascending ? 'ascending' : 'descending') : undefined}
    >
      <button
        type="button"
        className="sort-header"
        onClick={() => onSort(column)}
        title={t('workspaceX.queue.sortBy', { column: label })}
      >
        <span className={hidden ? 'sr-only' : undefined}>{label}</span>
        <span aria-hidden="true" className="sort-arrow">
          {active ? (state.ascending ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );
}

function Age({ since }: { since: string }) {
  const { i18n } = useTranslation();
  const dayUnit = i18n.language === 'en' ? 'd' : 'g';
  const render = useCallback(
    (now: number) => ({ text: formatAge(now - Date.parse(since), dayUnit) }),
    [since, dayUnit],
  );
  const ref = useLiveFigure<HTMLSpanElement>(render);
  return <span ref={ref} />;
}
