import { ForbiddenError, UnauthenticatedError } from '@app/common';
import { APP_CONFIG, AppConfig, GroupRole, parseGroupRoles } from '@app/config';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { AuditService } from '../audit.service';
import type { Role } from '../auth.decorators';
import { SessionCacheInvalidator } from '../session-cache/session-cache-invalidator';
import { DirectoryUsersRepository, LinkedUser } from './directory-users.repository';
import { roleFromGroups } from './group-roles';
import {
  DirectoryRefusal,
  DirectoryRefusedError,
  DirectoryUnavailableError,
  DirectoryUser,
  LdapDirectory,
} from './ldap-directory';

export interface DirectorySignedIn {
  id: string;
  name: string;
  email: string;
  role: Role;
}

/** Why a user the directory vouched for is still kept out; each has its message. */
export type Refusal = 'no_mapped_group' | 'no_email' | 'no_ente' | 'local_account_conflict' | 'deactivated';

const REFUSALS: Record<Refusal, string> = {
  no_mapped_group:
    "Il tuo account di directory non appartiene a nessun gruppo abilitato all'help desk: chiedi all'amministratore / Your directory account is in no group allowed into the help desk: ask your administrator",
  no_email:
    "La tua voce nella directory non ha un indirizzo e-mail: chiedi all'amministratore / Your directory entry has no e-mail address: ask your administrator",
  no_ente:
    "Nessuno degli enti del tuo gruppo esiste nell'help desk: chiedi all'amministratore / None of your group's entes exists in the help desk: ask your administrator",
  local_account_conflict:
    "Un account locale usa già il tuo indirizzo e-mail: chiedi all'amministratore di collegarlo / A local account already uses your e-mail address: ask an administrator to link it",
  deactivated: "Il tuo account dell'help desk è disattivato / Your help desk account is deactivated",
};

/** A 403 that keeps its reason, so the OpenID callback can send the sign-in page a code, not text. */
export class SignInRefusedError extends ForbiddenError {
  constructor(readonly reason: Refusal) {
    super(REFUSALS[reason]);
  }
}

const BAD_CREDENTIALS = 'E-mail o password errati / Wrong e-mail or password';

/**
 * What a person can do about a refusal the directory explained: the directory's administrators
 * unlock, re-enable or reset the account there, not in the help desk.
 */
const DIRECTORY_ACCOUNT_PROBLEMS: Partial<Record<DirectoryRefusal, string>> = {
  account_locked:
    "Account bloccato nella directory aziendale: chiedi lo sblocco all'amministratore di rete / Account locked in the organisation directory: ask your network administrator to unlock it",
  account_disabled:
    "Account disattivato o scaduto nella directory aziendale: rivolgiti all'amministratore di rete / Account disabled or expired in the organisation directory: ask your network administrator",
  password_expired:
    'Password scaduta nella directory aziendale: cambiala dal PC di lavoro, poi accedi / Password expired in the organisation directory: change it from your work PC, then sign in',
};

interface RequestInfo {
  ip: string | null;
}

/**
 * Someone the organisation vouched for: an LDAP entry (key: its DN) or an OpenID Connect subject
 * (key: issuer and subject), with the groups that decide their role here.
 */
export interface ExternalIdentity {
  via: 'ldap' | 'oidc';
  key: string;
  name: string;
  email: string | null;
  groups: string[];
  /** What the user typed (LDAP) or their preferred user name (OIDC), for the audit log. */
  login: string;
}

/**
 * Directory sign-in's rules: the directory checks the password, the help desk decides who the
 * user is here. Accounts are created at the first sign-in and their role and entes re-read from
 * LDAP_GROUP_ROLES at every one; in no mapped group any more means refused and every session ended.
 */
