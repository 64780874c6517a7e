import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, UseGuards, UsePipes } from '@nestjs/common';
import {
  DidCreate,
  DidDelete,
  DidList,
  DidResolve,
  didCreateRequestSchema,
  didStringSchema,
  type DidCreateResponse,
  type DidListResponse,
  type DidResolutionResult,
} from '@issuer/contracts';
import { AppError, BUS, parseOrThrow, type Bus } from '@issuer/platform';
import { z } from 'zod';
import { AdminAuthGuard } from '../common/admin-auth.guard';
import { SafeInputPipe } from '../common/safe-input.pipe';

const resolveQuerySchema = z.object({ did: didStringSchema }).strict();

/**
 * Admin `/api/v1/dids`: forwarded to did-registry over the bus. Resolution always answers 200 with a DID
 * Resolution result; a DID that cannot be resolved carries `didResolutionMetadata.error` (`notFound`,
 * `invalidDid`, `methodNotSupported`, ...), so every non-2xx stays problem+json.
 */
@Controller('api/v1/dids')
@UsePipes(new SafeInputPipe())
@UseGuards(AdminAuthGuard)
export class DidsController {
  constructor(@Inject(BUS) private readonly bus: Bus) {}

  @Post()
  create(@Body() body: unknown): Promise<DidCreateResponse> {
    return this.bus.request(DidCreate, parseOrThrow(didCreateRequestSchema, body), { timeoutMs: 15_000 });
  }

  @Get()
  list(): Promise<DidListResponse> {
    return this.bus.request(DidList, {});
  }

  @Get('resolve')
  resolve(@Query() query: unknown): Promise<DidResolutionResult> {
    // did:web may fetch a remote document for up to 5 s.
    return this.bus.request(DidResolve, parseOrThrow(resolveQuerySchema, query), { timeoutMs: 10_000 });
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
