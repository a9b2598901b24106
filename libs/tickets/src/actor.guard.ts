import { ForbiddenError, UnauthenticatedError } from '@app/common';
import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { UserEntity, UserRole } from './entities';

const ROLES_KEY = 'helpdesk:roles';
/** Only these roles may call the route (checked by ActorGuard after it identifies the user). */
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES_KEY, roles);

export const ACTOR_HEADER = 'x-user-id';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who is acting. Until sessions land (the auth issue), the acting user is named by the
 * `X-User-Id` header and must be an active user; the auth guard will set the same
 * `request.actor` from the session instead.
 */
@Injectable()
export class ActorGuard implements CanActivate {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest();
    const id = request.headers[ACTOR_HEADER];
    if (typeof id !== 'string' || !UUID.test(id)) {
      throw new UnauthenticatedError('Utente non identificato (X-User-Id) / Unknown user (X-User-Id)');
    }
    const user = await this.dataSource.getRepository(UserEntity).findOne({ where: { id, active: true } });
    if (!user) throw new UnauthenticatedError('Utente sconosciuto o disattivato / Unknown or inactive user');
    request.actor = { id: user.id, role: user.role, name: user.name };
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (roles && !roles.includes(user.role)) throw new ForbiddenError();
    return true;
  }
}

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext) => {
  return context.switchToHttp().getRequest().actor;
});
