import { Inject, Injectable } from '@nestjs/common';
import type { DidDocument } from '@issuer/contracts';
import { resolveDidJwk, resolveDidKey, verificationMethodKey } from '@issuer/oid4vci';
import { TtlCache } from '@issuer/platform';
import { IssuerCatalog } from '../../issuers/issuer-catalog';

const CACHE_MS = 60_000;

/**
 * Public keys behind the DIDs a wallet login names: the subject of a self-issued ID token, the signer of a VP, a
 * trusted credential issuer. did:jwk and did:key are decoded here; every other method goes through did-registry
 * (its SSRF guard, OUTBOUND_ALLOWED_HOSTS). A DID URL yields the key of that verification method if the document
 * lists it for authentication or assertion; a bare DID yields every key of the document. Documents are cached a
 * minute per replica; failures are not cached.
 */
@Injectable()
export class WalletDidKeys {
  private readonly documents = new TtlCache<string, DidDocument>(CACHE_MS, 1000);

  constructor(@Inject(IssuerCatalog) private readonly catalog: IssuerCatalog) {}

  async keys(didOrDidUrl: string): Promise<Record<string, unknown>[]> {
    if (didOrDidUrl.startsWith('did:jwk:')) {
      const decoded = resolveDidJwk(didOrDidUrl);
      return decoded.ok ? [decoded.jwk] : [];
    }
    if (didOrDidUrl.startsWith('did:key:')) {
      const decoded = resolveDidKey(didOrDidUrl);
      return decoded.ok ? [decoded.jwk] : [];
    }
    const did = didOrDidUrl.split('#')[0] as string;
    const document = await this.document(did);
    if (!document) return [];
    if (didOrDidUrl.includes('#')) {
      const key = this.methodKey(document, didOrDidUrl);
      return key ? [key] : [];
    }
    const ids = (document.verificationMethod ?? []).map((method) => method.id);
    return ids.map((id) => this.methodKey(document, id.startsWith('#') ? did + id : id)).filter((key) => key !== undefined);
  }

  /** The verification method's key when it authenticates (holders) or asserts (credential issuers). */
  private methodKey(document: DidDocument, didUrl: string): Record<string, unknown> | undefined {
    const asHolder = verificationMethodKey(document, didUrl);
    if (asHolder.ok) return asHolder.jwk;
    const asIssuer = verificationMethodKey({ ...document, authentication: document.assertionMethod ?? [] }, didUrl);
    return asIssuer.ok ? asIssuer.jwk : undefined;
  }

  private async document(did: string): Promise<DidDocument | undefined> {
    const cached = this.documents.get(did);
    if (cached) return cached;
    const resolved = await this.catalog.resolveDid(did);
    if (!resolved.didDocument) return undefined;
    this.documents.set(did, resolved.didDocument);
    return resolved.didDocument;
  }
}
