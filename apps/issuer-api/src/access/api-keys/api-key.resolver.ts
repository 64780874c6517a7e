import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@issuer/platform';
import type { Principal } from '../principal';
import type { PrincipalResolver } from '../principal-resolver';
import { ApiKeyRepository } from './api-key.repository';
import { apiKeyHash, apiKeyUsable, isApiKeyFormat } from './api-key-secret';

/** API keys (`isk_…`, API.md §13): looked up in PostgreSQL on every request, so a revocation is seen at once everywhere. */
@Injectable()
export class ApiKeyResolver implements PrincipalResolver {
  constructor(@Inject(ApiKeyRepository) private readonly keys: ApiKeyRepository) {}

  async resolve(bearer: string): Promise<Principal | undefined> {
    if (!isApiKeyFormat(bearer)) return undefined;
    const record = await this.keys.findByHash(apiKeyHash(bearer));
    // One answer for unknown, revoked and expired keys: which it is only matters to whoever holds the key list.
    if (!record || !apiKeyUsable(record, new Date()))
      throw new AppError('UNAUTHORIZED', 'The API key is not valid (unknown, revoked or expired)');
    return {
      type: 'api-key',
      id: record.apiKeyId,
      roles: record.roles,
      issuers: record.issuers,
      ...(record.expiresAt ? { expiresAt: record.expiresAt } : {}),
    };
  }
}
