import type { DidDocument, DidResolutionResult } from '@issuer/contracts';
import { didJwkDocument, didKeyDocument } from './did-document.builder';
import { parseDidJwk } from './did-jwk.codec';
import { multibaseToJwk, parseDidKey } from './did-key.codec';
import { DidResolutionFailure } from './did-resolution.error';
import { didWebHostOf } from './did-web.address';
import type { DidWebResolver } from './did-web.resolver';

export interface HostedDid {
  document: DidDocument;
  createdAt: string;
}

/**
 * W3C DID Resolution for did:key and did:jwk (decoded locally, no I/O) and did:web (this deployment's own
 * documents from the registry, others over HTTPS through the SSRF guard). Never throws for a bad DID: the
 * failure is `didResolutionMetadata.error`.
 */
export class DidResolver {
  constructor(
    private readonly publicUrl: string,
    private readonly hosted: (did: string) => Promise<HostedDid | undefined>,
    private readonly web: DidWebResolver,
  ) {}

  async resolve(did: string): Promise<DidResolutionResult> {
    try {
      const { document, created } = await this.document(did);
      return {
        didDocument: document,
        didResolutionMetadata: { contentType: 'application/did+ld+json' },
        didDocumentMetadata: created ? { created } : {},
      };
    } catch (error) {
      if (!(error instanceof DidResolutionFailure)) throw error;
      return { didDocument: null, didResolutionMetadata: { error: error.error, errorMessage: error.message }, didDocumentMetadata: {} };
    }
  }

  private async document(did: string): Promise<{ document: DidDocument; created?: string }> {
    const method = /^did:([a-z0-9]+):(.+)$/.exec(did)?.[1];
    if (!method) throw new DidResolutionFailure('invalidDid', 'a DID is did:<method>:<method-specific-id>');
    switch (method) {
      case 'key': {
        const multibase = parseDidKey(did);
        return { document: didKeyDocument(did, multibase, multibaseToJwk(multibase)) };
      }
      case 'jwk':
        return { document: didJwkDocument(did, parseDidJwk(did)) };
      case 'web':
        return this.webDocument(did);
      default:
        throw new DidResolutionFailure('methodNotSupported', `did:${method} is not supported (did:key, did:jwk, did:web are)`);
    }
  }

  private async webDocument(did: string): Promise<{ document: DidDocument; created?: string }> {
    const ownHost = didWebHostOf(this.publicUrl).toLowerCase();
    const host = did.split(':')[2]?.toLowerCase();
    if (host === ownHost) {
      // Our own host: the registry is the source of truth, and a request to ourselves would only add a hop.
      const record = await this.hosted(did);
      if (!record) throw new DidResolutionFailure('notFound', `${did} is not hosted here`);
      return { document: record.document, created: record.createdAt };
    }
    return { document: await this.web.resolve(did) };
  }
}
