import type { Widen } from '../widen';

/**
 * The workspace strings added in the second wave, in their own file so that work on different
 * areas never edits the same dictionary lines (merged into it.ts and en.ts under `workspaceX`).
 */
export const workspaceIt = {
  queue: {
    status: 'Stato',
    anyStatus: 'Qualsiasi stato',
    searchEverywhere: 'Cerca in tutti i ticket',
    sortBy: 'Ordina per {{column}}',
  },
};

export const workspaceEn: Widen<typeof workspaceIt> = {
  queue: {
    status: 'Status',
    anyStatus: 'Any status',
    searchEverywhere: 'Search all tickets',
    sortBy: 'Sort by {{column}}',
  },
};
