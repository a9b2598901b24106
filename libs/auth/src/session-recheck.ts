import type { Request } from 'express';

import type { Actor } from './auth.decorators';
import { SESSION_COOKIE } from './auth.guard';
import { AuthService } from './auth.service';

/**
 * Whether the credential a long-lived request (the live event stream) was opened with still
 * stands for the same user in the same role: false after sign-out, expiry, idling out,
 * deactivation, a role change or the revocation of the API token. Does not extend the session.
 */
export async function stillSignedIn(auth: AuthService, request: Request, actor: Actor): Promise<boolean> {
  const bearer = /^bearer[ \t]+(.+)$/i.exec(request.headers.authorization ?? '');
  const now = bearer
    ? await auth.actorForToken(bearer[1].trim())
    : await auth.actorForSession(
        (request as Request & { cookies?: Record<string, string> }).cookies?.[SESSION_COOKIE] ?? '',
        { touch: false },
      );
  return (
    !!now &&
    now.id === actor.id &&
    now.role === actor.role &&
    // A referent who lost an ente must not keep receiving its tickets.
    actor.enteIds.every((id) => now.enteIds.includes(id))
  );
}
