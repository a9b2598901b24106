import { ConflictError, NotFoundError, ValidationError } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from './auth.decorators';
import { CreateTokenDto, CreateUserDto, UpdateUserDto } from './auth.dto';
import { AuditService } from './audit.service';
import { AuthRepository } from './auth.repository';
import { hashPassword, passwordProblem } from './password.util';
import { newSecret, sha256 } from './token.util';

/**
 * A user as admins see it. lockedUntil: when the last client address now refused for this e-mail
 * address may try again ($1 attempts allowed per $2-minute window), null when none is refused.
 */
const USER_VIEW = `u.id, u.email, u.name, u.role, u.active, u.created_at AS "createdAt",
  (SELECT max(t.window_start + make_interval(mins => $2)) FROM login_throttle t
    WHERE t.email = lower(u.email) AND t.attempts > $1 AND t.window_start > now() - make_interval(mins => $2))
    AS "lockedUntil",
  COALESCE((SELECT array_agg(ue.ente_id) FROM user_ente ue WHERE ue.user_id = u.id), '{}') AS "enteIds"`;

/** Admins' users (roles audited) and machine tokens (shown once, stored hashed, revocable). */
@Injectable()
export class UsersAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: AuthRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get throttle() {
    return [this.config.LOGIN_LOCK_AFTER, this.config.LOGIN_LOCK_MINUTES];
  }

  list() {
    return this.dataSource.query(`SELECT ${USER_VIEW} FROM app_user u ORDER BY u.name`, this.throttle);
  }

  async get(id: string) {
    const [row] = await this.dataSource.query(`SELECT ${USER_VIEW} FROM app_user u WHERE u.id = $3`, [
      ...this.throttle,
      id,
    ]);
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
    const problem = passwordProblem(dto.password);
    if (problem) throw new ValidationError([{ field: 'password', reason: problem }]);
    const hash = await hashPassword(dto.password);
    const id = await this.dataSource.transaction(async (em) => {
      const [row] = await em
        .query(
          `INSERT INTO app_user (email, name, role, password_hash, active, password_changed_at)
           VALUES ($1, $2, $3, $4, true, now()) RETURNING id`,
          [dto.email, dto.name, dto.role, hash],
        )
        .catch((error: { code?: string }) => {
          if (error.code === '23505') {
            throw new ValidationError([
              { field: 'email', reason: 'utente già esistente / user already exists' },
            ]);
          }
          throw error;
        });
      await this.setEntes(em, row.id, dto.role, dto.enteIds ?? []);
      await this.audit.record(
        {
          actorId: adminId,
          action: 'user_created',
          targetType: 'user',
          targetId: row.id,
          ip,
          details: { role: dto.role },
        },
        em,
      );
      return row.id as string;
    });
    return this.get(id);
  }

  async update(id: string, dto: UpdateUserDto, adminId: string, ip: string | null) {
    const user = await this.repo.userById(id);
    if (!user) throw new NotFoundError('Utente / User', id);
    if (dto.password !== undefined) {
      const problem = passwordProblem(dto.password);
      if (problem) throw new ValidationError([{ field: 'password', reason: problem }]);
    }
    const hash = dto.password !== undefined ? await hashPassword(dto.password) : null;
    await this.dataSource.transaction(async (em) => {
      await this.keepAnActiveAdmin(em, user, dto);
      const role = dto.role ?? user.role;
      await em.query<unknown>(
        `UPDATE app_user SET role = $2, active = COALESCE($3, active),
                password_hash = COALESCE($4, password_hash),
                password_changed_at = CASE WHEN $4::text IS NULL THEN password_changed_at ELSE now() END
          WHERE id = $1`,
        [id, role, dto.active ?? null, hash],
      );
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
        await em.query<unknown>(
          `UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`,
          [id],
        );
      }
    });
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
    const admins = await em.query<{ id: string }[]>(
      `SELECT id FROM app_user WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`,
    );
    if (admins.every((a) => a.id === user.id)) {
      throw new ConflictError(
        'È l’ultimo amministratore attivo: nomina prima un altro amministratore / This is the last active admin: make another user admin first',
        { reason: 'last_active_admin' },
      );
    }
  }

  async createToken(dto: CreateTokenDto, adminId: string, ip: string | null) {
    const token = newSecret('hd_');
    const [row] = await this.dataSource.query(
      `INSERT INTO api_token (name, token_hash, scopes, created_by) VALUES ($1, $2, $3, $4) RETURNING id, created_at AS "createdAt"`,
      [dto.name, sha256(token), dto.scopes, adminId],
    );
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

  listTokens() {
    return this.dataSource.query(
      `SELECT id, name, scopes, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"
         FROM api_token ORDER BY created_at DESC`,
    );
  }

  async revokeToken(id: string, adminId: string, ip: string | null) {
    const [rows] = await this.dataSource.query(
      `UPDATE api_token SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
      [id],
    );
    if (rows.length === 0) throw new NotFoundError('Token', id);
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
      const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM ente WHERE id = ANY($1)`, [enteIds]);
      if (n !== new Set(enteIds).size)
        throw new ValidationError([{ field: 'enteIds', reason: 'ente inesistente / no such ente' }]);
    }
    await em.query<unknown>(`DELETE FROM user_ente WHERE user_id = $1`, [userId]);
    for (const enteId of new Set(enteIds)) {
      await em.query<unknown>(`INSERT INTO user_ente (user_id, ente_id) VALUES ($1, $2)`, [userId, enteId]);
    }
  }

  private async enteIdsIn(em: EntityManager, userId: string): Promise<string[]> {
    const rows = await em.query<{ ente_id: string }[]>(`SELECT ente_id FROM user_ente WHERE user_id = $1`, [
      userId,
    ]);
    return rows.map((r) => r.ente_id);
  }
}
