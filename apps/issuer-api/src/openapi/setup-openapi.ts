import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { LOGGER, type Logger } from '@issuer/platform';
import { IssuerApiModule } from '../issuer-api.module';
import { buildOpenApiDocument } from './openapi.document';
import { requiredRoleOf } from './required-role';
import { routeCatalog } from './route-catalog';
import { logServedRoutes } from './served-routes';

/** Serves `GET /api/openapi.json` (and `.yaml`) and the Swagger UI at `GET /api/docs`; call before `listen`. */
export function setupOpenApi(app: NestFastifyApplication, publicUrl: string): void {
  logServedRoutes(app.getHttpAdapter().getInstance(), app.get<Logger>(LOGGER));
  const document = buildOpenApiDocument(publicUrl, routeCatalog(IssuerApiModule), requiredRoleOf) as unknown as OpenAPIObject;
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json', yamlDocumentUrl: 'api/openapi.yaml' });
}
