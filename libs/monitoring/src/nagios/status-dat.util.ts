/**
 * Nagios's own picture of its objects, from its status file (status.dat, rewritten every
 * status_update_interval seconds) or from the end of a log: what reconciliation compares the help
 * desk's open problems with. Pure: no I/O, never throws.
 */
import type { NagiosEvent, NagiosHostState, NagiosServiceState, NagiosState } from './nagios-log.util';

export interface NagiosObjectStatus {
  host: string;
  service: string | null;
  /** The current state and its type (a SOFT state is still being retried). */
  state: NagiosState;
  stateType: 'SOFT' | 'HARD';
  stateSince: Date;
  /** The last HARD state: what tickets and availability follow. */
  hardState: NagiosState;
  hardStateSince: Date;
  output: string;
  perfData: string | null;
  acknowledged: boolean;
  /** In a scheduled downtime (scheduled_downtime_depth > 0): Nagios notifies nobody of its problems. */
  inDowntime: boolean;
}

const HOST_STATE_NUMBERS: readonly NagiosHostState[] = ['UP', 'DOWN', 'UNREACHABLE'];
const SERVICE_STATE_NUMBERS: readonly NagiosServiceState[] = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'];

/**
 * The hoststatus and servicestatus blocks of a status.dat. Objects never checked yet
 * (has_been_checked=0) are left out: Nagios does not know their state either.
 */
export function parseStatusDat(text: string): NagiosObjectStatus[] {
  const statuses: NagiosObjectStatus[] = [];
  let block: string | null = null;
  let fields: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const open = /^(\w+) \{$/.exec(line);
    if (open) {
      block = open[1];
      fields = {};
      continue;
    }
    if (line === '}') {
      const status = block === 'hoststatus' || block === 'servicestatus' ? toStatus(block, fields) : null;
      if (status) statuses.push(status);
      block = null;
      continue;
    }
    if (block === null) continue;
    const eq = line.indexOf('=');
    if (eq > 0) fields[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return statuses;
}

function toStatus(
  block: 'hoststatus' | 'servicestatus',
  f: Record<string, string>,
): NagiosObjectStatus | null {
  const isService = block === 'servicestatus';
  if (!f.host_name || (isService && !f.service_description) || f.has_been_checked !== '1') return null;
  const names: readonly NagiosState[] = isService ? SERVICE_STATE_NUMBERS : HOST_STATE_NUMBERS;
  // Out-of-range numbers as Nagios treats them: a host's non-zero result is DOWN, a service's UNKNOWN.
  const stateOf = (n: string | undefined) =>
    names[Number(n)] ?? (isService ? 'UNKNOWN' : Number(n) === 0 ? 'UP' : 'DOWN');
  const at = (epoch: string | undefined, fallback?: string) => {
    const seconds = Number(epoch) > 0 ? Number(epoch) : Number(fallback);
    return new Date((Number.isFinite(seconds) ? seconds : 0) * 1000);
  };
  const stateType = f.state_type === '1' ? 'HARD' : 'SOFT';
  const state = stateOf(f.current_state);
  return {
    host: f.host_name,
    service: isService ? f.service_description : null,
    state,
    stateType,
    stateSince: at(f.last_state_change, f.last_check),
    hardState: stateType === 'HARD' ? state : stateOf(f.last_hard_state),
    hardStateSince: at(f.last_hard_state_change, f.last_check),
    output: f.plugin_output ?? '',
    perfData: f.performance_data || null,
    acknowledged: f.problem_has_been_acknowledged === '1',
    inDowntime: Number(f.scheduled_downtime_depth) > 0,
  };
}

/**
 * Each object's state at the end of a log (its last state line; CURRENT/INITIAL lines count), in
 * the same shape as status.dat gives it, so that an imported log reconciles like the status file.
 */
export function statusFromLog(events: readonly NagiosEvent[]): NagiosObjectStatus[] {
  const byObject = new Map<string, NagiosObjectStatus>();
  const sorted = [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const e of sorted) {
    const key = `${e.host.toLowerCase()}\u0000${(e.service ?? '').toLowerCase()}`;
    const known = byObject.get(key);
    if (e.kind === 'acknowledgement' && known) known.acknowledged = true;
    if (e.kind === 'downtime' && known) known.inDowntime = e.phase === 'STARTED';
    if (e.kind !== 'state') continue;
    const next: NagiosObjectStatus = known ?? {
      host: e.host,
      service: e.service,
      state: e.state,
      stateType: e.stateType,
      stateSince: e.at,
      // A first SOFT state was retried from a HARD recovered state.
      hardState: e.stateType === 'HARD' ? e.state : e.service === null ? 'UP' : 'OK',
      hardStateSince: e.at,
      output: e.output,
      perfData: e.perfData,
      acknowledged: false,
      inDowntime: false,
    };
    if (known && known.state !== e.state) next.stateSince = e.at;
    next.state = e.state;
    next.stateType = e.stateType;
    next.output = e.output;
    next.perfData = e.perfData;
    // A recovery is the new HARD state even when logged SOFT (as Nagios's last_hard_state).
    if (e.stateType === 'HARD' || e.state === 'OK' || e.state === 'UP') {
      if (!known || known.hardState !== e.state) {
        next.hardStateSince = e.at;
        next.acknowledged = false;
      }
      next.hardState = e.state;
    }
    byObject.set(key, next);
  }
  return [...byObject.values()];
}
