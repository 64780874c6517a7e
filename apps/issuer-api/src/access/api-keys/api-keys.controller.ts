import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, UsePipes } from '@nestjs/common';
import { z } from 'zod';
import { AppError } from '@issuer/platform';
import type { PendingAudit } from '../../audit/pending-audit';
import { CurrentAudit } from '../../audit/request-audit';
import { SafeInputPipe } from '../../common/safe-input.pipe';
import { SchemaPipe } from '../../common/schema.pipe';
import type { Principal } from '../principal';
import { PrincipalStreams } from '../principal-streams';
import { CurrentPrincipal } from '../request-principal';
import { ApiKeyRepository, type ApiKeyRecord } from './api-key.repository';
import { apiKeyCreateSchema, toApiKeyRequest } from './api-key.schema';
import { apiKeyHash, apiKeyPrefixOf, newApiKey } from './api-key-secret';

const apiKeyIdParam = z.string().uuid();

export interface ApiKeyDto {
  apiKeyId: string;
  name: string;
  keyPrefix: string;
  roles: string[];
  issuers: string[];
  createdBy: { type: string; id: string };
  createdAt: string;
  expiresAt: string | null;
}

/** API keys with roles and issuer scope (API.md §13); only `platform-admin` manages them (admin-permissions.ts). */
@Controller('api/v1/api-keys')
@UsePipes(new SafeInputPipe())
export class ApiKeysController {
  constructor(
    @Inject(ApiKeyRepository) private readonly keys: ApiKeyRepository,
    @Inject(PrincipalStreams) private readonly streams: PrincipalStreams,
  ) {}

  /** The key is in this answer only; what is stored is its hash. */
  @Post()
  async create(
    @Body(new SchemaPipe(apiKeyCreateSchema)) body: z.infer<typeof apiKeyCreateSchema>,
    @CurrentPrincipal() principal: Principal,
    @CurrentAudit() audit: PendingAudit | undefined,
  ): Promise<ApiKeyDto & { key: string }> {
    const request = toApiKeyRequest(body, new Date());
    const key = newApiKey();
    const record = await this.keys.insert(
      {
        apiKeyId: randomUUID(),
        keyHash: apiKeyHash(key),
        keyPrefix: apiKeyPrefixOf(key),
        ...request,
        createdBy: { type: principal.type, id: principal.id },
      },
      audit,
    );
    return { ...toApiKeyDto(record), key };
  }

  @Get()
  async list(): Promise<{ items: ApiKeyDto[] }> {
    return { items: (await this.keys.list()).map(toApiKeyDto) };
  }

  /** Revoked at once on every replica: each request reads its key from the database, and its open event streams end. */
  @Delete(':apiKeyId')
  @HttpCode(204)
  async revoke(@Param('apiKeyId') apiKeyId: string, @CurrentAudit() audit: PendingAudit | undefined): Promise<void> {
    if (!apiKeyIdParam.safeParse(apiKeyId).success || !(await this.keys.revoke(apiKeyId, audit)))
      throw AppError.notFound(`API key ${apiKeyId}`);
    this.streams.revoked({ type: 'api-key', id: apiKeyId });
  }
}

function toApiKeyDto(record: ApiKeyRecord): ApiKeyDto {
  return {
    apiKeyId: record.apiKeyId,
    name: record.name,
    keyPrefix: record.keyPrefix,
    roles: record.roles,
    issuers: record.issuers === '*' ? ['*'] : record.issuers,
    createdBy: record.createdBy,
    createdAt: record.createdAt.toISOString(),
    expiresAt: record.expiresAt?.toISOString() ?? null,
  };
}
