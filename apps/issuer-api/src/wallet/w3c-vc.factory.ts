import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { issueW3cVc, type SdMap, type W3cStatusReference } from '@issuer/credentials';
import { didJwkFromJwk } from '@issuer/oid4vci';
import { PLATFORM_CONFIG, type PlatformConfig } from '@issuer/platform';
import { credentialIssuerOf } from '../common/public-url';
import { CredentialDataBuilder } from './credential-data.builder';
import type { IssuanceInput } from './issuance-input';
import { IssuerSignerService } from './issuer-signer.service';
import { pooledRandomBytes } from '../common/random-pool';

/**
 * Builds one W3C credential for `jwt_vc_json` (API.md §4): VCDM 1.1 JWT by default, VCDM 2.0 `vc+jwt`
 * with `w3cVersion: "2.0"`, or `vc+sd-jwt` when the profile also has a selective disclosure map. The
 * issuer is the profile's `issuerDid` (kid = its verification method) or else the credential issuer URL
 * (kid = the key thumbprint in `/jwks`); the holder is `credentialSubject.id` = the DID of the proof key.
 */
@Injectable()
export class W3cVcFactory {
  constructor(
    @Inject(CredentialDataBuilder) private readonly data: CredentialDataBuilder,
    @Inject(IssuerSignerService) private readonly signers: IssuerSignerService,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async issue(input: IssuanceInput): Promise<string> {
    const { session, holder, status, statusEntries } = input;
    const { profile, credentialConfiguration } = session.snapshot;
    const [data, signer] = await Promise.all([this.data.build(input), this.signers.forProfile(profile)]);
    // Without an explicit validFrom the credential is valid from its (rounded) issuance time.
    const times = this.data.times(input, signer.certificateNotBefore);
    const definition = credentialConfiguration['credential_definition'] as { type?: string[] } | undefined;
    // The DID proved at an ID token login names the subject; otherwise the holder of the proof key does.
    const subjectId = session.snapshot.loginSubject ?? holder.did ?? (holder.jwk ? didJwkFromJwk(holder.jwk) : undefined);
    return issueW3cVc(
      {
        version: profile.w3cVersion ?? '1.1',
        header: {
          alg: signer.alg,
          kid: signer.didKid ?? signer.jwksKid,
          ...(signer.chainDer ? { x5c: signer.chainDer.map((der) => der.toString('base64')) } : {}),
        },
        credential: { ...data.claims },
        issuer: profile.issuerDid ?? credentialIssuerOf(this.config, session.issuerId),
        defaultTypes: definition?.type,
        subjectId,
        issuedAt: times.issuedAt,
        validFrom: times.validFrom,
        validUntil: times.validUntil,
        credentialId: `urn:uuid:${randomUUID()}`,
        credentialStatus: w3cStatusOf(status, statusEntries),
        selectiveDisclosure: profile.selectiveDisclosure as SdMap | undefined,
      },
      {
        sign: async (signingInput) => (await signer.sign(Buffer.from(signingInput, 'ascii'))).toString('base64url'),
        hash: (value) => createHash('sha256').update(value).digest(),
        randomBytes: (n) => pooledRandomBytes(n),
      },
    );
  }
}

/** One `credentialStatus` entry, or an array when the credential references several lists (VCDM 2.0 §4.10). */
function w3cStatusOf(
  status: IssuanceInput['status'],
  entries: IssuanceInput['statusEntries'],
): W3cStatusReference | W3cStatusReference[] | undefined {
  if (!status || status.type === 'TokenStatusList') return undefined;
  return entries && entries.length > 1 ? (entries as W3cStatusReference[]) : (status as W3cStatusReference);
}
