import { randomUUID } from 'node:crypto';

import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';

import { isDatabaseUnavailable } from './database-unavailable';
import { DomainError, DomainErrorCode } from './domain.error';
import { requestProblem } from './request-errors';

const STATUS_BY_CODE: Record<DomainErrorCode, number> = {
  NOT_FOUND: HttpStatus.NOT_FOUND,
  CONFLICT: HttpStatus.CONFLICT,
  VERSION_CONFLICT: HttpStatus.CONFLICT,
  VALIDATION: HttpStatus.BAD_REQUEST,
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  RATE_LIMITED: HttpStatus.TOO_MANY_REQUESTS,
  UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
};

/**
 * One place that turns errors into HTTP answers: domain codes map to statuses, Nest's own
 * HttpExceptions pass through, anything else is a 500 with an error id and no internals.
 */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (error instanceof DomainError) {
      const status = STATUS_BY_CODE[error.code];
      res
        .status(status)
        .json({ statusCode: status, code: error.code, message: error.message, ...error.details });
      return;
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      // Nest's bare 400 for a body that is not JSON (or a bad %-escape): name what is wrong.
      const bare =
        status === HttpStatus.BAD_REQUEST && (typeof body === 'string' || !('fields' in body))
          ? requestProblem(error, error.message)
          : null;
      if (bare) {
        res.status(bare.status).json(bare.body);
        return;
      }
      res.status(status).json(typeof body === 'string' ? { statusCode: status, message: body } : body);
      return;
    }
    const refused = requestProblem(error);
    if (refused) {
      res.status(refused.status).json(refused.body);
      return;
    }
    if (isDatabaseUnavailable(error)) {
      res.status(HttpStatus.SERVICE_UNAVAILABLE).json({
        statusCode: 503,
        code: 'UNAVAILABLE',
        message: 'Servizio momentaneamente non disponibile / Service temporarily unavailable',
      });
      return;
    }
    // The request's id (X-Request-Id, on every log line of the request) when the logger gave it one.
    const requestId = (host.switchToHttp().getRequest<{ id?: unknown }>() ?? {}).id;
    const errorId = typeof requestId === 'string' ? requestId : randomUUID();
    this.logger.error(`Unhandled error ${errorId}: ${(error as Error)?.stack ?? String(error)}`);
    res.status(HttpStatus.INTERNAL_SERVER_ERROR).json({
      statusCode: 500,
      message: 'Errore interno / Internal error',
      errorId,
    });
  }
}
