import { open } from 'node:fs/promises';

import { APP_CONFIG, AppConfig } from '@app/config';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { MonitoringService } from './monitoring.service';
import type { MonitoringEventInput } from './monitoring-event.types';
import { MonitoringLogCursorRepository } from './monitoring-log-cursor.repository';
import { logReadStart, settledLogBytes } from './nagios';
import { parseNagiosLog } from './nagios-import.util';

/** Read at most this much of the log per step (a day's log of a busy Nagios is tens of MB). */
const CHUNK_BYTES = 1 << 20;

/**
 * What availability needs from the log: HARD state changes, recoveries (SOFT ones end a HARD
 * problem too), the CURRENT/INITIAL state lines, and downtimes. Notes (flapping, acknowledgements)
 * reach the tickets by notification only: from the log they would be noted twice.
 */
function isLogHistory(e: MonitoringEventInput): boolean {
  if (e.kind === 'downtime') return true;
  if (e.kind !== 'state') return false;
  return e.stateType === 'HARD' || e.state === 'UP' || e.state === 'OK' || e.source !== 'alert';
}

/**
 * The worker follows Nagios's current log (NAGIOS_LOG_FILE), part of the `monitoring.reconcile`
 * job: status.dat shows only the state at the moment it is read, so a change and its recovery
 * between two reads (a flapping host, whose changes Nagios logs but does not notify; a notification
 * lost while the api was down) would be missing from availability. Lines are read once settled
 * (NAGIOS_LOG_SETTLE_SECONDS old), so that a notification gets there first; the position is kept
 * (monitoring_log_cursor) and starts over when Nagios rotates the log.
 */
@Injectable()
export class NagiosLogFollower {
  private readonly log = new Logger('NagiosLog');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly monitoring: MonitoringService,
    private readonly cursors: MonitoringLogCursorRepository,
  ) {}

  /** Null when NAGIOS_LOG_FILE is not set; a missing or unreadable file is an error (logged by the job). */
  async follow(now = new Date()): Promise<{ bytes: number; events: number; stored: number } | null> {
    const file = this.config.NAGIOS_LOG_FILE;
    if (!file) return null;
    const settledBefore = Math.floor(now.getTime() / 1000) - this.config.NAGIOS_LOG_SETTLE_SECONDS;
    const handle = await open(file, 'r');
    const result = { bytes: 0, events: 0, stored: 0 };
    try {
      const info = await handle.stat();
      const fileId = `${info.dev}:${info.ino}`;
      let position = logReadStart(await this.cursors.get(file), { fileId, size: info.size });
      const buffer = Buffer.alloc(CHUNK_BYTES);
      while (position < info.size) {
        const { bytesRead } = await handle.read(
          buffer,
          0,
          Math.min(CHUNK_BYTES, info.size - position),
          position,
        );
        const chunk = buffer.subarray(0, bytesRead);
        let consumed = settledLogBytes(chunk, settledBefore);
        // A whole chunk without a line end is no log line: passed over, not read for ever.
        if (consumed === 0 && bytesRead === CHUNK_BYTES && !chunk.includes(0x0a)) consumed = bytesRead;
        if (consumed === 0) break;
        const history = parseNagiosLog(chunk.subarray(0, consumed)).events.filter(isLogHistory);
        result.events += history.length;
        result.stored += await this.monitoring.recordLogHistory(history);
        position += consumed;
        result.bytes += consumed;
        await this.cursors.save(file, fileId, position);
      }
    } finally {
      await handle.close();
    }
    if (result.stored) this.log.log(`${file}: ${result.stored} state changes nobody notified, from the log`);
    return result;
  }
}
