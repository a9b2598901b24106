import { ConflictError, NotFoundError, ValidationError } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { AuditService } from './audit.service';
import type { Role } from './auth.decorators';
import { CreateTokenDto, CreateUserDto, UpdateUserDto } from './auth.dto';
import { AuthRepository } from './auth.repository';
import { hashPassword, passwordRefusal } from './password.util';
import { SessionCacheInvalidator } from './session-cache/session-cache-invalidator';
import { newSecret, sha256 } from './token.util';
import { AdminUserRow, ApiTokenListRow, LockPolicy, UsersAdminRepository } from './users-admin.repository';

/** Admins' users (roles audited) and machine tokens (shown once, stored hashed, revocable). */
@Injectable()
export class UsersAdminService {
  constructor(
    private readonly users: UsersAdminRepository,
    private readonly repo: AuthRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionCacheInvalidator,
  ) {}

  private get lock(): LockPolicy {
    return { after: this.config.LOGIN_LOCK_AFTER, minutes: this.config.LOGIN_LOCK_MINUTES };
  }

  list(): Promise<AdminUserRow[]> {
    return this.users.list(this.lock);
  }

  async get(id: string): Promise<AdminUserRow> {
    const row = await this.users.find(id, this.lock);
    if (!row) throw new NotFoundError('Utente / User', id);
    return row;
  }

  /** Lets every client address try this user's e-mail address again (after a stranger's guesses). */
  async unlock(id: string, adminId: string, ip: string | null) {
    const user = await this.repo.userById(id);
    if (!user) throw new NotFoundError('Utente / User', id);
    const refused = await this.repo.unlock(user.email, this.config.LOGIN_LOCK_AFTER);
    await this.audit.record({
      actorId: adminId,
      action: 'user_unlocked',
      targetType: 'user',
      targetId: id,
      ip,
      details: { refusedSources: refused },
    });
    return this.get(id);
  }

  async create(dto: CreateUserDto, adminId: string, ip: string | null) {
    const problem = passwordRefusal(dto.password);
    if (problem) throw new ValidationError([{ field: 'password', ...problem }]);
    const hash = await hashPassword(dto.password);
    const id = await this.users.transaction(async (em) => {
      const userId = await this.users.insert(em, {
        email: dto.email,
        name: dto.name,
        role: dto.role,
        passwordHash: hash,
      });
      if (!userId) {
        throw new ValidationError([{ field: 'email', reason: 'utente già esistente / user already exists' }]);
      }
      await this.setEntes(em, userId, dto.role, dto.enteIds ?? []);
      await this.audit.record(
        {
          actorId: adminId,
          action: 'user_created',
          targetType: 'user',
          targetId: userId,
          ip,
          details: { role: dto.role },
        },
        em,
      );
      return userId;
    });
    return this.get(id);
  }

  async update(id: string, dto: UpdateUserDto, adminId: string, ip: string | null) {
    const user = await this.repo.userById(id);
    if (!user) throw new NotFoundError('Utente / User', id);
    if (dto.password !== undefined) {
      const problem = passwordRefusal(dto.password);
      if (problem) throw new ValidationError([{ field: 'password', ...problem }]);
    }
    const hash = dto.password !== undefined ? await hashPassword(dto.password) : null;
    await this.users.transaction(async (em) => {
      await this.keepAnActiveAdmin(em, user, dto);
      const role = dto.role ?? user.role;
      await this.users.update(em, id, { role, active: dto.active ?? null, passwordHash: hash });
      const entesBefore = await this.enteIdsIn(em, id);
      if (dto.enteIds !== undefined || dto.role !== undefined) {
        await this.setEntes(em, id, role, dto.enteIds ?? entesBefore);
      }
      await this.auditAccountChanges(em, { user, role, entesBefore, reset: hash !== null, dto }, adminId, ip);
      if (dto.role && dto.role !== user.role) {
        await this.audit.record(
          {
            actorId: adminId,
            action: 'role_changed',
            targetType: 'user',
            targetId: id,
            ip,
            details: { from: user.role, to: dto.role },
          },
          em,
        );
      }
      // A password reset also lifts any sign-in refusal: the owner is about to use the new one.
      if (hash) await this.repo.unlock(user.email, this.config.LOGIN_LOCK_AFTER, em);
      if (dto.active === false || hash || (dto.role && dto.role !== user.role)) {
        // A changed role, a reset password or a deactivation ends the user's sessions.
        await this.users.revokeSessions(em, id);
      }
    });
    // This process drops the user's cached sessions now (a new role or entes, or none); the
    // others within a poll of auth_change.
    this.sessions.forgetUser(id);
    return this.get(id);
  }

