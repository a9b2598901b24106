import { createValidationPipe, DomainErrorFilter } from '@app/common';
import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, urlencoded } from 'express';

/** Everything an HTTP app needs besides its modules: prefix, validation, errors, docs, limits. */
export function configureHttpApp(app: INestApplication): INestApplication {
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainErrorFilter());
  app.use(json({ limit: '2mb' }));
  app.use(urlencoded({ extended: false, limit: '2mb' }));
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Help desk CST')
      .setDescription('Ticket, SLA e report per il Centro Servizi Tecnologico / tickets, SLAs and reports')
      .setVersion('0.1')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);
  app.enableShutdownHooks();
  return app;
}
