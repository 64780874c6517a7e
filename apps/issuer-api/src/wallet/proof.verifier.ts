import { Inject, Injectable } from '@nestjs/common';
import {
  Oid4vciError,
  verifyAttestationProof,
  verifyProofJwt,
  type CredentialRequestProofs,
  type KeyAttestationRequirement,
} from '@issuer/oid4vci';
import { PLATFORM_CONFIG, type PlatformConfig } from '@issuer/platform';
import { credentialIssuerOf } from '../common/public-url';
import { hashSecret } from '../common/secrets';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import { keyAttestationTrustFor } from '../issuers/key-attestation-trust.rules';
import { ISSUER_API_CONFIG, type IssuerApiConfig } from '../issuer-api.config';
import type { TokenSession } from '../sessions/session.types';
import { HolderKidResolver } from './holder-kid.resolver';
import type { Holder } from './issuance-input';
import { verifyJwsSignature } from './jws-signature.verifier';
import { NonceService } from './nonce.service';

/** The keys a credential request proved possession of, and the nonces its proofs used (consumed at commit). */
export interface VerifiedProofs {
  holders: Holder[];
  nonceHashes: string[];
  nonceExpiresAtMs: number;
}

interface ProofTypeMetadata {
  proof_signing_alg_values_supported?: string[];
  key_attestations_required?: KeyAttestationRequirement;
}

interface BindingConfiguration {
  cryptographic_binding_methods_supported?: string[];
  proof_types_supported?: { jwt?: ProofTypeMetadata; attestation?: ProofTypeMetadata };
}

/** Nonces a request used (the proofs' and their key attestations'): each must be live; all are consumed at commit. */
class NonceTally {
  readonly hashes = new Set<string>();
  expiresAtMs = 0;

  constructor(private readonly nonces: NonceService) {}

  use(nonce: string): void {
    const checked = this.nonces.check(nonce);
    if (!checked.valid)
      throw new Oid4vciError(
        'invalid_nonce',
        checked.reason === 'expired' ? 'the c_nonce has expired' : 'the c_nonce is not one this issuer issued',
      );
    this.expiresAtMs = Math.max(this.expiresAtMs, checked.expiresAtMs);
    this.hashes.add(hashSecret(nonce));
  }
}

/**
 * Key proofs of a credential request (OID4VCI 1.0 §8.2, Appendix F): `jwt` proofs (jwk, did:jwk, did:key or
 * did:web kid, as the configuration's binding methods allow; with a trusted `key_attestation` when the configuration
 * requires one) or one `attestation` proof, plus every nonce's signature and age.
 */
@Injectable()
export class ProofVerifier {
  private readonly kids: HolderKidResolver;

  constructor(
    @Inject(NonceService) private readonly nonces: NonceService,
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
    @Inject(ISSUER_API_CONFIG) private readonly config: IssuerApiConfig,
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
  ) {
    this.kids = new HolderKidResolver((did) => this.catalog.resolveDid(did));
  }

  /** Full proof validation (Appendix F.4); nonces are checked here and consumed at commit. `string[]` = `jwt` proofs. */
  async verify(session: TokenSession, proofs: string[] | CredentialRequestProofs): Promise<VerifiedProofs> {
    const sent = Array.isArray(proofs) ? { jwt: proofs } : proofs;
    const configuration = session.snapshot.credentialConfiguration as BindingConfiguration;
    const types = configuration.proof_types_supported;
    const count = (sent.jwt?.length ?? 0) + (sent.attestation?.length ?? 0);
    if (!types) {
      if (count) throw new Oid4vciError('invalid_proof', 'this credential configuration takes no key proofs');
      return { holders: [{}], nonceHashes: [], nonceExpiresAtMs: Date.now() };
    }
    if (count === 0) throw new Oid4vciError('invalid_proof', 'proofs are required for this credential configuration');
    const tally = new NonceTally(this.nonces);
    const holders = sent.attestation?.length
      ? await this.attestationProof(session, configuration, sent.attestation[0] as string, tally)
      : await this.jwtProofs(session, configuration, sent.jwt ?? [], tally);
    return { holders, nonceHashes: [...tally.hashes], nonceExpiresAtMs: tally.expiresAtMs };
  }

  private async jwtProofs(session: TokenSession, configuration: BindingConfiguration, proofs: string[], tally: NonceTally) {
    const metadata = configuration.proof_types_supported?.jwt;
    if (!metadata?.proof_signing_alg_values_supported)
      throw new Oid4vciError('invalid_proof', 'this credential configuration does not accept the jwt proof type; use attestation');
    const required = metadata.key_attestations_required;
    const trust = required ? await this.trust(session) : undefined;
    const credentialIssuer = credentialIssuerOf(this.platform, session.issuerId);
    const holders: Holder[] = [];
    for (const proof of proofs) {
      const result = await verifyProofJwt(
        proof,
        {
          credentialIssuer,
          nowSeconds: Math.floor(Date.now() / 1000),
          supportedAlgs: metadata.proof_signing_alg_values_supported,
          maxAgeSeconds: this.config.proofMaxAgeSeconds,
          ...(configuration.cryptographic_binding_methods_supported
            ? { bindingMethods: configuration.cryptographic_binding_methods_supported }
            : {}),
          ...(trust ? { keyAttestation: { trust, required } } : {}),
        },
        { verifySignature: verifyJwsSignature, resolveKid: (kid) => this.kids.resolve(kid) },
      );
      if (!result.verified) throw new Oid4vciError(result.error, result.description);
      tally.use(result.nonce);
      if (result.keyAttestation?.nonce !== undefined) tally.use(result.keyAttestation.nonce);
      holders.push({ jwk: result.holderJwk, did: result.holderDid });
    }
    return holders;
  }

  private async attestationProof(session: TokenSession, configuration: BindingConfiguration, jwt: string, tally: NonceTally) {
    const metadata = configuration.proof_types_supported?.attestation;
    if (!metadata?.proof_signing_alg_values_supported)
      throw new Oid4vciError('invalid_proof', 'this credential configuration does not accept the attestation proof type; use jwt');
    const issuer = await this.catalog.issuer(session.issuerId);
    const result = await verifyAttestationProof(
      jwt,
      {
        nowSeconds: Math.floor(Date.now() / 1000),
        supportedAlgs: metadata.proof_signing_alg_values_supported,
        trust: await this.trust(session),
        ...(metadata.key_attestations_required ? { required: metadata.key_attestations_required } : {}),
        ...(configuration.cryptographic_binding_methods_supported
          ? { bindingMethods: configuration.cryptographic_binding_methods_supported }
          : {}),
        maxKeys: Math.max(1, issuer?.config.batchSize ?? 1),
      },
      { verifySignature: verifyJwsSignature },
    );
    if (!result.verified) throw new Oid4vciError(result.error, result.description);
    tally.use(result.nonce);
    return result.holders;
  }

  /** The issuer's current trust lists for the session's configuration (trust withdrawn applies at once). */
  private async trust(session: TokenSession) {
    const issuer = await this.catalog.issuer(session.issuerId);
    const trust = issuer ? keyAttestationTrustFor(issuer.config, session.credentialConfigurationId) : undefined;
    if (!trust || (!trust.trustedKeys.length && !trust.trustedCertificates.length))
      throw new Oid4vciError('invalid_proof', 'this issuer trusts no key attestation issuer for this credential configuration');
    return trust;
  }
}
