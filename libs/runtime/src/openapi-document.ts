import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export const SESSION_SECURITY = 'session';
export const TOKEN_SECURITY = 'token';

/**
 * The OpenAPI contract clients generate code from. Every operation needs a sign-in unless it is
 * marked `@Public()` (which writes an explicit anonymous requirement): the global requirement says
 * so once, either the browser session cookie or an API token.
 */
export function buildOpenApiDocument(app: INestApplication, serverUrl = '/'): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Help desk CST')
    .setDescription('Ticket, SLA e report per il Centro Servizi Tecnologico / tickets, SLAs and reports')
    .setVersion('0.1')
    .setLicense('UNLICENSED', 'https://choosealicense.com/no-permission/')
    .addServer(serverUrl, 'Questo server / this server')
    .addCookieAuth(
      'hd_session',
      {
        type: 'apiKey',
        in: 'cookie',
        description:
          'Sessione del browser (POST /api/auth/login); ogni modifica richiede anche X-CSRF-Token / browser session; changes also need X-CSRF-Token',
      },
      SESSION_SECURITY,
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: 'Token API `hd_...` con i suoi scope / API token with its scopes',
      },
      TOKEN_SECURITY,
    )
    .addSecurityRequirements(SESSION_SECURITY)
    .addSecurityRequirements(TOKEN_SECURITY)
    .build();
  return SwaggerModule.createDocument(app, config);
}
