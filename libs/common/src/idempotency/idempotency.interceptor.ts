import { createHash, randomUUID } from 'node:crypto';

import {
  CallHandler,
  ExecutionContext,
  HttpStatus,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UnprocessableEntityException,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, Observable, of } from 'rxjs';

import { ConflictError, ValidationError } from '../domain.error';
import { IdempotencyAttempt, idempotencyAttempts } from './idempotency.context';
import { IdempotencyStore } from './idempotency.store';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const NOT_IDEMPOTENT_KEY = 'idempotency:skip';
/** Printable ASCII, as the IETF draft and the usual clients (UUIDs) have it. */
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/**
 * A creating route whose answer must never be stored (it shows a secret once: a new API token),
 * or that is no write: the Idempotency-Key header is ignored there.
 */
export const NotIdempotent = () => SetMetadata(NOT_IDEMPOTENT_KEY, true);

/**
 * Idempotency-Key on every POST a signed-in user makes (ticket creation, replies, notes, outages,
 * imports...): the same key from the same user within 24 hours answers the first request's answer
 * and writes nothing; while the first is still running, 409; with another request body, 422.
 * Requests without the header are untouched.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request & { actor?: { id: string } }>();
    const response = context.switchToHttp().getResponse<Response>();
    const header = request.headers[IDEMPOTENCY_HEADER];
    const targets = [context.getHandler(), context.getClass()];
    if (
      request.method !== 'POST' ||
      header === undefined ||
      !request.actor ||
      this.reflector.getAllAndOverride<boolean>(NOT_IDEMPOTENT_KEY, targets)
    ) {
      return next.handle();
    }
    const key = Array.isArray(header) ? header.join(',') : header;
    if (!KEY_PATTERN.test(key)) {
      throw new ValidationError([
        {
          field: 'Idempotency-Key',
          reason: 'da 1 a 200 caratteri ASCII stampabili / 1 to 200 printable ASCII characters',
        },
      ]);
    }
    const userId = request.actor.id;
    const owner = randomUUID();
    const claim = await this.store.claim(userId, key, fingerprint(request), owner);
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
    switch (claim.kind) {
      case 'mismatch':
        throw new UnprocessableEntityException(
          'Idempotency-Key già usata per un’altra richiesta / Idempotency-Key already used for a different request',
        );
      case 'in_flight':
        throw new ConflictError(
          'Una richiesta con questa Idempotency-Key è ancora in corso: riprova tra poco / A request with this Idempotency-Key is still running: retry shortly',
          { reason: 'idempotency_in_flight' },
        );
      case 'replay':
        response.setHeader('Idempotent-Replayed', 'true');
        response.status(claim.status);
        return of(claim.body);
      case 'lost': {
        // Written, but its answer never left: answered from what it created, as it is now.
        const read = this.store.replayOf(claim.resource);
        if (!read || !claim.resource) {
          throw new ConflictError(
            'La richiesta con questa Idempotency-Key è già stata eseguita; la sua risposta è andata persa / The request with this Idempotency-Key was already carried out; its answer was lost',
            { reason: 'idempotency_answer_lost' },
          );
        }
        response.setHeader('Idempotent-Replayed', 'true');
        const body = await read(claim.resource.id);
        await this.store.complete(userId, key, owner, status, body);
        return of(body);
      }
      case 'owned':
        return this.run(next, { userId, key, owner, committed: false, created: null }, status);
    }
  }

  /** The handler under the key: its success stored as the first answer, its failure lets the key go. */
  private run(next: CallHandler, attempt: IdempotencyAttempt, status: number): Observable<unknown> {
    return from(
      new Promise<unknown>((resolve, reject) => {
        idempotencyAttempts.run(attempt, () => {
          let last: unknown;
          next.handle().subscribe({
            next: (value) => (last = value),
            error: (error: unknown) => {
              const letGo = attempt.committed
                ? Promise.resolve()
                : this.store.release(attempt.userId, attempt.key, attempt.owner);
              void letGo.finally(() => reject(error));
            },
            complete: () => {
              void this.store
                .complete(attempt.userId, attempt.key, attempt.owner, status, storable(last))
                .finally(() => resolve(last));
            },
          });
        });
      }),
    );
  }
}

/** What identifies the request: method, path and body (a raw upload by its hash). */
function fingerprint(request: Request): string {
  const body: unknown = request.body;
  const content = Buffer.isBuffer(body)
    ? createHash('sha256').update(body).digest('hex')
    : JSON.stringify(body ?? null);
  return createHash('sha256').update(`${request.method} ${request.originalUrl}\n${content}`).digest('hex');
}

/** Plain JSON answers are stored; anything else (a stream, a file) replays as null. */
function storable(value: unknown): unknown {
  if (
    value === undefined ||
    Buffer.isBuffer(value) ||
    (value && typeof value === 'object' && 'getStream' in value)
  )
    return null;
  return value;
}
