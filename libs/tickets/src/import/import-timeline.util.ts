import type { PlannedEvent } from '../workflow/ticket-workflow';
import type { ImportRow } from './ticket-import.types';

/** When an imported waiting ticket started waiting: after its answer, or when it was taken. */
export function waitingSince(row: ImportRow): Date | null {
  return row.status === 'waiting' ? (row.firstAnsweredAt ?? row.takenInChargeAt) : null;
}

/** The last thing that happened to the ticket: its `updated_at`. */
export function lastInstant(row: ImportRow): Date {
  const instants = [row.receivedAt, row.takenInChargeAt, row.firstAnsweredAt, row.resolvedAt].filter(
    (d): d is Date => !!d,
  );
  return new Date(Math.max(...instants.map((d) => d.getTime())));
}

/**
 * The timeline an imported ticket would have if it had lived in the help desk, in the shapes
 * the workflow writes (`ticket-workflow.ts`), marked `imported`. Reports rebuild a ticket's past
 * status from the `status_changed` events, so they follow the row's instants exactly and are
 * listed in the order they happened (ties keep this order through the event ids).
 */
export function importTimeline(
  row: ImportRow,
  refs: { enteId: string; requesterId: string | null },
): PlannedEvent[] {
  const events: PlannedEvent[] = [
    {
      type: 'created',
      occurredAt: row.receivedAt,
      payload: {
        channel: row.channel,
        number: row.number,
        malfunction: false,
        enteId: refs.enteId,
        requesterId: refs.requesterId,
        imported: true,
      },
    },
    {
      type: 'message',
      occurredAt: row.receivedAt,
      payload: { direction: 'in', via: row.channel },
      body: row.subject,
    },
  ];
  if (row.takenInChargeAt) {
    events.push(
      {
        type: 'taken_in_charge',
        occurredAt: row.takenInChargeAt,
        payload: { agentId: null, imported: true, ...(row.takenImplicitly ? { implicit: true } : {}) },
      },
      { type: 'status_changed', occurredAt: row.takenInChargeAt, payload: { from: 'new', to: 'open' } },
    );
  }
  if (row.firstAnsweredAt) {
    events.push({
      type: 'message',
      occurredAt: row.firstAnsweredAt,
      payload: { direction: 'out', via: row.channel === 'phone' ? 'phone' : 'email', imported: true },
    });
  }
  const waitingAt = waitingSince(row);
  if (waitingAt) {
    events.push({
      type: 'status_changed',
      occurredAt: waitingAt,
      payload: { from: 'open', to: 'waiting' },
    });
  }
  if (row.resolvedAt && (row.status === 'resolved' || row.status === 'resolved_not_competent')) {
    events.push({
      type: 'status_changed',
      occurredAt: row.resolvedAt,
      payload: {
        from: 'open',
        to: row.status,
        ...(row.status === 'resolved_not_competent' ? { redirectedTo: row.redirectedTo } : {}),
      },
    });
  }
  return events;
}
