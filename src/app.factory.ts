import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import express from 'express';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { AuthenticationMiddleware } from './auth/authentication.middleware';
import { ErrorFilter } from './common/error.filter';
import { GracefulShutdown } from './common/graceful-shutdown';
import { setupOpenApi } from './common/openapi/openapi';
import { hostileBodyMiddleware } from './common/hostile-body.middleware';
import { singleQueryValuesMiddleware } from './common/single-query-values.middleware';
import { loadConfig } from './config/app-config';

/** Builds the HTTP application; shared by main.ts and the e2e tests so both run the same stack. */
export async function createApp(options: { logger?: false; shutdown?: GracefulShutdown } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule, { bodyParser: false, logger: options.logger ?? ['log', 'warn', 'error'] });
  // Behind the https proxy req.ip (sign-in limits, audit rows) is the client's address only when
  // TRUST_PROXY names that proxy; otherwise X-Forwarded-For is anyone's to forge and is ignored.
  app.getHttpAdapter().getInstance().set('trust proxy', loadConfig().trustProxy);
  // No upgrade-insecure-requests: the bureau serves plain http on its office network, where that
  // directive would send every script and stylesheet request to an https port nobody answers.
  app.use(helmet({
    contentSecurityPolicy: { useDefaults: true, directives: { 'script-src': ["'self'"], 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null } },
  }));
  if (options.shutdown) app.use(options.shutdown.middleware);
  app.use(express.json({ limit: '2mb' }));
  // Only the sign-in form posts urlencoded; it is small.
  app.use(express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }));
  app.use(hostileBodyMiddleware);
  app.use(singleQueryValuesMiddleware);
  // Identifies the caller for every route; the global AuthGuard then decides per route.
  app.use(app.get(AuthenticationMiddleware).handle);
  app.useGlobalFilters(new ErrorFilter());
  // Signals are handled by GracefulShutdown (main.ts), which drains requests before Nest's hooks run.
  setupOpenApi(app);
  return app;
}