@Injectable()
export class DirectorySignIn {
  private readonly mapping: GroupRole[];

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly ldap: LdapDirectory,
    private readonly users: DirectoryUsersRepository,
    private readonly audit: AuditService,
    private readonly sessions: SessionCacheInvalidator,
  ) {
    this.mapping = config.LDAP_GROUP_ROLES ? parseGroupRoles(config.LDAP_GROUP_ROLES) : [];
  }

  get enabled(): boolean {
    return this.ldap.enabled;
  }

  async signIn(login: string, password: string, info: RequestInfo): Promise<DirectorySignedIn> {
    let found: DirectoryUser;
    try {
      found = await this.ldap.authenticate(login, password);
    } catch (error) {
      if (error instanceof DirectoryRefusedError) {
        await this.audit.record({
          actorId: null,
          action: 'directory_login_failed',
          ip: info.ip,
          details: { login, reason: error.reason },
        });
        throw new UnauthenticatedError(DIRECTORY_ACCOUNT_PROBLEMS[error.reason] ?? BAD_CREDENTIALS);
      }
      if (error instanceof DirectoryUnavailableError) {
        await this.audit.record({
          actorId: null,
          action: 'directory_unavailable',
          ip: info.ip,
          details: { login, cause: error.detail.slice(0, 300) },
        });
      }
      throw error;
    }
    return this.admitIdentity(
      { via: 'ldap', key: found.dn, name: found.name, email: found.email, groups: found.groups, login },
      this.mapping,
      info,
    );
  }

  /**
   * Creates or updates the account of someone the directory or identity provider vouched for,
   * with the role their groups give under mapping; throws a 403 naming the reason otherwise.
   */
  async admitIdentity(
    identity: ExternalIdentity,
    mapping: GroupRole[],
    info: RequestInfo,
  ): Promise<DirectorySignedIn> {
    // Refusals are recorded in the same transaction as the sessions they end, then thrown after it.
    const outcome = await this.users.transaction((em) => this.admit(identity, mapping, info, em));
    if ('refused' in outcome) throw new SignInRefusedError(outcome.refused);
    return outcome;
  }

  private async admit(
    identity: ExternalIdentity,
    mapping: GroupRole[],
    info: RequestInfo,
    em: EntityManager,
  ): Promise<DirectorySignedIn | { refused: Refusal }> {
    const { via, login } = identity;
    const found = { dn: identity.key, email: identity.email, name: identity.name, groups: identity.groups };
    const byDn = await this.users.byIdentity(via, found.dn, em);
    const byEmail = !byDn && found.email ? await this.users.byEmail(found.email, em) : null;
    const refuse = async (reason: Refusal, user: LinkedUser | null, extra: Record<string, unknown> = {}) => {
      await this.audit.record(
        {
          actorId: user?.id ?? null,
          action: 'directory_login_refused',
          ip: info.ip,
          details: { via, login, dn: found.dn, reason, groups: found.groups, ...extra },
        },
        em,
      );
      return { refused: reason };
    };
    // A local account (with its own password, or linked to another entry) is never taken over
    // by a directory entry that happens to carry its address.
    if (byEmail && (byEmail.hasPassword || byEmail.directoryDn !== null || byEmail.oidcSubject !== null)) {
      return refuse('local_account_conflict', null, { email: found.email });
    }
    const existing = byDn ?? byEmail;
    const mapped = roleFromGroups(mapping, found.groups);
    if (!mapped) {
      if (existing) {
        const ended = await this.users.endSessions(existing.id, em);
        this.sessions.forgetUser(existing.id);
        await this.audit.record(
          {
            actorId: null,
            action: 'directory_access_withdrawn',
            targetType: 'user',
            targetId: existing.id,
            ip: info.ip,
            details: { via, dn: found.dn, previousRole: existing.role, sessionsEnded: ended },
          },
          em,
        );
      }
      return refuse('no_mapped_group', existing);
    }
    const email = existing?.email ?? found.email;
    if (!email) return refuse('no_email', existing);
    const codes = await this.users.enteIdsByCode(mapped.enteCodes, em);
    const enteIds = mapped.enteCodes.flatMap((code) => codes.get(code) ?? []).sort();
    const unknownEntes = mapped.enteCodes.filter((code) => !codes.has(code));
    if (mapped.role === 'ente_referent' && enteIds.length === 0) {
      return refuse('no_ente', existing, { unknownEntes });
    }
    if (existing && !existing.active) return refuse('deactivated', existing);

    const name = found.name;
    let id: string;
    if (!existing) {
      id = await this.users.create({ email, name, role: mapped.role }, via, found.dn, em);
      await this.users.setEntes(id, enteIds, em);
      await this.audit.record(
        {
          actorId: id,
          action: 'directory_user_created',
          targetType: 'user',
          targetId: id,
          ip: info.ip,
          details: { via, dn: found.dn, role: mapped.role, enteIds, groups: mapped.groups },
        },
        em,
      );
    } else {
      id = existing.id;
      await this.users.update(id, { name, role: mapped.role }, via, found.dn, em);
      // The user's other sessions take the role and entes read now, here at once.
      this.sessions.forgetUser(id);
      const entesChanged = existing.enteIds.join(',') !== enteIds.join(',');
      if (entesChanged) await this.users.setEntes(id, enteIds, em);
      if (existing.role !== mapped.role || entesChanged) {
        await this.audit.record(
          {
            actorId: id,
            action: 'directory_role_changed',
            targetType: 'user',
            targetId: id,
            ip: info.ip,
            details: {
              via,
              dn: found.dn,
              from: existing.role,
              to: mapped.role,
              enteIdsFrom: existing.enteIds,
              enteIdsTo: enteIds,
              groups: mapped.groups,
            },
          },
          em,
        );
      }
    }
    await this.audit.record(
      {
        actorId: id,
        action: 'directory_login',
        ip: info.ip,
        details: {
          via,
          dn: found.dn,
          role: mapped.role,
          groups: mapped.groups,
          ...(unknownEntes.length ? { unknownEntes } : {}),
        },
      },
      em,
    );
    return { id, name, email, role: mapped.role };
  }
}
