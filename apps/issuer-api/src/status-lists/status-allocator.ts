import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  BusError,
  StatusEntriesAllocate,
  StatusEntriesRelease,
  type CredentialStatusView,
  type KeyDto,
  type StatusReference,
  type StatusSigner,
} from '@issuer/contracts';
import { Oid4vciError } from '@issuer/oid4vci';
import { BUS, LOGGER, PLATFORM_CONFIG, type Bus, type Logger, type PlatformConfig } from '@issuer/platform';
import { credentialIssuerOf } from '../common/public-url';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import type { TokenSession } from '../sessions/session.types';
import { IssuerSignerService } from '../wallet/issuer-signer.service';
import { DEFAULT_STATUS_MESSAGES, type StatusMessage } from '@issuer/status-list';
import { statusPurposesOf, type CredentialStatusConfig } from './credential-status.rules';

/** One credential about to be issued: its id and, when the profile has `credentialStatus`, its status entries. */
export interface AllocatedCredential {
  credentialId: string;
  /** The first entry (the only one for Token Status Lists, which hold every status in one list). */
  status?: StatusReference;
  /** Every entry, one per purpose (W3C credentials may reference a revocation and a suspension list). */
  statusEntries?: StatusReference[];
  /** What session views show (`credentials[].status`). */
  view?: CredentialStatusView;
}

/**
 * Allocates status entries before credentials are signed (the reference goes into the credential), and
 * releases them when the request fails afterwards, so no entry points at a credential nobody holds. The
 * list is signed by the issuer's `statusListKeyId` key when configured (Token Status Lists, and W3C lists of
 * profiles without `issuerDid`: `iss` = issuer URL, `kid` in `/jwks`, no `x5c`), else by the profile's key:
 * for Token Status Lists with the issuer URL as `iss`, the JWKS `kid` and the profile's `x5c` (API.md §10);
 * for W3C lists as the profile's issuer DID with its DID URL as `kid`.
 */
@Injectable()
export class StatusAllocator {
  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(IssuerSignerService) private readonly signers: IssuerSignerService,
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** One credential id per slot, each with one status entry per purpose when the profile has `credentialStatus`. */
  async allocate(session: TokenSession, count: number): Promise<AllocatedCredential[]> {
    const ids = Array.from({ length: count }, () => randomUUID());
    const config = session.snapshot.profile.credentialStatus as CredentialStatusConfig | undefined;
    if (!config) return ids.map((credentialId) => ({ credentialId }));
    const purposes = statusPurposesOf(config);
    const initialStatus = config.initialStatus ?? 'VALID';
    try {
      const signer = await this.signerOf(session, config);
      const perPurpose: StatusReference[][] = [];
      // One list per purpose; a retry of one purpose returns its entries, and a failure releases them all.
      for (const purpose of purposes) {
        const { entries } = await this.bus.request(StatusEntriesAllocate, {
          issuerId: session.issuerId,
          sessionId: session.sessionId,
          type: config.type,
          purpose,
          ...(config.statusListId ? { statusListId: config.statusListId } : {}),
          signer,
          credentialIds: ids,
          // SUSPENDED is set in the list that can express it; a revocation list next to it starts VALID.
          initialStatus: purpose === 'revocation' ? 'VALID' : initialStatus,
        });
        perPurpose.push(entries.map(({ reference }) => (purpose === 'message' ? withMessages(reference, config) : reference)));
      }
      return ids.map((credentialId, i) => {
        const references = perPurpose.map((entries) => entries[i]);
        const [first] = references;
        const view: CredentialStatusView = { type: first.type, uri: first.uri, index: first.index, value: initialStatus };
        if (references.length > 1) view.entries = references.map((r) => ({ purpose: r.purpose, uri: r.uri, index: r.index }));
        return { credentialId, status: first, statusEntries: references, view };
      });
    } catch (error) {
      // Entries of the purposes allocated before the failure point at nothing: retire them.
      if (purposes.length > 1) await this.releaseIds(session.issuerId, ids);
      // A profile the status service cannot serve is a verdict on the request; an outage stays a 503.
      if (error instanceof BusError && error.code === 'BAD_REQUEST')
        throw new Oid4vciError('credential_request_denied', error.message, { cause: error });
      throw error;
    }
  }

  private async signerOf(session: TokenSession, config: CredentialStatusConfig): Promise<StatusSigner> {
    const { profile } = session.snapshot;
    const credentialIssuer = credentialIssuerOf(this.platform, session.issuerId);
    // A W3C list is issued by the profile's issuerDid (API.md §10), whose only key is the profile key, so
    // the issuer's status key signs Token Status Lists and W3C lists named by the credential issuer URL.
    const statusKey = config.type === 'TokenStatusList' || !profile.issuerDid ? await this.statusKeyOf(session.issuerId) : undefined;
    if (statusKey) return { keyId: statusKey.keyId, alg: statusKey.alg, iss: credentialIssuer, kid: statusKey.publicJwk.kid };
    const signing = await this.signers.forProfile(profile);
    if (config.type === 'TokenStatusList') {
      return {
        keyId: signing.key.keyId,
        alg: signing.alg,
        iss: credentialIssuer,
        kid: signing.jwksKid,
        ...(signing.chainDer ? { x5c: signing.chainDer.map((der) => der.toString('base64')) } : {}),
      };
    }
    return {
      keyId: signing.key.keyId,
      alg: signing.alg,
      iss: profile.issuerDid ?? credentialIssuer,
      kid: signing.didKid ?? signing.jwksKid,
    };
  }

  /** The issuer's `statusListKeyId` key, when configured (checked to exist when the issuer was saved). */
  private async statusKeyOf(issuerId: string): Promise<KeyDto | undefined> {
    const keyId = (await this.catalog.issuer(issuerId))?.config.statusListKeyId;
    if (!keyId) return undefined;
    const key = await this.catalog.key(keyId);
    if (!key) throw new Error(`status list key ${keyId} of issuer ${issuerId} no longer exists`);
    return key;
  }

  /** Retires the entries of credentials that will not be delivered (the request failed after allocation). */
  async release(issuerId: string, credentials: AllocatedCredential[]): Promise<void> {
    if (credentials.some((c) => c.status))
      await this.releaseIds(
        issuerId,
        credentials.map((c) => c.credentialId),
      );
  }

  private async releaseIds(issuerId: string, credentialIds: string[]): Promise<void> {
    try {
      await this.bus.request(StatusEntriesRelease, { issuerId, credentialIds });
    } catch (error) {
      // The entries stay VALID and unreferenced: harmless, but worth a trace.
      this.logger.warn({ err: error, issuerId }, 'could not release status entries of a failed issuance');
    }
  }
}

/** A Bitstring `message` entry names what its 2-bit values mean (Bitstring Status List v1.0 §2.1). */
function withMessages(reference: StatusReference, config: CredentialStatusConfig): StatusReference & { statusMessage: StatusMessage[] } {
  return { ...reference, statusMessage: config.statusMessage ?? DEFAULT_STATUS_MESSAGES.map((m) => ({ ...m })) };
}
