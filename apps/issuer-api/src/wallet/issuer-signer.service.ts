import { X509Certificate } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CertificateGet, DidResolve, type KeyDto } from '@issuer/contracts';
import { BUS, TtlCache, type Bus } from '@issuer/platform';
import { kmsSignerOf, type KmsSignBatcher } from '../common/kms-sign-batcher';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import type { SessionSnapshot } from '../sessions/session-snapshot';

/** How a credential names and proves its issuer, and how it gets signed (through kms, never locally). */
export interface IssuerSigning {
  key: KeyDto;
  alg: string;
  /** The key's JWK thumbprint kid, as published in `/jwks` and `jwt-vc-issuer` metadata. */
  jwksKid: string;
  /** The DID URL of the verification method holding the issuer key, when the profile has an `issuerDid`. */
  didKid?: string;
  /** The profile's certificate chain as DER, leaf first (from `x5Chain` or `certificateId`). */
  chainDer?: Buffer[];
  /** The leaf certificate's `notBefore`: no credential it signs may claim to be older. */
  certificateNotBefore?: Date;
  /** Signs the bytes with the issuer key; JOSE-style raw signatures (`r‖s` for ECDSA). */
  sign(data: Buffer): Promise<Buffer>;
}

const CACHE_MS = 60_000;
const KEY_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e'];

/** Resolves a profile's key, DID verification method and certificate chain once a minute, not per credential. */
@Injectable()
export class IssuerSignerService {
  private readonly didKids = new TtlCache<string, string | null>(CACHE_MS);
  private readonly chains = new TtlCache<string, string[]>(CACHE_MS);
  /** Concurrent credentials share kms round trips (one batched bus message). */
  private readonly kms: KmsSignBatcher;

  constructor(
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(BUS) private readonly bus: Bus,
  ) {
    this.kms = kmsSignerOf(bus);
  }

  async forProfile(profile: SessionSnapshot['profile']): Promise<IssuerSigning> {
    const key = await this.catalog.key(profile.issuerKeyId);
    if (!key) throw new Error(`issuer key ${profile.issuerKeyId} no longer exists`);
    const [didKid, chainPem] = await Promise.all([
      profile.issuerDid ? this.didKid(profile.issuerDid, key) : undefined,
      profile.x5Chain ?? (profile.certificateId ? this.certificateChain(profile.certificateId) : undefined),
    ]);
    const chain = chainPem?.map((pem) => new X509Certificate(pem));
    return {
      key,
      alg: key.alg,
      jwksKid: key.publicJwk.kid,
      didKid,
      chainDer: chain?.map((certificate) => certificate.raw),
      certificateNotBefore: chain?.[0] ? new Date(chain[0].validFrom) : undefined,
      sign: async (data) => {
        const { signature } = await this.kms.sign({ keyId: key.keyId, data: data.toString('base64url'), alg: key.alg });
        return Buffer.from(signature, 'base64url');
      },
    };
  }

  /** The verification method of the DID whose public key is the issuer key (checked at profile creation). */
  private async didKid(did: string, key: KeyDto): Promise<string | undefined> {
    const kid = await this.didKids.getOrLoad(`${did}|${key.keyId}`, async () => {
      const { didDocument } = await this.bus.request(DidResolve, { did });
      const method = didDocument?.verificationMethod?.find(
        (candidate) =>
          candidate.publicKeyJwk &&
          KEY_MEMBERS.every(
            (member) =>
              (candidate.publicKeyJwk as Record<string, unknown>)[member] === (key.publicJwk as unknown as Record<string, unknown>)[member],
          ),
      );
      if (!method) return null;
      return method.id.startsWith('#') ? `${did}${method.id}` : method.id;
    });
    return kid ?? undefined;
  }

  private certificateChain(certificateId: string): Promise<string[]> {
    return this.chains.getOrLoad(certificateId, async () => {
      const certificate = await this.bus.request(CertificateGet, { certificateId });
      return certificate.chain.length ? certificate.chain : [certificate.pem];
    });
  }
}
