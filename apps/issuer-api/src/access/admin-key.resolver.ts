import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { safeEqual } from '../common/secrets';
import { ISSUER_API_CONFIG, type IssuerApiConfig } from '../issuer-api.config';
import type { Principal } from './principal';
import type { PrincipalResolver } from './principal-resolver';

/** A name for a bootstrap key that logs and audit records can carry: 8 hex digits of its SHA-256, never the key. */
export function adminKeyFingerprint(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** The bootstrap keys of ADMIN_API_KEYS: `platform-admin` on every issuer (API.md §13). */
@Injectable()
export class AdminKeyResolver implements PrincipalResolver {
  private readonly keys: { key: string; id: string }[];

  constructor(@Inject(ISSUER_API_CONFIG) config: IssuerApiConfig) {
    this.keys = config.adminApiKeys.map((key) => ({ key, id: adminKeyFingerprint(key) }));
  }

  resolve(bearer: string): Promise<Principal | undefined> {
    let matched: string | undefined;
    // Every key is compared, in constant time each, so the answer time does not tell which one nearly matched.
    for (const { key, id } of this.keys) if (safeEqual(bearer, key)) matched ??= id;
    return Promise.resolve(matched === undefined ? undefined : { type: 'admin-key', id: matched, roles: ['platform-admin'], issuers: '*' });
  }
}
