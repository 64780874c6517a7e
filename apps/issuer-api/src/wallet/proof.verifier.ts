import { Inject, Injectable } from '@nestjs/common';
import { Oid4vciError, verifyProofJwt } from '@issuer/oid4vci';
import { PLATFORM_CONFIG, type PlatformConfig } from '@issuer/platform';
import { credentialIssuerOf } from '../common/public-url';
import { hashSecret } from '../common/secrets';
import { ISSUER_API_CONFIG, type IssuerApiConfig } from '../issuer-api.config';
import type { TokenSession } from '../sessions/session.types';
import type { Holder } from './issuance-input';
import { verifyJwsSignature } from './jws-signature.verifier';
import { NonceService } from './nonce.service';

/** The keys a credential request proved possession of, and the nonces its proofs used (consumed at commit). */
export interface VerifiedProofs {
  holders: Holder[];
  nonceHashes: string[];
  nonceExpiresAtMs: number;
}

/** Key proofs of a credential request (OID4VCI 1.0 §8.2, Appendix F): full validation plus the nonce's signature and age. */
@Injectable()
export class ProofVerifier {
  constructor(
    @Inject(NonceService) private readonly nonces: NonceService,
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
    @Inject(ISSUER_API_CONFIG) private readonly config: IssuerApiConfig,
  ) {}

  /** Full proof validation (Appendix F.4) plus the nonce's signature and age; consumption happens at commit. */
  async verify(session: TokenSession, proofs: string[]): Promise<VerifiedProofs> {
    const configuration = session.snapshot.credentialConfiguration as {
      proof_types_supported?: { jwt?: { proof_signing_alg_values_supported?: string[] } };
    };
    const supportedAlgs = configuration.proof_types_supported?.jwt?.proof_signing_alg_values_supported;
    if (!supportedAlgs) {
      if (proofs.length) throw new Oid4vciError('invalid_proof', 'this credential configuration takes no key proofs');
      return { holders: [{}], nonceHashes: [], nonceExpiresAtMs: Date.now() };
    }
    if (proofs.length === 0) throw new Oid4vciError('invalid_proof', 'proofs are required for this credential configuration');
    const credentialIssuer = credentialIssuerOf(this.platform, session.issuerId);
    const holders: Holder[] = [];
    const nonces = new Set<string>();
    let nonceExpiresAtMs = 0;
    for (const proof of proofs) {
      const result = await verifyProofJwt(
        proof,
        { credentialIssuer, nowSeconds: Math.floor(Date.now() / 1000), supportedAlgs, maxAgeSeconds: this.config.proofMaxAgeSeconds },
        { verifySignature: verifyJwsSignature },
      );
      if (!result.verified) throw new Oid4vciError(result.error, result.description);
      const nonce = this.nonces.check(result.nonce);
      if (!nonce.valid)
        throw new Oid4vciError(
          'invalid_nonce',
          nonce.reason === 'expired' ? 'the c_nonce has expired' : 'the c_nonce is not one this issuer issued',
        );
      nonceExpiresAtMs = Math.max(nonceExpiresAtMs, nonce.expiresAtMs);
      nonces.add(hashSecret(result.nonce));
      holders.push({ jwk: result.holderJwk, did: result.holderDid });
    }
    return { holders, nonceHashes: [...nonces], nonceExpiresAtMs };
  }
}
