import { isRobotAddress } from '@app/mail';

/** What the corpus runner keeps of each file's ingestion result. */
export interface CorpusLine {
  file: string;
  outcome: string;
  kind: string;
  from: string | null;
  acknowledged: boolean;
  /** For a duplicate: the file it duplicates (null when that one is not in the run). */
  duplicateOf: string | null;
}

/** Kinds that are machine-made: never a ticket, never an acknowledgement. */
const MACHINE_KINDS = new Set([
  'bounce',
  'delivery_delay',
  'feedback_report',
  'read_receipt',
  'auto_reply',
  'pec_receipt',
  'list_notice',
]);

/** Bounces and complaints: the outside check allows at most 1% of them as tickets. */
const BOUNCE_OR_COMPLAINT = new Set(['bounce', 'delivery_delay', 'feedback_report']);

function countBy(lines: readonly CorpusLine[], key: (l: CorpusLine) => string): string {
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(key(line), (counts.get(key(line)) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

/**
 * The end-of-run summary: the figures an outside check looks at (crashes, tickets, acknowledgements
 * and to whom, machine mail that opened tickets, duplicates and of what), then counts by outcome,
 * by kind and by kind x outcome.
 */
export function corpusSummary(
  lines: readonly CorpusLine[],
  crashes: number,
  kib: number,
  /** Recipients of the acknowledgements in the outbox (Reply-To when there was one). */
  ackRecipients: readonly string[] = [],
  /** Mails quarantined because processing threw: crashes the pipeline caught (they have a line). */
  caught = 0,
): string[] {
  const tickets = lines.filter((l) => l.outcome === 'ticket_created');
  const acks = lines.filter((l) => l.acknowledged);
  const acksToMachine = acks.filter((l) => MACHINE_KINDS.has(l.kind) || isRobotAddress(l.from ?? ''));
  const machineTickets = tickets.filter((l) => MACHINE_KINDS.has(l.kind));
  const reports = lines.filter((l) => BOUNCE_OR_COMPLAINT.has(l.kind));
  const reportTickets = reports.filter((l) => l.outcome === 'ticket_created');
  const duplicates = lines.filter((l) => l.outcome === 'duplicate');
  const out = [
    `files: ${lines.length + crashes} (${kib} KiB), crashes: ${crashes + caught}${caught ? ` (${caught} caught and quarantined)` : ''}`,
    `tickets opened: ${tickets.length} (machine mail: ${machineTickets.length}${
      machineTickets.length ? ` - ${machineTickets.map((l) => l.file).join(' ')}` : ''
    })`,
    `bounces/complaints: ${reports.length}, as tickets: ${reportTickets.length}`,
    `acknowledgements queued: ${acks.length} (to machine mail or robot addresses: ${acksToMachine.length}${
      acksToMachine.length ? ` - ${acksToMachine.map((l) => l.file).join(' ')}` : ''
    })`,
    `acknowledgement recipients that look like machines: ${ackRecipients.filter(isRobotAddress).length}`,
    `duplicates: ${duplicates.length}${
      duplicates.length ? ` - ${duplicates.map((l) => `${l.file} = ${l.duplicateOf ?? '?'}`).join(' ')}` : ''
    }`,
    `by outcome: ${countBy(lines, (l) => l.outcome)}`,
    `by kind: ${countBy(lines, (l) => l.kind)}`,
    `by kind/outcome: ${countBy(lines, (l) => `${l.kind}/${l.outcome}`)}`,
  ];
  return out;
}
