import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument } from './openapi.document';

/** Serves `GET /api/openapi.json` and the Swagger UI at `GET /api/docs`. */
export function setupOpenApi(app: NestFastifyApplication, publicUrl: string): void {
  const document = buildOpenApiDocument(publicUrl) as unknown as OpenAPIObject;
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json', yamlDocumentUrl: 'api/openapi.yaml' });
}
