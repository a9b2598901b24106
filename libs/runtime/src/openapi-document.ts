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
  return withIdempotencyKey(SwaggerModule.createDocument(app, config));
}

/** Every POST that needs a sign-in takes an optional Idempotency-Key (IdempotencyInterceptor). */
function withIdempotencyKey(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    const post = item.post;
    // Public operations (sign-in) carry an explicit empty requirement: the key is ignored there.
    if (!post || post.security?.some((requirement) => Object.keys(requirement).length === 0)) continue;
    post.parameters = [
      ...(post.parameters ?? []),
      {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description:
          'Una per invio: ripetuta entro 24 ore dallo stesso utente restituisce la prima risposta senza scrivere di nuovo (409 se la prima è in corso, 422 con un altro corpo) / one per submission: repeated within 24 hours by the same user it answers the first answer and writes nothing (409 while the first runs, 422 with another body)',
        schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' },
      },
    ];
  }
  return document;
}
