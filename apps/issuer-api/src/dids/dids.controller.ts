import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, UsePipes } from '@nestjs/common';
import {
  DidCreate,
  DidDelete,
  DidList,
  DidResolve,
  didCreateRequestSchema,
  didStringSchema,
  type DidCreateRequest,
  type DidCreateResponse,
  type DidListResponse,
  type DidResolutionResult,
} from '@issuer/contracts';
import { AppError, BUS, type Bus } from '@issuer/platform';
import { z } from 'zod';
import { SafeInputPipe } from '../common/safe-input.pipe';
import { SchemaPipe } from '../common/schema.pipe';

const resolveQuerySchema = z.object({ did: didStringSchema }).strict();

/**
 * Admin `/api/v1/dids`: forwarded to did-registry over the bus. Resolution always answers 200 with a DID
 * Resolution result; a DID that cannot be resolved carries `didResolutionMetadata.error` (`notFound`,
 * `invalidDid`, `methodNotSupported`, ...), so every non-2xx stays problem+json.
 */
@Controller('api/v1/dids')
@UsePipes(new SafeInputPipe())
export class DidsController {
  constructor(@Inject(BUS) private readonly bus: Bus) {}

  @Post()
  create(@Body(new SchemaPipe(didCreateRequestSchema)) body: DidCreateRequest): Promise<DidCreateResponse> {
    return this.bus.request(DidCreate, body, { timeoutMs: 15_000 });
  }

  @Get()
  list(): Promise<DidListResponse> {
    return this.bus.request(DidList, {});
  }

  @Get('resolve')
  resolve(@Query(new SchemaPipe(resolveQuerySchema)) query: z.infer<typeof resolveQuerySchema>): Promise<DidResolutionResult> {
    // did:web may fetch a remote document for up to 5 s.
    return this.bus.request(DidResolve, query, { timeoutMs: 10_000 });
  }

  /**
   * The DID is the rest of the path, percent-encoded (`did%3Aweb%3Ahost%253A3000`). A wildcard rather than
   * `:did` because Fastify caps named parameters at 100 characters and a did:jwk or RSA did:key is longer.
   */
  @Delete('*')
  @HttpCode(204)
  async remove(@Param('*') did: string): Promise<void> {
    if (!didStringSchema.safeParse(did).success || !did.startsWith('did:')) throw AppError.notFound(`DID ${did}`);
    await this.bus.request(DidDelete, { did });
  }
}
