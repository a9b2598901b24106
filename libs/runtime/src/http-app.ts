import type { Server } from 'node:http';

import { RequestGate, STAFF, StaffGate } from '@app/auth';
import { createValidationPipe, DomainErrorFilter } from '@app/common';
import { APP_CONFIG, AppConfig, trustProxySetting } from '@app/config';
import { httpMetricsMiddleware, MetricsService } from '@app/metrics';
import { nagiosFormBody } from '@app/monitoring';
import { STATUS_PAGE_ROUTES } from '@app/outages';
import { FOLLOW_ROUTES, PUBLIC_REQUEST_ROUTES, SURVEY_ROUTES } from '@app/portal';
import { PRIVACY_PAGE_ROUTES } from '@app/privacy';
import { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { text } from 'express';
import helmet from 'helmet';

import {
  bodyParsers,
  deferContinueToGates,
  LARGE_BODY_ROUTES,
  leaveBodyToController,
  UPLOADS_AT_ONCE,
} from './body-parsers';
import { inFlightRequestsOf } from './in-flight-requests';
import { buildOpenApiDocument } from './openapi-document';
import { webUi } from './web-ui';

/** Everything an HTTP app needs besides its modules: prefix, validation, errors, docs, limits. */
export function configureHttpApp(app: INestApplication): INestApplication {
  // The public status, privacy and request pages live outside /api (stable, short addresses to give citizens).
  app.setGlobalPrefix('api', {
    exclude: [
      ...STATUS_PAGE_ROUTES,
      ...PRIVACY_PAGE_ROUTES,
      ...PUBLIC_REQUEST_ROUTES,
      ...FOLLOW_ROUTES,
      ...SURVEY_ROUTES,
    ],
  });
  // req.ip, which rate limits, the sign-in throttle and the audit use, comes from X-Forwarded-For
  // only when the connection is from a configured proxy (TRUST_PROXY); a client's own header is ignored.
  const config = app.get<AppConfig>(APP_CONFIG);
  (app.getHttpAdapter().getInstance() as { set(name: string, value: unknown): void }).set(
    'trust proxy',
    trustProxySetting(config.TRUST_PROXY),
  );
  // First, so that every answer is timed, refusals by the parsers and guards included, and a
  // stopping api knows which requests to let finish (graceful-shutdown.ts).
  app.use(httpMetricsMiddleware(app.get(MetricsService)));
  app.use(inFlightRequestsOf(app).middleware());
  // Strict headers for everything served, the UI included: no inline scripts, no framing, no sniffing.
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          // TLS ends at the load balancer; on plain-http installs this would break every subresource.
          upgradeInsecureRequests: null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(...webUi());
  app.use(cookieParser());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainErrorFilter());
  // Nagios's webhook reads form bodies byte-exactly (a Latin-1 plugin output keeps its accents).
  app.use('/api/monitoring/nagios', ...nagiosFormBody());
  // Routes with large bodies identify the caller before reading a byte of them (401/403/429 first).
  const gate = app.get(RequestGate);
  deferContinueToGates(app.getHttpServer() as Server, LARGE_BODY_ROUTES);
  // Files for e-mail answers: staff, two at a time each, streamed by the controller up to
  // MAIL_MAX_ATTACHMENT_MB; no body parser buffers them first.
  app.use(LARGE_BODY_ROUTES[0].mount, gate.beforeBody(STAFF, UPLOADS_AT_ONCE), leaveBodyToController);
  // History imports are CSV files of a year or more of tickets (a year is about 1.4 MB): admins
  // only. The import holds every parsed row, about 1 KB each, so 20 MB (80,000 rows) stays well
  // inside the api's 256 MB heap (npm run start:api), where 25 MB was the most it could take;
  // larger files go through `npm run cli -- import:tickets`, its own process.
  app.use(
    LARGE_BODY_ROUTES[1].mount,
    gate.beforeBody(['admin']),
    text({ type: ['text/csv', 'text/plain'], limit: '20mb' }),
  );
  app.use(...bodyParsers(gate));
  // In production the API's map is for signed-in staff only (StaffGate).
  app.use(['/api/docs', '/api/docs-json', '/api/docs-yaml'], app.get(StaffGate).middleware());
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app));
  return app;
}
