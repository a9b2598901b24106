import { APP_CONFIG, AppConfig } from '@app/config';
import { Inject, Injectable } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

import { STAFF } from './auth.decorators';
import { SESSION_COOKIE } from './auth.guard';
import { AuthService } from './auth.service';

/**
 * What a public route may show only to signed-in staff in production: the API documentation and
 * the detail of the health check (database engine, latency, workers) map the install for an
 * attacker, while load balancers only need the bare status. Outside production both stay open
 * (developers, tests).
 */
@Injectable()
export class StaffGate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
  ) {}

  /** Whether this install hides the detail from anonymous callers. */
  get closed(): boolean {
    return this.config.NODE_ENV === 'production';
  }

  /** True outside production, or when the request carries a live staff session. */
  async allows(request: Request): Promise<boolean> {
    if (!this.closed) return true;
    const token = (request as Request & { cookies?: Record<string, string> }).cookies?.[SESSION_COOKIE];
    const session = token ? await this.auth.actorForSession(token) : null;
    return !!session && STAFF.includes(session.role);
  }

  /** Express middleware for routes outside Nest's guards (Swagger UI and its JSON): 401 unless allowed. */
  middleware(): RequestHandler {
    return (request: Request, response: Response, next: NextFunction) => {
      this.allows(request).then(
        (allowed) => {
          if (allowed) return next();
          response.setHeader('Cache-Control', 'no-store');
          response.status(401).json({
            statusCode: 401,
            error: 'Unauthorized',
            message: 'Accesso riservato al personale / Staff sign-in required',
          });
        },
        (error: unknown) => next(error),
      );
    };
  }
}
