import type { Status } from '../api/types';

/** The saved views of the queue: each a fixed filter the agents use every day. */
export type ViewName = 'all' | 'new' | 'mine' | 'due' | 'breached' | 'waiting';
export const VIEWS: ViewName[] = ['all', 'new', 'mine', 'due', 'breached', 'waiting'];

const OPEN: Status[] = ['new', 'open', 'waiting'];

export interface QueueFilters {
  view: ViewName;
  q?: string;
  channel?: string;
  enteId?: string;
  sort: 'due' | '-received';
}

/** The api query of a view plus the free filters on top. */
export function queueQuery(filters: QueueFilters, meId: string, limit: number) {
  const base = { q: filters.q, channel: filters.channel, enteId: filters.enteId, sort: filters.sort, limit };
  switch (filters.view) {
    case 'new':
      return { ...base, status: ['new'] };
    case 'mine':
      return { ...base, status: OPEN, assigneeId: meId };
    case 'due':
      return { ...base, status: OPEN, sla: 'at_risk', sort: 'due' };
    case 'breached':
      return { ...base, status: OPEN, sla: 'breached' };
    case 'waiting':
      return { ...base, status: ['waiting'] };
    case 'all':
      return { ...base, status: OPEN };
  }
}
