import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';

import { DomainError } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, Filter, InvalidCredentialsError } from 'ldapts';

import { groupFilter, userFilter } from './group-roles';

/** A user the directory vouched for: their password was right. */
export interface DirectoryUser {
  dn: string;
  name: string;
  email: string | null;
  /** DNs of the groups they belong to (directly, or through nested groups with LDAP_NESTED_GROUPS). */
  groups: string[];
}

/** Why the directory said no; the sign-in turns each into one answer and one audit entry. */
export type DirectoryRefusal =
  | 'unknown_user'
  | 'ambiguous_user'
  | 'wrong_password'
  /** The directory locked the account (AD lockout, OpenLDAP ppolicy pwdAccountLockedTime). */
  | 'account_locked'
  /** Disabled or expired in the directory (AD 533, 701). */
  | 'account_disabled'
  /** The password expired or must be changed at the directory first (AD 532, 773). */
  | 'password_expired';

/**
 * Active Directory says why a bind failed in its diagnostic message ("... AcceptSecurityContext
 * error, data 775, ..."): the sub-codes of a refused bind an administrator can act on.
 */
const AD_BIND_CODES: Record<string, DirectoryRefusal> = {
  '775': 'account_locked',
  '533': 'account_disabled',
  '701': 'account_disabled',
  '532': 'password_expired',
  '773': 'password_expired',
};

/** Why a bind with the user's password was refused: AD's sub-code, else a ppolicy lock on the entry. */
export function adBindRefusal(message: string): DirectoryRefusal | null {
  const code = /\bdata ([0-9a-f]{3})\b/i.exec(message)?.[1];
  return (code && AD_BIND_CODES[code]) || null;
}

export class DirectoryRefusedError extends Error {
  constructor(readonly reason: DirectoryRefusal) {
    super(reason);
  }
}

/** The directory cannot be asked (down, slow, TLS or service-account problem): a 503, never a hang. */
export class DirectoryUnavailableError extends DomainError {
  constructor(readonly detail: string) {
    super(
      'UNAVAILABLE',
      'La directory aziendale non risponde: riprova tra poco o usa un account locale / The organisation directory is not answering: try again shortly or use a local account',
    );
  }
}

/**
 * LDAP / Active Directory through ldapts: bind as the service account, find the user with
 * LDAP_USER_FILTER (the sign-in name escaped, so "*)(uid=*" matches nobody), bind as the user to
 * check the password, then read their groups. A fresh connection per sign-in: sign-ins are rare and
 * a pooled connection would carry one user's bind into the next.
 */
@Injectable()
export class LdapDirectory {
  private readonly logger = new Logger(LdapDirectory.name);
  private readonly tls: ConnectionOptions | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // Read once at boot: a missing CA file is a configuration error, not a sign-in failure.
    this.tls = config.LDAP_CA_FILE ? { ca: [readFileSync(config.LDAP_CA_FILE)] } : undefined;
  }

  get enabled(): boolean {
    return !!this.config.LDAP_URL;
  }

  async authenticate(login: string, password: string): Promise<DirectoryUser> {
    // An empty password would be an "unauthenticated bind", which LDAP servers answer with success.
    if (password === '') throw new DirectoryRefusedError('wrong_password');
    const c = this.config;
    const client = new Client({
      url: c.LDAP_URL!,
      timeout: c.LDAP_TIMEOUT_MS,
      connectTimeout: c.LDAP_TIMEOUT_MS,
      // ldapts speaks TLS from the first byte whenever it is given TLS options: for ldap:// they
      // go to startTLS() only, or StartTLS would be attempted inside a TLS connection.
      tlsOptions: c.LDAP_URL!.startsWith('ldaps://') ? this.tls : undefined,
    });
    try {
      if (c.LDAP_START_TLS) await client.startTLS(this.tls ?? {});
      await this.asService(client);
      // ldapts answers the entries up to sizeLimit without an error: 2 is enough to see ambiguity.
      const { searchEntries } = await client.search(c.LDAP_USER_BASE!, {
        scope: 'sub',
        filter: userFilter(c.LDAP_USER_FILTER, login, Filter.escape),
        attributes: [c.LDAP_NAME_ATTRIBUTE, c.LDAP_EMAIL_ATTRIBUTE],
        sizeLimit: 2,
      });
      if (searchEntries.length === 0) throw new DirectoryRefusedError('unknown_user');
      if (searchEntries.length > 1) throw new DirectoryRefusedError('ambiguous_user');
      const entry = searchEntries[0];
      try {
        await client.bind(entry.dn, password);
      } catch (error) {
        if (error instanceof InvalidCredentialsError)
          throw new DirectoryRefusedError(await this.bindRefusal(client, entry.dn, error.message));
        throw error;
      }
      // Groups are read as the service account: a user may not be allowed to read group entries.
      await this.asService(client);
      const groups = await client.search(c.LDAP_GROUP_BASE ?? c.LDAP_USER_BASE!, {
        scope: 'sub',
        filter: groupFilter(entry.dn, c.LDAP_NESTED_GROUPS, Filter.escape),
        attributes: ['dn'],
      });
      return {
        dn: entry.dn,
        name: first(entry[c.LDAP_NAME_ATTRIBUTE]) ?? login,
        email: first(entry[c.LDAP_EMAIL_ATTRIBUTE]),
        groups: groups.searchEntries.map((g) => g.dn),
      };
    } catch (error) {
      if (error instanceof DirectoryRefusedError) throw error;
      const cause = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.logger.error(`LDAP directory unavailable (${c.LDAP_URL}): ${cause}`);
      throw new DirectoryUnavailableError(cause);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  /**
   * A refused bind told apart, so the user hears "locked" rather than "wrong password" and the
   * audit says which: AD's diagnostic sub-code, else the entry read as the service account (an
   * OpenLDAP ppolicy lock is its pwdAccountLockedTime; AD's lockoutTime). Unreadable: wrong password.
   */
  private async bindRefusal(client: Client, dn: string, message: string): Promise<DirectoryRefusal> {
    const fromAd = adBindRefusal(message);
    if (fromAd) return fromAd;
    try {
      await this.asService(client);
      const { searchEntries } = await client.search(dn, {
        scope: 'base',
        attributes: ['pwdAccountLockedTime', 'lockoutTime'],
      });
      const entry = searchEntries[0];
      const lockedAt = first(entry?.pwdAccountLockedTime);
      const lockout = first(entry?.lockoutTime);
      if (lockedAt || (lockout && lockout !== '0')) return 'account_locked';
    } catch {
      // The service account may not read these attributes: the refusal stays a wrong password.
    }
    return 'wrong_password';
  }

  private async asService(client: Client): Promise<void> {
    if (this.config.LDAP_BIND_DN) {
      await client.bind(this.config.LDAP_BIND_DN, this.config.LDAP_BIND_PASSWORD ?? '');
    }
  }
}

function first(value: unknown): string | null {
  const one = Array.isArray(value) ? value[0] : value;
  if (one === undefined || one === null) return null;
  const text = Buffer.isBuffer(one) ? one.toString('utf8') : String(one);
  return text.trim() === '' ? null : text.trim();
}
