import { ForbiddenError, RateLimitedError, UnauthenticatedError, ValidationError } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Inject, Injectable } from '@nestjs/common';

import { AuditService } from './audit.service';
import type { Actor } from './auth.decorators';
import { AuthRepository } from './auth.repository';
import { DirectorySignIn } from './directory/directory-sign-in';
import { decoyHash, hashPassword, passwordRefusal, verifyPassword } from './password.util';
import { CachedSession } from './session-cache/session-cache';
import { SessionCacheInvalidator } from './session-cache/session-cache-invalidator';
import { newSecret, sameSecret, sha256 } from './token.util';

/** Sliding expiry is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

const BAD_CREDENTIALS = 'E-mail o password errati / Wrong e-mail or password';

export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  user: { id: string; name: string; email: string; role: string };
}

/** Sign-in, sessions and API tokens: the rules; AuthRepository holds the queries. */
@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: AuthRepository,
    private readonly audit: AuditService,
    private readonly directory: DirectorySignIn,
    private readonly sessions: SessionCacheInvalidator,
  ) {}

  /**
   * Attempts are counted per e-mail address AND client address before the password is looked at:
   * past LOGIN_LOCK_AFTER in LOGIN_LOCK_MINUTES that client address is refused for that e-mail
   * address unchecked, while the owner (any other address) still signs in. Unknown addresses are
   * counted and refused the same way, so no answer tells whether an account exists. Directory
   * sign-ins (LDAP_URL) are counted by the same throttle.
   */
  async login(email: string, password: string, info: RequestInfo): Promise<NewSession> {
    const source = info.ip ?? '';
    const count = await this.repo.countAttempt(email, source, this.config.LOGIN_LOCK_MINUTES);
    if (count.attempts > this.config.LOGIN_LOCK_AFTER) {
      await this.audit.record({ actorId: null, action: 'login_throttled', ip: info.ip, details: { email } });
      throw new RateLimitedError(
        'Troppi tentativi per questo indirizzo: riprova più tardi / Too many attempts for this address: try again later',
        Math.max(1, Math.ceil((new Date(count.windowEndsAt).getTime() - Date.now()) / 1000)),
      );
    }
    const user = await this.repo.userByEmail(email);
    // With a directory configured, whoever has no local password signs in through it (the name may
    // be a directory login such as "mrossi"); local accounts keep their password (break-glass).
    if (this.directory.enabled && !user?.passwordHash) {
      const signedIn = await this.directory.signIn(email, password, info);
      await this.repo.clearAttempts(email, source);
      return { ...(await this.openSession(signedIn.id, info)), user: signedIn };
    }
    // The same work whether or not the address exists, so the answer's timing tells nothing.
    const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
    if (!user || !ok || !user.active) {
      await this.audit.record({
        actorId: user?.id ?? null,
        action: 'login_failed',
        ip: info.ip,
        details: { email },
      });
      throw new UnauthenticatedError(BAD_CREDENTIALS);
    }
    await this.repo.clearAttempts(email, source);
    const session = await this.openSession(user.id, info);
    await this.audit.record({ actorId: user.id, action: 'login', ip: info.ip });
    return { ...session, user: { id: user.id, name: user.name, email: user.email, role: user.role } };
  }

  /** Opens a session for a user (after sign-in; tests use it to act as a user without a password). */
  async openSession(userId: string, info: RequestInfo) {
    const token = newSecret();
    const csrfToken = newSecret();
    const expiresAt = new Date(Date.now() + this.config.SESSION_HOURS * 3_600_000);
    await this.repo.createSession({ tokenHash: sha256(token), userId, csrfToken, expiresAt, ...info });
    return { token, csrfToken, expiresAt };
  }

  async logout(token: string, actorId: string, info: RequestInfo): Promise<void> {
    await this.repo.revokeSession(sha256(token));
    this.sessions.forgetToken(sha256(token));
    await this.audit.record({ actorId, action: 'logout', ip: info.ip });
  }

  /**
   * The actor behind a session cookie, or null when it is unknown, expired, idle or revoked. A
   * check that is no use of the session (a live stream's heartbeat) passes touch: false, or an
   * open tab would keep an unattended session from ever going idle.
   */
  async actorForSession(
    token: string,
    { touch = true }: { touch?: boolean } = {},
  ): Promise<(Actor & { csrfToken: string }) | null> {
    const tokenHash = sha256(token);
    const session = this.sessions.get(tokenHash) ?? (await this.lookUpSession(tokenHash));
    const now = Date.now();
    if (!session || !session.active || session.expiresAt.getTime() <= now) return null;
    if (now - session.lastSeenAt.getTime() > this.config.SESSION_IDLE_MINUTES * 60_000) return null;
    if (touch && now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await this.repo.touchSession(tokenHash);
      // The cached copy follows, or the idle limit would count from the last database read.
      session.lastSeenAt = new Date(now);
    }
    return {
      id: session.userId,
      role: session.role,
      name: session.name,
      enteIds: session.enteIds,
      via: 'session',
      scopes: [],
      csrfToken: session.csrfToken,
    };
  }

  /** The session from the database, remembered by this process's session cache. */
  private async lookUpSession(tokenHash: string): Promise<CachedSession | null> {
    const readAt = this.sessions.epoch;
    const row = await this.repo.session(tokenHash);
    if (!row) return null;
    const session = {
      ...row,
      enteIds: row.role === 'ente_referent' ? await this.repo.enteIdsOf(row.userId) : [],
    };
    this.sessions.remember(tokenHash, session, readAt);
    return session;
  }

  async actorForToken(token: string): Promise<Actor | null> {
    const row = await this.repo.token(sha256(token));
    if (!row || !row.active) return null;
    await this.repo.touchToken(row.id);
    return {
      id: row.createdBy,
      role: 'agent',
      name: row.name,
      enteIds: [],
      via: 'token',
      scopes: row.scopes,
    };
  }

  checkCsrf(expected: string, given: unknown): void {
    if (typeof given !== 'string' || !sameSecret(expected, given)) {
      throw new ForbiddenError('Token CSRF mancante o errato / Missing or wrong CSRF token');
    }
  }

  /** Whether the user has a password kept here (directory and OpenID users sign in elsewhere). */
  async hasLocalPassword(userId: string): Promise<boolean> {
    return Boolean((await this.repo.userById(userId))?.passwordHash);
  }

  async changePassword(
    actorId: string,
    current: string,
    next: string,
    token: string | null,
    info: RequestInfo,
  ) {
    const user = await this.repo.userById(actorId);
    if (!user || !(await verifyPassword(user.passwordHash, current))) {
      throw new ValidationError([
        {
          field: 'currentPassword',
          reason: 'password attuale errata / wrong current password',
          code: 'wrongCurrentPassword',
        },
      ]);
    }
    const problem = passwordRefusal(next);
    if (problem) throw new ValidationError([{ field: 'newPassword', ...problem }]);
    await this.repo.setPassword(actorId, await hashPassword(next));
    // Other sessions (a stolen cookie) end; this one goes on.
    await this.repo.revokeSessionsOf(actorId, token ? sha256(token) : null);
    this.sessions.forgetUser(actorId);
    await this.audit.record({ actorId, action: 'password_changed', ip: info.ip });
  }
}
