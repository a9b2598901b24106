/** A ticket as the change feed sees it: enough for a queue to know what to refetch. */
export interface TicketChange {
  id: string;
  number: string;
  status: string;
  version: number;
  /** Whose ticket it is: an ente referent's stream carries only their entes' tickets. */
  enteId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A row a polled feed follows: its id and when it last changed (ISO text, comparable as a string). */
export interface Versioned {
  id: string;
  updatedAt: string;
}

/**
 * Which of the rows read in a poll are news. The poll reads an overlapping window (a transaction
 * that started before the last poll may commit after it with an older updated_at), so the same
 * version of a ticket comes back several times: it is news only the first time.
 * Timestamps are ISO 8601 in UTC with milliseconds, so they compare as strings.
 */
export function newChanges<T extends Versioned>(rows: readonly T[], seen: Map<string, string>): T[] {
  const fresh: T[] = [];
  for (const row of rows) {
    // updated_at, not version: a message added by ingestion touches the ticket without a new version.
    const last = seen.get(row.id);
    if (last !== undefined && last >= row.updatedAt) continue;
    seen.set(row.id, row.updatedAt);
    fresh.push(row);
  }
  return fresh;
}

/** Forgets the versions older than the window, so the map stays as small as the window. */
export function pruneSeen(seen: Map<string, string>, stillInWindow: ReadonlySet<string>): void {
  for (const id of seen.keys()) if (!stillInWindow.has(id)) seen.delete(id);
}
