import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import {
  CertificateGet,
  DidResolve,
  KeyGet,
  Subjects,
  type CertificateDto,
  type DidResolutionResult,
  type KeyDto,
} from '@issuer/contracts';
import { BUS, TtlCache, type Bus, type ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../database/issuer-api-database';
import { ProfileRepository, type ProfileRecord } from '../profiles/profile.repository';
import { IssuerRepository, type IssuerRecord } from './issuer.repository';

const TTL_MS = 30_000;

/**
 * Read side of issuers, profiles and issuer public keys for the hot path. Entries are cached; a change
 * on any replica is broadcast on the bus so every replica drops its copy at once (the TTL bounds the
 * staleness if a broadcast is missed).
 */
@Injectable()
export class IssuerCatalog implements OnModuleDestroy {
  readonly issuers: IssuerRepository;
  readonly profiles: ProfileRepository;
  private readonly issuerCache = new TtlCache<string, IssuerRecord | null>(TTL_MS);
  private readonly profileCache = new TtlCache<string, ProfileRecord | null>(TTL_MS);
  private readonly keyCache = new TtlCache<string, KeyDto>(TTL_MS);
  private readonly unsubscribe: () => void;
  private readonly listeners: ((issuerId: string) => void)[] = [];

  constructor(
    @Inject(ISSUER_API_DB) db: ServiceDatabase,
    @Inject(BUS) private readonly bus: Bus,
  ) {
    this.issuers = new IssuerRepository(db);
    this.profiles = new ProfileRepository(db);
    this.unsubscribe = bus.subscribe(Subjects.IssuerConfigChanged, (payload) => this.drop((payload as { issuerId: string }).issuerId));
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  async issuer(issuerId: string): Promise<IssuerRecord | undefined> {
    return (await this.issuerCache.getOrLoad(issuerId, async () => (await this.issuers.find(issuerId)) ?? null)) ?? undefined;
  }

  async profile(issuerId: string, profileId: string): Promise<ProfileRecord | undefined> {
    const key = `${issuerId}/${profileId}`;
    return (await this.profileCache.getOrLoad(key, async () => (await this.profiles.find(issuerId, profileId)) ?? null)) ?? undefined;
  }

  /** Public view of a kms key (immutable once created, so caching is safe); undefined if it does not exist. */
  async key(keyId: string): Promise<KeyDto | undefined> {
    const cached = this.keyCache.get(keyId);
    if (cached) return cached;
    try {
      const key = await this.bus.request(KeyGet, { keyId });
      this.keyCache.set(keyId, key);
      return key;
    } catch (error) {
      if ((error as { code?: string }).code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }

  /** Resolves a DID through did-registry (did:web of other hosts goes out through its SSRF guard). */
  resolveDid(did: string): Promise<DidResolutionResult> {
    return this.bus.request(DidResolve, { did }, { timeoutMs: 10_000 });
  }

  /** A kms certificate (for a profile's `certificateId`); undefined if it does not exist. */
  async certificate(certificateId: string): Promise<CertificateDto | undefined> {
    try {
      return await this.bus.request(CertificateGet, { certificateId });
    } catch (error) {
      if ((error as { code?: string }).code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }

  forgetKey(keyId: string): void {
    this.keyCache.delete(keyId);
  }

  /** Registers a callback run whenever an issuer or its profiles change (here or on another replica). */
  onChange(listener: (issuerId: string) => void): void {
    this.listeners.push(listener);
  }

  /** Call after any write to an issuer or its profiles. */
  changed(issuerId: string): void {
    this.drop(issuerId);
    this.bus.broadcast(Subjects.IssuerConfigChanged, { issuerId });
  }

  private drop(issuerId: string): void {
    this.issuerCache.delete(issuerId);
    this.profileCache.clear();
    for (const listener of this.listeners) listener(issuerId);
  }
}
