import { DomainError } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Request, Response } from 'express';

import { Actor, CurrentActor, Public, ROLES, Roles } from './auth.decorators';
import { ChangePasswordDto, LoginDto } from './auth.dto';
import { SESSION_COOKIE } from './auth.guard';
import { AuthService, RequestInfo } from './auth.service';
import { OIDC_STATE_MINUTES, OidcSignIn, SignInRefusedError } from './directory';
import { MeResponse } from './dto/session.response';
import { SignInRequestGuard } from './sign-in-request.guard';

/** The browser's half of an OpenID sign-in in flight: only our callback reads it. */
const OIDC_STATE_COOKIE = 'hd_oidc_state';
const OIDC_COOKIE_PATH = '/api/auth/oidc';

const info = (req: Request): RequestInfo => ({
  ip: req.ip ?? null,
  userAgent: (req.headers['user-agent'] as string | undefined) ?? null,
});
const cookieOf = (req: Request) =>
  (req as Request & { cookies?: Record<string, string> }).cookies?.[SESSION_COOKIE];

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly oidc: OidcSignIn,
  ) {}

  private get secureCookies(): boolean {
    return (this.config.PUBLIC_URL ?? '').startsWith('https://');
  }

  @Post('login')
  @Public()
  @UseGuards(SignInRequestGuard)
  @HttpCode(200)
  // Per e-mail address and client address AuthService counts attempts; per client address at most
  // 100 sign-ins a minute (a town hall's whole office may sign in from behind one NAT address at 8:00).
  @Throttle({ default: { limit: 100, ttl: 60_000 } })
  @ApiOperation({
    summary:
      'Sign in: sets the HttpOnly session cookie and returns the CSRF token (JSON only, from our own pages only)',
  })
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const session = await this.auth.login(dto.email, dto.password, info(req));
    this.setSessionCookie(res, session);
    return { user: session.user, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  }

  private setSessionCookie(res: Response, session: { token: string; expiresAt: Date }) {
    res.cookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secureCookies,
      path: '/',
      expires: session.expiresAt,
    });
  }

  @Get('oidc/start')
  @Public()
  @Throttle({ default: { limit: 100, ttl: 60_000 } })
  @ApiOperation({
    summary:
      'OpenID Connect sign-in: redirects to the identity provider (authorization code with PKCE, state and nonce); 404 when not configured',
  })
  async oidcStart(@Res() res: Response) {
    if (!this.oidc.enabled)
      throw new DomainError('NOT_FOUND', 'Accesso OpenID non configurato / OpenID sign-in is not configured');
    const { url, state } = await this.oidc.start();
    res.cookie(OIDC_STATE_COOKIE, state, {
      httpOnly: true,
      // Lax: the provider sends the browser back with a top-level GET, which carries it.
      sameSite: 'lax',
      secure: this.secureCookies,
      path: OIDC_COOKIE_PATH,
      maxAge: OIDC_STATE_MINUTES * 60_000,
    });
    res.redirect(302, url);
  }

  @Post('oidc/backchannel-logout')
  @Public()
  @HttpCode(200)
  @Throttle({ default: { limit: 100, ttl: 60_000 } })
  @ApiOperation({
    summary:
      "OpenID Connect Back-Channel Logout: the provider's signed logout token (form field logout_token) ends the subject's sessions",
  })
  async oidcBackchannelLogout(
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    if (!this.oidc.enabled)
      throw new DomainError('NOT_FOUND', 'Accesso OpenID non configurato / OpenID sign-in is not configured');
    await this.oidc.backchannelLogout(body?.logout_token, info(req));
    // The spec asks that the answer never be cached.
    res.set('Cache-Control', 'no-store').status(200).end();
  }

  @Get('oidc/callback')
  @Public()
  @Throttle({ default: { limit: 100, ttl: 60_000 } })
  @ApiOperation({
    summary:
      'OpenID Connect callback: checks state, nonce and the ID token, opens a session like a local sign-in and redirects to the UI (on failure to the sign-in page with ?signin_error=code)',
  })
  async oidcCallback(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    if (!this.oidc.enabled)
      throw new DomainError('NOT_FOUND', 'Accesso OpenID non configurato / OpenID sign-in is not configured');
    const cookieState = (req as Request & { cookies?: Record<string, string> }).cookies?.[OIDC_STATE_COOKIE];
    res.clearCookie(OIDC_STATE_COOKIE, { path: OIDC_COOKIE_PATH });
    try {
      const user = await this.oidc.finish(query, cookieState, info(req));
      this.setSessionCookie(res, await this.auth.openSession(user.id, info(req)));
      res.redirect(302, '/');
    } catch (error) {
      const code =
        error instanceof SignInRefusedError
          ? error.reason
          : error instanceof DomainError && error.code === 'UNAVAILABLE'
            ? 'unavailable'
            : 'failed';
      if (!(error instanceof DomainError)) throw error;
      res.redirect(302, `/?signin_error=${code}`);
    }
  }

  @Get('methods')
  @Public()
  @ApiOperation({
    summary:
      'How staff can sign in here: directory true when the sign-in name may be a directory (LDAP / Active Directory) login',
  })
  methods() {
    return {
      local: true,
      directory: !!this.config.LDAP_URL,
      oidc: this.oidc.enabled
        ? { label: this.config.OIDC_BUTTON_LABEL ?? null, start: '/api/auth/oidc/start' }
        : null,
    };
  }

  @Post('logout')
  @Roles(...ROLES)
  @HttpCode(204)
  @ApiOperation({ summary: 'Ends the session' })
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response, @CurrentActor() actor: Actor) {
    const token = cookieOf(req);
    if (token) await this.auth.logout(token, actor.id, info(req));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Who is signed in' })
  @ApiOkResponse({ type: MeResponse })
  async me(@CurrentActor() actor: Actor, @Req() req: Request): Promise<MeResponse> {
    const csrfToken = (req as Request & { csrfToken?: string }).csrfToken ?? null;
    const localPassword = actor.via === 'session' && (await this.auth.hasLocalPassword(actor.id));
    return {
      id: actor.id,
      name: actor.name,
      role: actor.role,
      enteIds: actor.enteIds,
      csrfToken,
      localPassword,
    };
  }

  @Post('password')
  @Roles(...ROLES)
  @HttpCode(204)
  @ApiOperation({ summary: 'Change your password (ends your other sessions)' })
  async changePassword(@Body() dto: ChangePasswordDto, @Req() req: Request, @CurrentActor() actor: Actor) {
    await this.auth.changePassword(
      actor.id,
      dto.currentPassword,
      dto.newPassword,
      cookieOf(req) ?? null,
      info(req),
    );
  }
}
