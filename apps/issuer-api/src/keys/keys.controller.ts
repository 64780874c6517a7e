import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, UsePipes } from '@nestjs/common';
import {
  DidKeyInUse,
  KeyCreate,
  KeyDelete,
  KeyDisable,
  KeyEnable,
  KeyGet,
  KeyImport,
  KeyList,
  type KeyDto,
  type KeyListResponse,
} from '@issuer/contracts';
import { AppError, BUS, type Bus } from '@issuer/platform';
import type { PoolClient } from 'pg';
import { z } from 'zod';
import { SchemaPipe } from '../common/schema.pipe';
import type { Principal } from '../access/principal';
import { CurrentPrincipal } from '../access/request-principal';
import { keyCreateBodySchema, keyImportBodySchema, splitOwner } from '../access/ownership/owned-bodies';
import { ResourceOwnership, withOwner, type Owned } from '../access/ownership/resource-ownership.service';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import { SafeInputPipe } from '../common/safe-input.pipe';
import { StatusSignersClient } from '../status-lists/status-signers.client';

const listQuerySchema = z
  .object({ limit: z.coerce.number().int().min(1).max(500).optional(), cursor: z.string().uuid().optional() })
  .strict();
const keyIdParam = z.string().uuid({ message: 'must be a key id (uuid)' });
const disableQuerySchema = z.object({ force: z.enum(['true', 'false']).optional() }).strict();

/** A key as the admin API shows it: with its owner's `issuerId` (API.md §13; absent: the platform). */
type OwnedKeyDto = Owned<KeyDto>;

/** Admin `/api/v1/keys`: forwarded to kms over the bus (private keys never leave kms); owners kept here. */
@Controller('api/v1/keys')
@UsePipes(new SafeInputPipe())
export class KeysController {
  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(StatusSignersClient) private readonly statusSigners: StatusSignersClient,
    @Inject(ResourceOwnership) private readonly ownership: ResourceOwnership,
  ) {}

  @Post()
  async create(@Body(new SchemaPipe(keyCreateBodySchema)) body: z.infer<typeof keyCreateBodySchema>): Promise<OwnedKeyDto> {
    const { issuerId, request } = splitOwner(body);
    return this.owned(await this.bus.request(KeyCreate, request, { timeoutMs: 30_000 }), issuerId);
  }

  @Post('import')
  async import(@Body(new SchemaPipe(keyImportBodySchema)) body: z.infer<typeof keyImportBodySchema>): Promise<OwnedKeyDto> {
    const { issuerId, request } = splitOwner(body);
    return this.owned(await this.bus.request(KeyImport, request), issuerId);
  }

  /** A page of kms keys, filtered to the caller's scope: a page may hold fewer than `limit`; follow `nextCursor`. */
  @Get()
  async list(
    @Query(new SchemaPipe(listQuerySchema)) query: z.infer<typeof listQuerySchema>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Omit<KeyListResponse, 'items'> & { items: OwnedKeyDto[] }> {
    const page = await this.bus.request(KeyList, query);
    return { ...page, items: await this.ownership.visible('key', page.items, (key) => key.keyId, principal) };
  }

  @Get(':keyId')
  async get(@Param('keyId') keyId: string): Promise<OwnedKeyDto> {
    return this.withOwner(await this.bus.request(KeyGet, { keyId: this.keyId(keyId) }));
  }

  /**
   * Stops the key from signing. Refused with 409 while an issuer or an active profile uses it (their
   * issuance would fail) or it signs live status lists (revocations would stop being published), unless
   * `?force=true`: a compromised key must be stoppable at once.
   */
  @Post(':keyId/disable')
  @HttpCode(200)
  async disable(
    @Param('keyId') keyId: string,
    @Query(new SchemaPipe(disableQuerySchema)) { force }: z.infer<typeof disableQuerySchema>,
  ): Promise<OwnedKeyDto> {
    const id = this.keyId(keyId);
    const use = force === 'true' ? undefined : await this.inUse(id);
    if (use) throw new AppError('CONFLICT', `key ${id} ${use}; disable with ?force=true to stop it anyway`);
    const key = await this.bus.request(KeyDisable, { keyId: id });
    this.catalog.forgetKey(id);
    return this.withOwner(key);
  }

  @Post(':keyId/enable')
  @HttpCode(200)
  async enable(@Param('keyId') keyId: string): Promise<OwnedKeyDto> {
    const key = await this.bus.request(KeyEnable, { keyId: this.keyId(keyId) });
    this.catalog.forgetKey(key.keyId);
    return this.withOwner(key);
  }

  @Delete(':keyId')
  @HttpCode(204)
  async remove(@Param('keyId') keyId: string): Promise<void> {
    const id = this.keyId(keyId);
    // Held exclusively from the check to the kms delete: a profile or issuer stored meanwhile waits, then is refused.
    await this.catalog.issuers.deleteKey(id, async (client) => {
      const use = await this.inUse(id, client);
      if (use) throw new AppError('CONFLICT', `key ${id} ${use}`);
      // DIDs live in did-registry; if it cannot answer, the delete fails rather than orphaning a DID.
      const dids = await this.bus.request(DidKeyInUse, { keyId: id });
      if (dids.inUse) throw new AppError('CONFLICT', `key ${id} is used by ${dids.dids.length} DID(s), e.g. ${dids.dids[0]}`);
      await this.bus.request(KeyDelete, { keyId: id });
    });
    this.catalog.forgetKey(id);
    await this.ownership.forget('key', id);
  }

  /** Records the owner of a new key. If that fails the key stays the platform's: only platform-admin can use it. */
  private async owned(key: KeyDto, issuerId: string | null): Promise<OwnedKeyDto> {
    await this.ownership.record('key', key.keyId, issuerId);
    return withOwner(key, issuerId);
  }

  private async withOwner(key: KeyDto): Promise<OwnedKeyDto> {
    return withOwner(key, await this.ownership.ownerOf('key', key.keyId));
  }

  /** Why the key must keep signing: named by an issuer or an active profile, or signing live status lists. */
  private async inUse(keyId: string, client?: PoolClient): Promise<string | undefined> {
    if (await this.catalog.issuers.isKeyInUse(keyId, client)) return 'is used by an issuer or an active profile';
    // A list keeps its signer after the configuration moved on (statusListKeyId changed, profile deleted).
    return this.statusSigners.keyUseReason(keyId);
  }

  private keyId(value: string): string {
    const parsed = keyIdParam.safeParse(value);
    if (!parsed.success) throw AppError.notFound(`key ${value}`);
    return parsed.data;
  }
}
