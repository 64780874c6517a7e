import type { PipeTransform } from '@nestjs/common';
import { parseOrThrow } from '@issuer/platform';
import type { z } from 'zod';

/**
 * Validates a `@Body()` or `@Query()` argument with a zod schema (400 problem+json naming each field). The OpenAPI
 * document reads `schema` back from the route's parameter metadata (openapi/route-catalog.ts), so a route documents
 * exactly the schema it validates with: there is no second declaration to drift.
 */
export class SchemaPipe<T extends z.ZodType> implements PipeTransform<unknown, z.output<T>> {
  constructor(readonly schema: T) {}

  transform(value: unknown): z.output<T> {
    return parseOrThrow(this.schema, value);
  }
}
