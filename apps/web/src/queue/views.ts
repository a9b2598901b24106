import type { Status } from '../api/types';

/**
 * The saved views of the queue: each a fixed filter the agents use every day. 'all' is every open
 * ticket (the default); 'any' is every ticket in any status, with a status filter, where resolved
 * and closed tickets are found again.
 */
export type ViewName = 'all' | 'new' | 'mine' | 'team' | 'due' | 'breached' | 'waiting' | 'any';
export const VIEWS: ViewName[] = ['all', 'new', 'mine', 'team', 'due', 'breached', 'waiting', 'any'];
/** 'team' is "Il mio team" (issue 19): staff only, referents never see teams. */
export const STAFF_VIEWS: ViewName[] = ['team'];

const OPEN: Status[] = ['new', 'open', 'waiting'];
export const FILTER_STATUSES: Status[] = ['new', 'open', 'waiting', 'resolved', 'resolved_not_competent'];

/** The queue's columns an agent can sort by, each both ways ('-' first: descending). */
export type SortColumn =
  'number' | 'channel' | 'subject' | 'requester' | 'ente' | 'status' | 'assignee' | 'received' | 'due';
export type QueueSort = SortColumn | `-${SortColumn}`;
const SORT_COLUMNS: SortColumn[] = [
  'number',
  'channel',
  'subject',
  'requester',
  'ente',
  'status',
  'assignee',
  'received',
  'due',
];
export const DEFAULT_SORT: QueueSort = 'due';

export function parseSort(raw: string | null): QueueSort {
  const column = raw?.startsWith('-') ? raw.slice(1) : raw;
  return SORT_COLUMNS.includes(column as SortColumn) ? (raw as QueueSort) : DEFAULT_SORT;
}

/** The column a sort is on and whether it runs ascending. */
export function sortState(sort: QueueSort): { column: SortColumn; ascending: boolean } {
  return sort.startsWith('-')
    ? { column: sort.slice(1) as SortColumn, ascending: false }
    : { column: sort as SortColumn, ascending: true };
}

/** A click on a column's header: ascending first, then the other way round. */
export function nextSort(current: QueueSort, column: SortColumn): QueueSort {
  const state = sortState(current);
  return state.column === column && state.ascending ? `-${column}` : column;
}

export interface QueueFilters {
  view: ViewName;
  q?: string;
  channel?: string;
  enteId?: string;
  /** Only in the 'any' view: one status, or every status. */
  status?: Status;
  /** Supervisors' and admins' team filter (issue 19). */
  teamId?: string;
  /** Staff's tag filter (issue 19.5). */
  tag?: string;
  sort: QueueSort;
}

/** The api query of a view plus the free filters on top. */
export function queueQuery(filters: QueueFilters, meId: string, limit: number) {
  const base = {
    q: filters.q,
    channel: filters.channel,
    enteId: filters.enteId,
    teamId: filters.teamId,
    tag: filters.tag,
    sort: filters.sort,
    limit,
  };
  switch (filters.view) {
    case 'new':
      return { ...base, status: ['new'] };
    case 'mine':
      return { ...base, status: OPEN, assigneeId: meId };
    case 'team':
      return { ...base, status: OPEN, myTeams: true };
    case 'due':
      return { ...base, status: OPEN, sla: 'at_risk', sort: 'due' };
    case 'breached':
      return { ...base, status: OPEN, sla: 'breached' };
    case 'waiting':
      return { ...base, status: ['waiting'] };
    case 'all':
      return { ...base, status: OPEN };
    case 'any':
      return { ...base, status: filters.status ? [filters.status] : undefined };
  }
}
