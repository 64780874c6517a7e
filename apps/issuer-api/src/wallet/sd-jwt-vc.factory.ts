import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CredentialError, issueSdJwtVc, type SdMap } from '@issuer/credentials';
import { PLATFORM_CONFIG, type PlatformConfig } from '@issuer/platform';
import { credentialIssuerOf } from '../common/public-url';
import { CredentialDataBuilder } from './credential-data.builder';
import { publicMembers, type IssuanceInput } from './issuance-input';
import { IssuerMetadataService } from './issuer-metadata.service';
import { IssuerSignerService } from './issuer-signer.service';
import { pooledRandomBytes } from '../common/random-pool';

/**
 * Builds one SD-JWT VC (`dc+sd-jwt`) for a holder key: the credential data as top-level claims, `vct`,
 * `vct#integrity`, `iss`, `iat`, `nbf`/`exp` from the validity (rounded to the hour, see `CredentialDataBuilder.times`),
 * `cnf.jwk` = the proof key, `status`, disclosures per the profile's SD map; signed by kms over the bus (the issuer
 * key never leaves kms).
 *
 * Issuer key resolution (SD-JWT VC §3.5): with an `issuerDid`, `iss` is the DID and `kid` the DID URL of the
 * verification method holding the issuer key, and no `x5c` is sent (one mechanism, not two that could disagree: a
 * certificate cannot name a DID `iss` in its SAN). Otherwise `iss` is the credential issuer URL, `kid` the key's
 * thumbprint in `/jwks` (JWT VC Issuer Metadata) and `x5c` the profile's chain, whose leaf SAN should name the URL.
 */
@Injectable()
export class SdJwtVcFactory {
  constructor(
    @Inject(CredentialDataBuilder) private readonly data: CredentialDataBuilder,
    @Inject(IssuerSignerService) private readonly signers: IssuerSignerService,
    @Inject(IssuerMetadataService) private readonly metadata: IssuerMetadataService,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async issue(input: IssuanceInput): Promise<string> {
    const { session, holder, status } = input;
    const { profile, credentialConfiguration } = session.snapshot;
    const credentialIssuer = credentialIssuerOf(this.config, session.issuerId);
    const [data, signer] = await Promise.all([this.data.build(input), this.signers.forProfile(profile)]);
    const times = this.data.times(input, profile.issuerDid ? undefined : signer.certificateNotBefore);
    const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
    if (profile.issuerDid && !signer.didKid)
      throw new CredentialError('SIGNING_FAILED', `issuerDid ${profile.issuerDid} has no verification method for the issuer key`);
    const configuredVct = credentialConfiguration.vct as string | undefined;
    const vct = configuredVct ?? `${credentialIssuer}/types/${encodeURIComponent(session.credentialConfigurationId)}`;
    // When the platform serves the Type Metadata itself, the credential pins its bytes (SD-JWT VC §6.5).
    const integrity = configuredVct
      ? undefined
      : await this.metadata.typeMetadataIntegrity(session.issuerId, session.credentialConfigurationId);
    const payload = {
      ...data.claims,
      ...data.jwtClaims,
      vct,
      ...(integrity ? { 'vct#integrity': integrity } : {}),
      iss: profile.issuerDid ?? credentialIssuer,
      // SD-JWT VC §3.2.2.2: `sub` names the subject; here the DID proved at an ID token login, if any.
      ...(session.snapshot.loginSubject ? { sub: session.snapshot.loginSubject } : {}),
      iat: seconds(times.issuedAt),
      ...(times.validFrom ? { nbf: seconds(times.validFrom) } : {}),
      ...(times.validUntil ? { exp: seconds(times.validUntil) } : {}),
      ...(holder.jwk ? { cnf: { jwk: publicMembers(holder.jwk) } } : {}),
      ...(status ? { status: { status_list: { idx: status.index, uri: status.uri } } } : {}),
    };
    const header = profile.issuerDid
      ? { alg: signer.alg, kid: signer.didKid }
      : {
          alg: signer.alg,
          kid: signer.jwksKid,
          ...(signer.chainDer ? { x5c: signer.chainDer.map((der) => der.toString('base64')) } : {}),
        };
    return issueSdJwtVc(
      { header, payload, selectiveDisclosure: profile.selectiveDisclosure as SdMap | undefined },
      {
        sign: async (signingInput) => (await signer.sign(Buffer.from(signingInput, 'ascii'))).toString('base64url'),
        hash: (value) => createHash('sha256').update(value).digest(),
        randomBytes: (n) => pooledRandomBytes(n),
      },
    );
  }
}
