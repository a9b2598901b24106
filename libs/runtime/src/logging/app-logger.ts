import { Inject, Injectable, LogLevel } from '@nestjs/common';
import { Logger, Params, PARAMS_PROVIDER_TOKEN, PinoLogger } from 'nestjs-pino';

import { isLogged, LOG_LEVEL_ORDER, mostVerbose, PINO_LEVEL } from './module-log-levels';

export const LOG_SETTINGS = Symbol('LOG_SETTINGS');

/** The default level and the per-module levels; changed at runtime by admins (GET/PUT /api/admin/log-levels). */
export class LogSettings {
  constructor(
    public defaultLevel: LogLevel,
    public readonly modules: Map<string, LogLevel>,
  ) {}

  /** pino's own threshold: the most verbose level any module asks for. */
  rootPinoLevel(): string {
    return PINO_LEVEL[mostVerbose(this.defaultLevel, this.modules)];
  }
}

/**
 * Nest's logger on pino (nestjs-pino): JSON lines with the request id of the request being served
 * (AsyncLocalStorage), filtered per module by the logger's context name before pino sees them.
 */
@Injectable()
export class AppLogger extends Logger {
  constructor(
    logger: PinoLogger,
    @Inject(PARAMS_PROVIDER_TOKEN) params: Params,
    @Inject(LOG_SETTINGS) private readonly settings: LogSettings,
  ) {
    super(logger, params);
  }

  override verbose(message: unknown, ...params: unknown[]): void {
    if (this.allows('verbose', params)) super.verbose(message, ...params);
  }
  override debug(message: unknown, ...params: unknown[]): void {
    if (this.allows('debug', params)) super.debug(message, ...params);
  }
  override log(message: unknown, ...params: unknown[]): void {
    if (this.allows('log', params)) super.log(message, ...params);
  }
  override warn(message: unknown, ...params: unknown[]): void {
    if (this.allows('warn', params)) super.warn(message, ...params);
  }
  override error(message: unknown, ...params: unknown[]): void {
    if (this.allows('error', params)) super.error(message, ...params);
  }
  override fatal(message: unknown, ...params: unknown[]): void {
    if (this.allows('fatal', params)) super.fatal(message, ...params);
  }

  /** Changes one module's level (or the default, for context `*`) in this process. */
  setLevel(context: string, level: LogLevel | null): void {
    if (context === '*') {
      if (level) this.settings.defaultLevel = level;
    } else if (level) {
      this.settings.modules.set(context, level);
    } else {
      this.settings.modules.delete(context);
    }
    PinoLogger.root.level = this.settings.rootPinoLevel();
  }

  levels(): { default: LogLevel; modules: Record<string, LogLevel>; known: LogLevel[] } {
    return {
      default: this.settings.defaultLevel,
      modules: Object.fromEntries(this.settings.modules),
      known: LOG_LEVEL_ORDER,
    };
  }

  private allows(level: LogLevel, params: unknown[]): boolean {
    const context = params.length > 0 ? params[params.length - 1] : undefined;
    return isLogged(
      level,
      typeof context === 'string' ? context : undefined,
      this.settings.defaultLevel,
      this.settings.modules,
    );
  }
}
