import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, UsePipes } from '@nestjs/common';
import {
  DidCreate,
  DidDelete,
  DidList,
  DidResolve,
  didStringSchema,
  type DidCreateResponse,
  type DidSummary,
  type DidResolutionResult,
} from '@issuer/contracts';
import { AppError, BUS, type Bus } from '@issuer/platform';
import { z } from 'zod';
import { SafeInputPipe } from '../common/safe-input.pipe';
import { SchemaPipe } from '../common/schema.pipe';
import type { Principal } from '../access/principal';
import { CurrentPrincipal } from '../access/request-principal';
import { didCreateBodySchema, splitOwner } from '../access/ownership/owned-bodies';
import { ResourceOwnership, withOwner, type Owned } from '../access/ownership/resource-ownership.service';

const resolveQuerySchema = z.object({ did: didStringSchema }).strict();

/**
 * Admin `/api/v1/dids`: forwarded to did-registry over the bus. Resolution always answers 200 with a DID
 * Resolution result; a DID that cannot be resolved carries `didResolutionMetadata.error` (`notFound`,
 * `invalidDid`, `methodNotSupported`, ...), so every non-2xx stays problem+json.
 */
@Controller('api/v1/dids')
@UsePipes(new SafeInputPipe())
export class DidsController {
  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(ResourceOwnership) private readonly ownership: ResourceOwnership,
  ) {}

  /** A DID of an issuer (or of the platform) made from a key of that issuer (or of the platform). */
  @Post()
  async create(
    @Body(new SchemaPipe(didCreateBodySchema)) body: z.infer<typeof didCreateBodySchema>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Owned<DidCreateResponse>> {
    const { issuerId, request } = splitOwner(body);
    await this.ownership.requireUsable([{ kind: 'key', id: request.keyId, path: 'keyId' }], issuerId, principal);
    const created = await this.bus.request(DidCreate, request, { timeoutMs: 15_000 });
    await this.ownership.record('did', created.did, issuerId);
    return withOwner(created, issuerId);
  }

  /** The DIDs in the caller's scope, each with its owner. */
  @Get()
  async list(@CurrentPrincipal() principal: Principal): Promise<{ items: Owned<DidSummary>[] }> {
    const { items } = await this.bus.request(DidList, {});
    return { items: await this.ownership.visible('did', items, (item) => item.did, principal) };
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
    await this.ownership.forget('did', did);
  }
}
