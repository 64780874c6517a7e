import { createHash, randomBytes, randomUUID, X509Certificate } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { KeySign } from '@issuer/contracts';
import { applyMapping, deepMergeAppend, issueSdJwtVc, parseDuration, type SdMap } from '@issuer/credentials';
import { BUS, PLATFORM_CONFIG, type Bus, type PlatformConfig } from '@issuer/platform';
import { credentialIssuerOf } from '../common/public-url';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import type { TokenSession } from '../sessions/session.types';

/** The key a credential is bound to (absent for configurations without holder binding). */
export interface Holder {
  jwk?: Record<string, unknown>;
  did?: string;
}

/**
 * Builds one SD-JWT VC (`dc+sd-jwt`) for a holder key: profile data with the data functions applied,
 * `vct`, `iss`, `iat`, `exp`/`nbf` from the profile's validity, `cnf.jwk` = the proof key, disclosures per
 * the profile's SD map, signed by kms over the bus (the issuer key never leaves kms).
 */
@Injectable()
export class SdJwtVcFactory {
  constructor(
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(BUS) private readonly bus: Bus,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async issue(session: TokenSession, holder: Holder, now = new Date()): Promise<string> {
    const { profile, credentialConfiguration } = session.snapshot;
    const credentialIssuer = credentialIssuerOf(this.config, session.issuerId);
    const key = await this.catalog.key(profile.issuerKeyId);
    if (!key) throw new Error(`issuer key ${profile.issuerKeyId} no longer exists`);
    const mapped = profile.mapping
      ? await applyMapping(profile.mapping, {
          now,
          issuerId: session.issuerId,
          issuerDid: profile.issuerDid,
          subjectDid: holder.did,
          randomUuid: randomUUID,
        })
      : { credentialData: {}, jwtClaims: {} };
    const claims = deepMergeAppend(structuredClone(profile.credentialData ?? {}), mapped.credentialData);
    const iat = Math.floor(now.getTime() / 1000);
    const validFor = profile.validity?.validFor ? parseDuration(profile.validity.validFor) : undefined;
    const validFrom = profile.validity?.validFrom ? Math.floor(Date.parse(profile.validity.validFrom) / 1000) : undefined;
    const vct =
      (credentialConfiguration.vct as string | undefined) ??
      `${credentialIssuer}/types/${encodeURIComponent(session.credentialConfigurationId)}`;
    const payload = {
      ...claims,
      ...mapped.jwtClaims,
      vct,
      iss: credentialIssuer,
      iat,
      ...(validFrom !== undefined ? { nbf: validFrom } : {}),
      ...(validFor?.valid ? { exp: (validFrom ?? iat) + Math.floor(validFor.ms / 1000) } : {}),
      ...(holder.jwk ? { cnf: { jwk: publicMembers(holder.jwk) } } : {}),
    };
    const header = {
      alg: key.alg,
      kid: key.publicJwk.kid,
      ...(profile.x5Chain ? { x5c: profile.x5Chain.map((pem) => new X509Certificate(pem).raw.toString('base64')) } : {}),
    };
    return issueSdJwtVc(
      { header, payload, selectiveDisclosure: profile.selectiveDisclosure as SdMap | undefined },
      {
        sign: async (signingInput) => {
          const { signature } = await this.bus.request(KeySign, {
            keyId: key.keyId,
            data: Buffer.from(signingInput, 'ascii').toString('base64url'),
            alg: key.alg,
          });
          return signature;
        },
        hash: (data) => createHash('sha256').update(data).digest(),
        randomBytes: (n) => randomBytes(n),
      },
    );
  }
}

const PUBLIC_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e', 'kid', 'alg'];
/** The holder key as bound into `cnf`: public members only. */
function publicMembers(jwk: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(jwk).filter(([k]) => PUBLIC_MEMBERS.includes(k)));
}
