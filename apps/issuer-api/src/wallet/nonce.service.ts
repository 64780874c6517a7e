import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { checkNonce, createNonce, type NonceCheck } from '@issuer/oid4vci';
import { ISSUER_API_CONFIG, type IssuerApiConfig } from '../issuer-api.config';
import { SERVER_SECRETS, type ServerSecrets } from './server-secrets';
import { pooledRandomBytes } from '../common/random-pool';

/**
 * c_nonce values (OID4VCI §7): self-expiring and HMAC-protected, so issuing one needs no database
 * write; single use is enforced when a proof consumes it (issuer_api.used_nonces).
 */
@Injectable()
export class NonceService {
  private readonly hmac: (data: Uint8Array) => Uint8Array;

  constructor(
    @Inject(SERVER_SECRETS) secrets: ServerSecrets,
    @Inject(ISSUER_API_CONFIG) private readonly config: IssuerApiConfig,
  ) {
    this.hmac = (data) => createHmac('sha256', secrets.nonceKey).update(data).digest();
  }

  create(): string {
    return createNonce({
      nowMs: Date.now(),
      ttlSeconds: this.config.nonceTtlSeconds,
      randomBytes: (n) => pooledRandomBytes(n),
      hmac: this.hmac,
    });
  }

  check(nonce: string): NonceCheck {
    return checkNonce(nonce, { nowMs: Date.now(), hmac: this.hmac });
  }
}
