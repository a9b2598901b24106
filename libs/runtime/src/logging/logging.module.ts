import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { APP_CONFIG, AppConfig } from '@app/config';
import { Global, Module } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { LoggerModule, Params } from 'nestjs-pino';
import { destination } from 'pino';
import type { Options } from 'pino-http';

import { AppLogger, LOG_SETTINGS, LogSettings } from './app-logger';
import { acceptedRequestId, maskEmails, pathOnly, REDACTED_PATHS } from './log-privacy';
import { parseModuleLevels } from './module-log-levels';

/** Requests not worth a line each: probes, scrapes, the UI's static files and the live stream. */
function quietRequest(req: IncomingMessage): boolean {
  const path = pathOnly(req.url);
  return (
    path.startsWith('/api/health') ||
    path === '/api/metrics' ||
    path === '/api/events' ||
    (!path.startsWith('/api/') && !path.startsWith('/status'))
  );
}

const settingsProvider = {
  provide: LOG_SETTINGS,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => new LogSettings(config.LOG_LEVEL, parseModuleLevels(config.LOG_LEVELS)),
};

/**
 * Structured logs: JSON lines in production (pretty in development, LOG_FORMAT), every line of a
 * request carrying its id (`reqId`, also sent back as `X-Request-Id` and used as a 500's
 * `errorId`), credentials redacted, e-mail addresses masked, query strings never written.
 */
@Global()
@Module({
  imports: [
    LoggerModule.forRootAsync({
      providers: [settingsProvider],
      inject: [APP_CONFIG, LOG_SETTINGS],
      useFactory: (config: AppConfig, settings: LogSettings): Params => {
        const options: Options = {
          level: settings.rootPinoLevel(),
          quietReqLogger: true,
          customAttributeKeys: { reqId: 'reqId' },
          genReqId: (req: IncomingMessage, res: ServerResponse) => {
            const id = acceptedRequestId(req.headers['x-request-id']) ?? randomUUID();
            res.setHeader('X-Request-Id', id);
            // The request's trace says which request it was (when tracing is on).
            trace.getActiveSpan()?.setAttribute('helpdesk.request_id', id);
            return id;
          },
          autoLogging: { ignore: quietRequest },
          // Log lines name the trace and span they were written in, to jump from a line to its trace.
          mixin: () => {
            const span = trace.getActiveSpan()?.spanContext();
            return span && span.traceFlags ? { traceId: span.traceId, spanId: span.spanId } : {};
          },
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          serializers: {
            req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
              id: req.id,
              method: req.method,
              url: pathOnly(req.url),
              remoteAddress: req.remoteAddress,
            }),
          },
          hooks: {
            logMethod(args, method) {
              method.apply(this, args.map((a) => (typeof a === 'string' ? maskEmails(a) : a)) as typeof args);
            },
          },
        };
        if (config.LOG_FILE) {
          return { pinoHttp: [options, destination({ dest: config.LOG_FILE, append: true, sync: true })] };
        }
        const format = config.LOG_FORMAT ?? (config.NODE_ENV === 'development' ? 'pretty' : 'json');
        if (format === 'pretty') {
          options.transport = {
            target: 'pino-pretty',
            options: { singleLine: true, translateTime: 'SYS:standard' },
          };
        }
        return { pinoHttp: options };
      },
    }),
  ],
  providers: [settingsProvider, AppLogger],
  exports: [AppLogger, LOG_SETTINGS],
})
export class LoggingModule {}
