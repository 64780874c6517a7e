import { X509Certificate } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { BUS, type Bus } from '@issuer/platform';
import { signJwsWithKms } from '../common/kms-jws';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import type { IssuerConfig } from '../issuers/issuer-config.schema';

/** JOSE `typ` of signed Credential Issuer Metadata (OID4VCI 1.0 §12.2.3). */
export const SIGNED_METADATA_TYP = 'openidvci-issuer-metadata+jwt';
const VALIDITY_SECONDS = 24 * 3600;

/**
 * Signs Credential Issuer Metadata as a JWT (OID4VCI 1.0 §12.2.3): every metadata parameter becomes a
 * top-level claim, `sub` = the credential issuer, `iat`/`exp`, and the key is named by `kid` (in `/jwks`)
 * and, with a certificate, `x5c` without the trust anchor (as HAIP wants). Signed through kms.
 */
@Injectable()
export class SignedMetadataSigner {
  constructor(
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(BUS) private readonly bus: Bus,
  ) {}

  async sign(metadata: Record<string, unknown>, signing: NonNullable<IssuerConfig['signedMetadata']>): Promise<string> {
    const key = await this.catalog.key(signing.keyId);
    if (!key) throw new Error(`metadata signing key ${signing.keyId} no longer exists`);
    const certificate = signing.certificateId ? await this.catalog.certificate(signing.certificateId) : undefined;
    const chain = certificate ? (certificate.chain.length ? certificate.chain : [certificate.pem]) : undefined;
    const header = {
      alg: key.alg,
      typ: SIGNED_METADATA_TYP,
      kid: key.publicJwk.kid,
      ...(chain ? { x5c: chain.map((pem) => new X509Certificate(pem).raw.toString('base64')) } : {}),
    };
    const iat = Math.floor(Date.now() / 1000);
    const payload = { ...metadata, sub: metadata['credential_issuer'], iat, exp: iat + VALIDITY_SECONDS };
    return signJwsWithKms(this.bus, key, header, payload);
  }
}
