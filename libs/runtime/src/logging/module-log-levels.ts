import type { LogLevel } from '@nestjs/common';

/** Nest's levels from the most to the least severe. */
export const LOG_LEVEL_ORDER: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** pino's name for each of Nest's levels. */
export const PINO_LEVEL: Record<LogLevel, string> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVEL_ORDER as string[]).includes(value);
}

/**
 * `LOG_LEVELS=MailIngest=debug,HTTP=warn`: a level per module (the logger's context name), over
 * LOG_LEVEL for everything else. Throws naming the first entry that is not `Context=level`.
 */
export function parseModuleLevels(text: string | undefined): Map<string, LogLevel> {
  const levels = new Map<string, LogLevel>();
  for (const entry of (text ?? '').split(',').map((e) => e.trim())) {
    if (!entry) continue;
    const [context, level, ...rest] = entry.split('=').map((p) => p.trim());
    if (!context || !level || rest.length > 0 || !isLogLevel(level)) {
      throw new Error(`"${entry}" is not Context=level (levels: ${LOG_LEVEL_ORDER.join(', ')})`);
    }
    levels.set(context, level);
  }
  return levels;
}

/** Whether a message at `level` from `context` is written, given the default and the per-module levels. */
export function isLogged(
  level: LogLevel,
  context: string | undefined,
  defaultLevel: LogLevel,
  modules: ReadonlyMap<string, LogLevel>,
): boolean {
  const threshold = (context && modules.get(context)) || defaultLevel;
  return LOG_LEVEL_ORDER.indexOf(level) <= LOG_LEVEL_ORDER.indexOf(threshold);
}

/** The most verbose level any module needs: the root logger must let it through. */
export function mostVerbose(defaultLevel: LogLevel, modules: ReadonlyMap<string, LogLevel>): LogLevel {
  return [defaultLevel, ...modules.values()].reduce((a, b) =>
    LOG_LEVEL_ORDER.indexOf(b) > LOG_LEVEL_ORDER.indexOf(a) ? b : a,
  );
}
