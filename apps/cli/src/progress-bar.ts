/** `\r[#####     ] 1500/5495` on stderr, so stdout keeps only the report. */
export function progressBar(done: number, total: number, label = ''): void {
  if (!process.stderr.isTTY && process.env.CLI_PROGRESS !== '1') return;
  const width = 30;
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : width;
  process.stderr.write(`\r${label}[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}`);
}
