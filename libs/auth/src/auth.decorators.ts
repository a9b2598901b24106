import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';

export const ROLES = ['admin', 'supervisor', 'agent', 'ente_referent'] as const;
export type Role = (typeof ROLES)[number];
/** Staff: everyone but a municipality's referent. The default when a route names no roles. */
export const STAFF: readonly Role[] = ['admin', 'supervisor', 'agent'];

/** Who is acting, set on the request by the AuthGuard. */
export interface Actor {
  id: string;
  role: Role;
  name: string;
  /** For an ente_referent, the entes they may see; empty for staff (who see every ente). */
  enteIds: string[];
  /** How they proved it: a browser session (CSRF-checked) or an API token. */
  via: 'session' | 'token';
  /** An API token's scopes (empty for sessions). */
  scopes: string[];
}

export const PUBLIC_KEY = 'helpdesk:public';
export const ROLES_KEY = 'helpdesk:roles';
export const SCOPE_KEY = 'helpdesk:scope';

/**
 * Reachable without signing in (login, health, the public status page). The OpenAPI document says
 * so with an explicit anonymous requirement (`security: [{}]`) instead of the global sign-in.
 */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiSecurity({}));
/** Only these roles may call the route; without it, staff only (deny by default for referents). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** An API token with this scope may call the route (sessions are checked by role as usual). */
export const TokenScope = (scope: string) => SetMetadata(SCOPE_KEY, scope);

export const CurrentActor = createParamDecorator(
  (_: unknown, context: ExecutionContext): Actor => context.switchToHttp().getRequest().actor,
);
