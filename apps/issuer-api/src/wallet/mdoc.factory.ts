import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  CredentialError,
  issueMdoc,
  mdocSigningAlgorithmForKeyType,
  parseDuration,
  type MdocNameSpacesDataMappingConfig,
} from '@issuer/credentials';
import { CredentialDataBuilder } from './credential-data.builder';
import type { IssuanceInput } from './issuance-input';
import { IssuerSignerService } from './issuer-signer.service';
import { pooledRandomBytes } from '../common/random-pool';

/** MSO validity when the profile sets none (walt.id's default of one year). */
const DEFAULT_VALIDITY_MS = 365 * 24 * 3600 * 1000;

/**
 * Builds one ISO mdoc (`mso_mdoc`, OID4VCI Appendix A.2) for a holder key: the profile's namespaces with
 * the data functions and `mDocNameSpacesDataMappingConfig` applied, the proof key as device key, MSO
 * validity from the profile (`validFrom`, `validFor`, `expectedUpdate`; `signed`, `validFrom`, `validUntil` and
 * `expectedUpdate` on the hour, see `CredentialDataBuilder.times`), the Token Status List entry, and
 * COSE_Sign1 by the Document Signer key through kms with its certificate in x5chain.
 */
@Injectable()
export class MdocFactory {
  constructor(
    @Inject(CredentialDataBuilder) private readonly data: CredentialDataBuilder,
    @Inject(IssuerSignerService) private readonly signers: IssuerSignerService,
  ) {}

  async issue(input: IssuanceInput): Promise<string> {
    const { session, holder, status } = input;
    const { profile, credentialConfiguration } = session.snapshot;
    if (!holder.jwk) throw new CredentialError('MDOC_INVALID_REQUEST', 'an mdoc needs the holder key from a proof as its device key');
    const [data, signer] = await Promise.all([this.data.build(input), this.signers.forProfile(profile)]);
    const algorithm = mdocSigningAlgorithmForKeyType(signer.key.type);
    if (!algorithm || !signer.chainDer)
      throw new CredentialError('MDOC_INVALID_REQUEST', 'the profile cannot sign mdocs (key type or chain)');
    // `signed` is the issuance hour, but never before the DS certificate's notBefore: readers check that the
    // certificate was valid when the MSO was signed (ISO 18013-5 §9.3.1).
    const times = this.data.times(input, signer.certificateNotBefore);
    const signed = times.issuedAt;
    // ISO 18013-5 §9.1.2.4: validFrom is not before signed; a profile date in the past starts at signing time.
    const validFrom = times.validFrom && times.validFrom > signed ? times.validFrom : signed;
    const validUntil = times.validUntil ?? new Date(validFrom.getTime() + DEFAULT_VALIDITY_MS);
    const expectedUpdate = profile.validity?.expectedUpdate ? parseDuration(profile.validity.expectedUpdate) : undefined;
    return issueMdoc(
      {
        docType: credentialConfiguration['doctype'] as string,
        nameSpaces: data.claims as Record<string, Record<string, unknown>>,
        dataMappingConfig: profile.mDocNameSpacesDataMappingConfig as MdocNameSpacesDataMappingConfig | undefined,
        deviceKey: holder.jwk,
        validityInfo: {
          signed,
          validFrom,
          validUntil,
          ...(expectedUpdate?.valid ? { expectedUpdate: new Date(signed.getTime() + expectedUpdate.ms) } : {}),
        },
        signingAlgorithm: algorithm,
        certificateChain: signer.chainDer.map((der) => new Uint8Array(der)),
        ...(status?.type === 'TokenStatusList' ? { status: { status_list: { idx: status.index, uri: status.uri } } } : {}),
      },
      {
        sign: async (sigStructure) => new Uint8Array(await signer.sign(Buffer.from(sigStructure))),
        digest: (bytes, alg) => new Uint8Array(createHash(alg.replace('SHA-', 'sha')).update(bytes).digest()),
        randomBytes: (n) => new Uint8Array(pooledRandomBytes(n)),
      },
    );
  }
}
