import { ForbiddenError, RateLimitedError, UnauthenticatedError } from '@app/common';
import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

import type { Actor, Role } from './auth.decorators';
import { CSRF_HEADER, SESSION_COOKIE } from './auth.guard';
import { AuthService } from './auth.service';

type Caller = Actor & { csrfToken?: string };
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who is calling, found before Express reads a request's body: the global guard runs only after
 * the body parsers, so without this an anonymous client could make the api read (and hold) a
 * large body just to be told 401. Only identifies and refuses; the guard still decides each route.
 */
@Injectable()
export class RequestGate {
  /** Uploads in progress per user, in this process. */
  private readonly running = new Map<string, number>();

  constructor(private readonly auth: AuthService) {}

  /** The caller behind the session cookie or the Bearer token, or null (nothing else checked). */
  async caller(request: Request): Promise<Caller | null> {
    const bearer = /^bearer[ \t]+(.+)$/i.exec(request.headers.authorization ?? '');
    if (bearer) return this.auth.actorForToken(bearer[1].trim());
    const token = (request as Request & { cookies?: Record<string, string> }).cookies?.[SESSION_COOKIE];
    return token ? this.auth.actorForSession(token) : null;
  }

  /**
   * Middleware for routes with large bodies: answers 401 (no or bad credential), 403 (another
   * role, a machine token, which these routes never take, or no CSRF token) and 429 (past
   * `concurrent` requests of one user at once) before a byte of the body is read. The refusal
   * closes the connection, so a client still sending is cut off rather than drained.
   */
  beforeBody(roles: readonly Role[], concurrent = Number.POSITIVE_INFINITY): RequestHandler {
    return (request: Request, response: Response, next: NextFunction) => {
      if (SAFE_METHODS.has(request.method)) return next();
      const refuse = (error: Error) => {
        response.setHeader('Connection', 'close');
        next(error);
      };
      this.caller(request).then((caller) => {
        if (!caller) return refuse(new UnauthenticatedError());
        if (caller.via !== 'session' || !roles.includes(caller.role)) return refuse(new ForbiddenError());
        try {
          this.auth.checkCsrf(caller.csrfToken ?? '', request.headers[CSRF_HEADER]);
        } catch (error) {
          return refuse(error as Error);
        }
        const now = this.running.get(caller.id) ?? 0;
        if (now >= concurrent) {
          return refuse(
            new RateLimitedError(
              `Al massimo ${concurrent} caricamenti alla volta / At most ${concurrent} uploads at a time`,
              1,
            ),
          );
        }
        this.running.set(caller.id, now + 1);
        response.once('close', () => {
          const left = (this.running.get(caller.id) ?? 1) - 1;
          if (left > 0) this.running.set(caller.id, left);
          else this.running.delete(caller.id);
        });
        // A client that asked "Expect: 100-continue" sends the body only now.
        if (/100-continue/i.test(request.headers.expect ?? '')) response.writeContinue();
        next();
      }, refuse);
    };
  }
}
