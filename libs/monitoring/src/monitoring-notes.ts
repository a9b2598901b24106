import type { MonitoringEventInput } from './monitoring-event.types';

const FLAPPING: Record<string, string> = {
  STARTED: 'flapping iniziato / flapping started',
  STOPPED: 'flapping terminato / flapping stopped',
  DISABLED: 'rilevamento del flapping disattivato / flapping detection disabled',
};
const DOWNTIME: Record<string, string> = {
  STARTED: 'fermo programmato iniziato / scheduled downtime started',
  STOPPED: 'fermo programmato terminato / scheduled downtime ended',
  CANCELLED: 'fermo programmato annullato / scheduled downtime cancelled',
};

/** What a note says on the ticket, Italian then English: never a state alert. */
export function noteText(e: MonitoringEventInput): string {
  const by = e.author ? ` da / by ${e.author}` : '';
  const comment = e.output ? `: ${e.output}` : '';
  switch (e.kind) {
    case 'acknowledgement':
      return `presa visione in Nagios / acknowledged in Nagios${by}${comment}`;
    case 'custom':
      return `notifica personalizzata / custom notification${by}${comment}`;
    case 'flapping':
      return `${FLAPPING[e.phase ?? ''] ?? `flapping ${e.phase}`}${comment}`;
    case 'downtime':
      return `${DOWNTIME[e.phase ?? ''] ?? `downtime ${e.phase}`}${comment}`;
    case 'state':
      return `${e.state ?? ''} ${e.output}`.trim();
  }
}
