import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Observable } from 'rxjs';

import { AuditService } from './audit.service';
import type { Actor } from './auth.decorators';

const READ_ACTION_KEY = 'referentReadAction';

/**
 * Writes one audit row for every read an ente referent makes on these routes (lists, searches,
 * reports and their exports): referents are outsiders to the help desk, so what they looked at is
 * accountable. The row is written before the answer, so a read that fails is recorded too.
 */
@Injectable()
export class ReferentReadAudit implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const actor = request.actor;
    if (actor?.role === 'ente_referent') {
      const action =
        this.reflector.getAllAndOverride<string>(READ_ACTION_KEY, [
          context.getHandler(),
          context.getClass(),
        ]) ?? 'referent_read';
      const query = request.query as Record<string, unknown>;
      await this.audit.record({
        actorId: actor.id,
        // A list with a text query is a search: named apart, it is what an audit looks for first.
        action: action === 'tickets_listed' && query.q ? 'tickets_searched' : action,
        ip: request.ip ?? null,
        details: { path: request.path, query, entes: actor.enteIds },
      });
    }
    return next.handle();
  }
}

/** Audits an ente referent's reads of this route or controller under `action`. */
export function AuditReferentReads(action: string) {
  return applyDecorators(SetMetadata(READ_ACTION_KEY, action), UseInterceptors(ReferentReadAudit));
}
