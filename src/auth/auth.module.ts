import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module';
import { RuleSetsModule } from '../rule-sets/rule-sets.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { AuthenticationMiddleware } from './authentication.middleware';
import { LoginPageController } from './login-page.controller';
import { SessionsService } from './sessions.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';
import { WriteAuditInterceptor } from './write-audit.interceptor';

/** Identities, sign-in and the global guard (default deny) in front of every route. */
@Module({
  imports: [RuleSetsModule, AuditModule],
  controllers: [AuthController, LoginPageController, UsersController],
  providers: [
    UsersService, SessionsService, AuthService, AuthenticationMiddleware, { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_INTERCEPTOR, useClass: WriteAuditInterceptor },
  ],
  exports: [UsersService, AuthenticationMiddleware],
})
export class AuthModule {}
