import { DomainError } from '@app/contracts';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { mountQueueBoard } from '../admin/queue-board';
import type { GatewayConfig } from '../gateway.config';
import { defaultWebAppDir, mountWebApp } from '../web-app/web-app';
import { HttpErrorsFilter } from './http-errors.filter';
import { createValidationPipe } from './validation';

/**
 * Everything about the gateway's HTTP edge that is not a route: JSON-only bodies, the
 * global validation pipe and error filter, the OpenAPI document, Bull Board and the web app. main.ts and the
 * integration tests both use it, so tests exercise the edge as it runs.
 */
export async function configureGatewayApp(app: NestFastifyApplication, config: GatewayConfig, logger: Logger): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('preParsing', async (request: FastifyRequest) => {
    if (hasBody(request) && !isJson(request.headers['content-type'])) {
      throw new DomainError('VALIDATION_FAILED', 'Send the body as JSON with Content-Type: application/json.');
    }
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorsFilter(logger, config.bodyLimitBytes));
  setUpOpenApi(app);
  await mountQueueBoard(app, config);
  await mountWebApp(app, config.webAppDir ?? defaultWebAppDir(), {
    cancellationWindowHours: config.cancellationWindowHours,
    rescheduleWindowHours: config.rescheduleWindowHours,
    minNoticeMinutes: config.minNoticeMinutes,
  });
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';')[0].trim().toLowerCase() === 'application/json';
}

export function setUpOpenApi(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Barbershop booking API')
      .setDescription(
        'Errors always look like { statusCode, code, message } (validation errors add errors: [{ field, message }]). ' +
          'Each operation lists the codes it can answer under their HTTP status.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}
