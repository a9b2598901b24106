import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';

import { AdminBootstrap } from './admin-bootstrap.service';
import { AuditModule } from './audit.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { DirectorySignIn, DirectoryUsersRepository, LdapDirectory, OidcSignIn } from './directory';
import { OidcLoginRepository } from './directory/oidc-login.repository';
import { RequestGate } from './request-gate';
import { AuthChangeRepository } from './session-cache/auth-change.repository';
import { SessionCacheInvalidator } from './session-cache/session-cache-invalidator';
import { StaffGate } from './staff-gate';
import { UsersAdminController } from './users-admin.controller';
import { UsersAdminRepository } from './users-admin.repository';
import { UsersAdminService } from './users-admin.service';

/**
 * Sessions, tokens, the app-wide guards (rate limit, then authentication and roles) and the audit
 * log. Not global: a module whose classes inject AuthService, StaffGate or RequestGate imports it.
 */
@Module({
  imports: [ThrottlerModule.forRoot([{ name: 'default', ttl: 60_000, limit: 1_000 }]), AuditModule],
  controllers: [AuthController, UsersAdminController],
  providers: [
    AuthService,
    AuthRepository,
    LdapDirectory,
    DirectoryUsersRepository,
    DirectorySignIn,
    OidcSignIn,
    OidcLoginRepository,
    UsersAdminService,
    UsersAdminRepository,
    AdminBootstrap,
    RequestGate,
    StaffGate,
    AuthChangeRepository,
    SessionCacheInvalidator,
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, AuditModule, StaffGate, RequestGate, SessionCacheInvalidator],
})
export class AuthModule {}
