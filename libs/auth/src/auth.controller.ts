import { APP_CONFIG, AppConfig } from '@app/config';
import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { Actor, CurrentActor, Public, Roles, ROLES } from './auth.decorators';
import { ChangePasswordDto, LoginDto } from './auth.dto';
import { SESSION_COOKIE } from './auth.guard';
import { AuthService, RequestInfo } from './auth.service';
import { SignInRequestGuard } from './sign-in-request.guard';

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
  ) {}

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
    res.cookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: (this.config.PUBLIC_URL ?? '').startsWith('https://'),
      path: '/',
      expires: session.expiresAt,
    });
    return { user: session.user, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  }

  @Get('methods')
  @Public()
  @ApiOperation({
    summary:
      'How staff can sign in here: directory true when the sign-in name may be a directory (LDAP / Active Directory) login',
  })
  methods() {
    return { local: true, directory: !!this.config.LDAP_URL };
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
  me(@CurrentActor() actor: Actor, @Req() req: Request) {
    const csrfToken = (req as Request & { csrfToken?: string }).csrfToken ?? null;
    return { id: actor.id, name: actor.name, role: actor.role, enteIds: actor.enteIds, csrfToken };
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
