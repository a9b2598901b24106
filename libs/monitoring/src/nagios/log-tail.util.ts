/**
 * Following Nagios's current log (nagios.log) as it grows. Pure: the caller reads the bytes.
 */

const NEWLINE = 0x0a;

/** Where reading starts: the stored position, or the file's start after a rotation or truncation. */
export function logReadStart(
  cursor: { fileId: string; position: number } | undefined,
  file: { fileId: string; size: number },
): number {
  if (!cursor || cursor.fileId !== file.fileId || cursor.position > file.size) return 0;
  return cursor.position;
}

/**
 * How many of `bytes` (read from the log at the cursor) may be read now: whole lines only (Nagios
 * may be half-way through writing the last one), and none stamped after `settledBefore` (epoch
 * seconds) or after such a line, so that the notification of a fresh change reaches the help desk
 * first and the log only fills in what none brought. A line without a `[epoch]` stamp goes with
 * the lines around it.
 */
export function settledLogBytes(bytes: Uint8Array, settledBefore: number): number {
  let consumed = 0;
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(NEWLINE, start);
    if (end < 0) return consumed;
    const stamp = lineStamp(bytes, start, end);
    if (stamp !== null && stamp > settledBefore) return consumed;
    consumed = end + 1;
    start = end + 1;
  }
}

/** The `[1764583200]` at the start of a log line, or null. */
function lineStamp(bytes: Uint8Array, start: number, end: number): number | null {
  if (bytes[start] !== 0x5b /* [ */) return null;
  let value = 0;
  let i = start + 1;
  for (; i < end && bytes[i]! >= 0x30 && bytes[i]! <= 0x39; i++) value = value * 10 + (bytes[i]! - 0x30);
  return i > start + 1 && bytes[i] === 0x5d /* ] */ ? value : null;
}
