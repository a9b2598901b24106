import { DomainError, UnauthenticatedError, ValidationError } from '@app/common';
import { APP_CONFIG, AppConfig, GroupRole, parseGroupRoles } from '@app/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { BaseClient, custom, errors, generators, Issuer } from 'openid-client';

import { AuditService } from '../audit.service';
import { AuthRepository } from '../auth.repository';
import { SessionCacheInvalidator } from '../session-cache/session-cache-invalidator';
import { DirectorySignedIn, DirectorySignIn } from './directory-sign-in';
import { OidcLoginRepository } from './oidc-login.repository';

/** A sign-in started longer ago than this is refused (its state has expired). */
export const OIDC_STATE_MINUTES = 10;
const PROVIDER_TIMEOUT_MS = 5_000;
const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** The identity provider cannot be reached (discovery, keys or token endpoint): a 503, never a hang. */
export class ProviderUnavailableError extends DomainError {
  constructor() {
    super(
      'UNAVAILABLE',
      "Il servizio di accesso dell'ente non risponde: riprova tra poco o usa un account locale / The organisation's sign-in service is not answering: try again shortly or use a local account",
    );
  }
}

interface RequestInfo {
  ip: string | null;
}

/**
 * OpenID Connect sign-in with openid-client: authorization code with PKCE (S256), state and
 * nonce, the provider found by discovery. openid-client checks the ID token's signature (the
 * provider's published keys), issuer, audience, expiry and nonce; the groups claim then maps to a
 * role exactly as LDAP groups do (DirectorySignIn.admitIdentity).
 */
