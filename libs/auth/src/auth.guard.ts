import { ForbiddenError, UnauthenticatedError } from '@app/common';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';

import { Actor, PUBLIC_KEY, Role, ROLES_KEY, SCOPE_KEY, STAFF } from './auth.decorators';
import { AuthService } from './auth.service';

export const SESSION_COOKIE = 'hd_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one authorisation point, global and deny by default: a route is reachable only when marked
 * @Public, or by a signed-in user whose role the route allows (staff when it names none), or by
 * an API token carrying the scope the route names. Browser sessions must echo their CSRF token
 * on every state-changing request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    // What needs a sign-in (answers, exports, and the refusals too) is never kept by a browser or proxy cache.
    context.switchToHttp().getResponse<Response>().setHeader('Cache-Control', 'no-store');
    const request = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const actor = await this.identify(request);
    if (actor.via === 'token') {
      const scope = this.reflector.getAllAndOverride<string | undefined>(SCOPE_KEY, targets);
      if (!scope || !actor.scopes.includes(scope)) {
        throw new ForbiddenError(
          'Il token non ha accesso a questa risorsa / The token has no access to this resource',
        );
      }
    } else {
      const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? STAFF;
      if (!roles.includes(actor.role)) throw new ForbiddenError();
    }
    request.actor = actor;
    return true;
  }

  private async identify(request: Request): Promise<Actor> {
    // The scheme name is case-insensitive (RFC 9110 11.1): "bearer x" is the same credential.
    const bearer = /^bearer[ \t]+(.+)$/i.exec(request.headers.authorization ?? '');
    if (bearer) {
      const actor = await this.auth.actorForToken(bearer[1].trim());
      if (!actor) throw new UnauthenticatedError('Token non valido o revocato / Invalid or revoked token');
      return actor;
    }
    const token = (request as Request & { cookies?: Record<string, string> }).cookies?.[SESSION_COOKIE];
    const session = token ? await this.auth.actorForSession(token) : null;
    if (!session) throw new UnauthenticatedError();
    if (!SAFE_METHODS.has(request.method))
      this.auth.checkCsrf(session.csrfToken, request.headers[CSRF_HEADER]);
    const { csrfToken, ...actor } = session;
    // /api/auth/me hands it back to a reloaded page (same-origin reads only; the cookie alone is not enough).
    (request as Request & { csrfToken?: string }).csrfToken = csrfToken;
    return actor;
  }
}