  /**
   * Deactivation, reactivation, a password reset and a change of a referent's entes each write an
   * audit row (a role change writes its own): who may see which ente's tickets, and who may sign in
   * at all, are what an audit of access asks about. Written in the change's own transaction.
   */
  private async auditAccountChanges(
    em: EntityManager,
    change: {
      user: { id: string; active: boolean };
      role: Role;
      entesBefore: string[];
      reset: boolean;
      dto: UpdateUserDto;
    },
    adminId: string,
    ip: string | null,
  ) {
    const { user, dto } = change;
    const entry = (action: string, details?: Record<string, unknown>) =>
      this.audit.record({ actorId: adminId, action, targetType: 'user', targetId: user.id, ip, details }, em);
    if (dto.active === false && user.active) await entry('user_deactivated');
    if (dto.active === true && !user.active) await entry('user_reactivated');
    if (change.reset) await entry('password_reset');
    const entesAfter = await this.enteIdsIn(em, user.id);
    const sorted = (ids: string[]) => [...new Set(ids)].sort();
    if (sorted(change.entesBefore).join() !== sorted(entesAfter).join()) {
      await entry('referent_entes_changed', {
        from: sorted(change.entesBefore),
        to: sorted(entesAfter),
        role: change.role,
      });
    }
  }

  /**
   * Demoting or deactivating the last active admin would leave nobody able to administer the
   * system (nor to undo it from the UI): refused with a 409 saying why. The active admins' rows
   * are locked first, so two admins demoting each other at once cannot both succeed.
   */
  private async keepAnActiveAdmin(
    em: EntityManager,
    user: { id: string; role: string; active: boolean },
    dto: UpdateUserDto,
  ) {
    const removes =
      user.role === 'admin' && user.active && (dto.active === false || (dto.role ?? 'admin') !== 'admin');
    if (!removes) return;
    const admins = await this.users.lockActiveAdmins(em);
    if (admins.every((adminId) => adminId === user.id)) {
      throw new ConflictError(
        'È l’ultimo amministratore attivo: nomina prima un altro amministratore / This is the last active admin: make another user admin first',
        { reason: 'last_active_admin' },
      );
    }
  }

  async createToken(dto: CreateTokenDto, adminId: string, ip: string | null) {
    const token = newSecret('hd_');
    const row = await this.users.insertToken({
      name: dto.name,
      tokenHash: sha256(token),
      scopes: dto.scopes,
      createdBy: adminId,
    });
    await this.audit.record({
      actorId: adminId,
      action: 'token_created',
      targetType: 'api_token',
      targetId: row.id,
      ip,
    });
    // The only time the token is shown.
    return { id: row.id, name: dto.name, scopes: dto.scopes, createdAt: row.createdAt, token };
  }

  listTokens(): Promise<ApiTokenListRow[]> {
    return this.users.listTokens();
  }

  async revokeToken(id: string, adminId: string, ip: string | null) {
    if (!(await this.users.revokeToken(id))) throw new NotFoundError('Token', id);
    await this.audit.record({
      actorId: adminId,
      action: 'token_revoked',
      targetType: 'api_token',
      targetId: id,
      ip,
    });
  }

  private async setEntes(em: EntityManager, userId: string, role: Role, enteIds: string[]) {
    if (enteIds.length > 0 && role !== 'ente_referent') {
      throw new ValidationError([
        { field: 'enteIds', reason: 'solo per i referenti di ente / ente referents only' },
      ]);
    }
    if (enteIds.length > 0) {
      if ((await this.users.countEntes(em, enteIds)) !== new Set(enteIds).size)
        throw new ValidationError([{ field: 'enteIds', reason: 'ente inesistente / no such ente' }]);
    }
    await this.users.replaceEntes(em, userId, [...new Set(enteIds)]);
  }

  private enteIdsIn(em: EntityManager, userId: string): Promise<string[]> {
    return this.users.enteIds(em, userId);
  }
}
