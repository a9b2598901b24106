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

/**
 * Which of the rows read in a poll are news. The poll reads an overlapping window (a transaction
 * that started before the last poll may commit after it with an older updated_at), so the same
 * version of a ticket comes back several times: it is news only the first time.
 * Timestamps are ISO 8601 in UTC with milliseconds, so they compare as strings.
 */
export function newChanges(rows: readonly TicketChange[], seen: Map<string, string>): TicketChange[] {
  const fresh: TicketChange[] = [];
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
