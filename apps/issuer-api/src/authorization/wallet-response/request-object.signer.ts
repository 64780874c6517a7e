import { Inject, Injectable } from '@nestjs/common';
import { OAuth2Error } from '@issuer/oauth2';
import { BUS, type Bus } from '@issuer/platform';
import { signJwsWithKms } from '../../common/kms-jws';
import { IssuerCatalog } from '../../issuers/issuer-catalog';
import type { IssuerConfig } from '../../issuers/issuer-config.schema';

/** JOSE `typ` of a signed authorization request object (RFC 9101 §10.8). */
export const REQUEST_OBJECT_TYP = 'oauth-authz-req+jwt';

/**
 * Signs the request objects the issuer sends a wallet for an ID token or VP token login (API.md §11) with the
 * issuer's `tokenKeyId`, named by its thumbprint `kid` as published in `/issuers/{issuerId}/jwks`. Through kms:
 * the key never leaves it.
 */
@Injectable()
export class RequestObjectSigner {
  constructor(
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(BUS) private readonly bus: Bus,
  ) {}

  async sign(issuer: IssuerConfig, payload: Record<string, unknown>): Promise<string> {
    const key = issuer.tokenKeyId ? await this.catalog.key(issuer.tokenKeyId) : undefined;
    // Checked when the profile was saved; the issuer may have dropped or deleted the key since.
    if (!key) throw new OAuth2Error('server_error', `issuer ${issuer.id} has no usable tokenKeyId to sign request objects`);
    return signJwsWithKms(this.bus, key, { typ: REQUEST_OBJECT_TYP, kid: key.publicJwk.kid }, payload);
  }
}