@Injectable()
export class OidcSignIn {
  private readonly logger = new Logger(OidcSignIn.name);
  private readonly mapping: GroupRole[];
  private client: Promise<BaseClient> | null = null;
  private keys: ReturnType<typeof createRemoteJWKSet> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly logins: OidcLoginRepository,
    private readonly sessions: AuthRepository,
    private readonly accounts: DirectorySignIn,
    private readonly audit: AuditService,
    private readonly cachedSessions: SessionCacheInvalidator,
  ) {
    this.mapping = config.OIDC_GROUP_ROLES ? parseGroupRoles(config.OIDC_GROUP_ROLES) : [];
  }

  get enabled(): boolean {
    return !!this.config.OIDC_ISSUER;
  }

  get redirectUri(): string {
    const base = this.config.PUBLIC_URL ?? `http://${this.config.HOST}:${this.config.PORT}`;
    return `${base.replace(/\/$/, '')}/api/auth/oidc/callback`;
  }

  /** The URL to send the browser to, and the state its cookie must bring back. */
  async start(): Promise<{ url: string; state: string }> {
    const client = await this.provider();
    const state = generators.state();
    const nonce = generators.nonce();
    const verifier = generators.codeVerifier();
    await this.logins.purgeOlderThan(OIDC_STATE_MINUTES);
    await this.logins.insert({ state, nonce, verifier });
    const url = client.authorizationUrl({
      scope: this.config.OIDC_SCOPES,
      state,
      nonce,
      code_challenge: generators.codeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    return { url, state };
  }

  /**
   * Finishes a sign-in: the state must be the one this browser's cookie holds and at most
   * OIDC_STATE_MINUTES old, used once; then the code is exchanged and the ID token checked.
   */
  async finish(query: Record<string, unknown>, cookieState: string | undefined, info: RequestInfo) {
    const params = Object.fromEntries(
      Object.entries(query).filter(([, v]) => typeof v === 'string') as [string, string][],
    );
    const fail = async (reason: string, detail?: string): Promise<never> => {
      await this.audit.record({
        actorId: null,
        action: 'oidc_login_failed',
        ip: info.ip,
        details: { reason, ...(detail ? { detail: detail.slice(0, 300) } : {}) },
      });
      throw new UnauthenticatedError('Accesso non riuscito / Sign-in failed');
    };
    if (!params.state || !cookieState || params.state !== cookieState) return fail('state_mismatch');
    const pending = await this.logins.take(params.state, OIDC_STATE_MINUTES);
    if (!pending || !pending.fresh) return fail('expired_state');
    if (params.error) return fail('provider_error', `${params.error}: ${params.error_description ?? ''}`);
    const client = await this.provider();
    let claims: Record<string, unknown>;
    try {
      const tokens = await client.callback(this.redirectUri, params, {
        state: params.state,
        nonce: pending.nonce,
        code_verifier: pending.verifier,
      });
      claims = tokens.claims() as Record<string, unknown>;
    } catch (error) {
      if (error instanceof errors.RPError || error instanceof errors.OPError) {
        return fail('invalid_response', error.message);
      }
      this.logger.error(`OpenID provider unavailable: ${String(error)}`);
      throw new ProviderUnavailableError();
    }
    const groupsClaim = claims[this.config.OIDC_GROUPS_CLAIM];
    const groups = Array.isArray(groupsClaim)
      ? groupsClaim.filter((g): g is string => typeof g === 'string')
      : [];
    const email = typeof claims.email === 'string' && claims.email_verified !== false ? claims.email : null;
    const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
    const login = text(claims.preferred_username) ?? email ?? String(claims.sub);
    return this.accounts.admitIdentity(
      {
        via: 'oidc',
        key: `${String(claims.iss)} ${String(claims.sub)}`,
        name: text(claims.name) ?? login,
        email,
        groups,
        login,
      },
      this.mapping,
      info,
    ) as Promise<DirectorySignedIn>;
  }

  /**
   * OpenID Connect Back-Channel Logout: the provider says a user signed out there (or was
   * disabled), with a logout token signed by its keys; every help desk session of that subject
   * ends. The token is checked as the spec asks (signature, issuer, audience, age, the logout
   * event, a subject, and no nonce); anything else is a 400 and audited.
   */
  async backchannelLogout(logoutToken: unknown, info: RequestInfo): Promise<void> {
    const refuse = async (reason: string): Promise<never> => {
      await this.audit.record({
        actorId: null,
        action: 'oidc_logout_refused',
        ip: info.ip,
        details: { reason: reason.slice(0, 300) },
      });
      throw new ValidationError([
        { field: 'logout_token', reason: 'token di logout non valido / invalid logout token' },
      ]);
    };
    if (typeof logoutToken !== 'string' || logoutToken === '') return refuse('missing');
    const client = await this.provider();
    this.keys ??= createRemoteJWKSet(new URL(String(client.issuer.metadata.jwks_uri)), {
      timeoutDuration: PROVIDER_TIMEOUT_MS,
    });
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(logoutToken, this.keys, {
        issuer: client.issuer.metadata.issuer,
        audience: this.config.OIDC_CLIENT_ID,
        maxTokenAge: '5 minutes',
      }));
    } catch (error) {
      return refuse(error instanceof Error ? error.message : String(error));
    }
    const events = claims.events as Record<string, unknown> | undefined;
    if (!events || typeof events[BACKCHANNEL_LOGOUT_EVENT] !== 'object') return refuse('no logout event');
    if ('nonce' in claims) return refuse('a logout token carries no nonce');
    if (typeof claims.sub !== 'string') return refuse('no subject');
    const subject = `${String(claims.iss)} ${claims.sub}`;
    const userId = await this.logins.userIdBySubject(subject);
    const ended = userId ? await this.sessions.revokeSessionsOf(userId, null) : 0;
    if (userId) this.cachedSessions.forgetUser(userId);
    await this.audit.record({
      actorId: null,
      action: 'oidc_backchannel_logout',
      targetType: userId ? 'user' : undefined,
      targetId: userId ?? undefined,
      ip: info.ip,
      details: { subject, sessionsEnded: ended },
    });
  }

  /** The provider's client from discovery, fetched once (again after a failure). */
  private provider(): Promise<BaseClient> {
    if (!this.client) {
      custom.setHttpOptionsDefaults({ timeout: PROVIDER_TIMEOUT_MS });
      this.client = Issuer.discover(this.config.OIDC_ISSUER!)
        .then(
          (issuer) =>
            new issuer.Client({
              client_id: this.config.OIDC_CLIENT_ID!,
              client_secret: this.config.OIDC_CLIENT_SECRET!,
              redirect_uris: [this.redirectUri],
              response_types: ['code'],
            }),
        )
        .catch((error) => {
          this.client = null;
          this.logger.error(`OpenID discovery failed for ${this.config.OIDC_ISSUER}: ${String(error)}`);
          throw new ProviderUnavailableError();
        });
    }
    return this.client;
  }
}
