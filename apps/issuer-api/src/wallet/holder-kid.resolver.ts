import type { DidDocument, DidResolutionResult } from '@issuer/contracts';
import { verificationMethodKey, type VerificationMethodKey } from '@issuer/oid4vci';
import { TtlCache } from '@issuer/platform';

const CACHE_MS = 60_000;

/**
 * The `resolveKid` of key proofs for DIDs not decoded locally (did:jwk, did:key are): did:web through did-registry,
 * which fetches other hosts' documents behind its SSRF guard (OUTBOUND_ALLOWED_HOSTS). Documents are cached a
 * minute per replica, failures not at all; a bus outage throws (a server error, not a bad proof).
 */
export class HolderKidResolver {
  private readonly documents = new TtlCache<string, DidDocument>(CACHE_MS, 1000);

  constructor(private readonly resolveDid: (did: string) => Promise<DidResolutionResult>) {}

  async resolve(kid: string): Promise<VerificationMethodKey> {
    const did = kid.split('#')[0] as string;
    if (!did.startsWith('did:web:')) return { ok: false, description: 'only did:jwk, did:key and did:web kids are resolved' };
    let document = this.documents.get(did);
    if (!document) {
      const resolved = await this.resolveDid(did);
      if (!resolved.didDocument) {
        const reason = resolved.didResolutionMetadata.error ?? 'notFound';
        return { ok: false, description: `the DID could not be resolved (${reason})` };
      }
      document = resolved.didDocument;
      this.documents.set(did, document);
    }
    return verificationMethodKey(document, kid);
  }
}
