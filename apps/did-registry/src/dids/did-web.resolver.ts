import type { DidDocument } from '@issuer/contracts';
import { guardedRequest, OutboundCallFailed, OutboundRefused, type GuardedResponse, type OutboundGuard } from '@issuer/platform';
import { DidResolutionFailure } from './did-resolution.error';
import { didWebUrl } from './did-web.address';

export interface DidWebFetchOptions {
  timeoutMs: number;
  maxBytes: number;
}

/**
 * Resolves a did:web that this deployment does not host (did:web spec §3.2 Read): one GET through the
 * SSRF guard (`guardedRequest`), no redirects, a 5 s deadline and a 100 KB body cap; the document must be
 * a JSON object whose `id` is the DID.
 */
export class DidWebResolver {
  constructor(
    private readonly guard: OutboundGuard,
    private readonly options: DidWebFetchOptions = { timeoutMs: 5000, maxBytes: 100 * 1024 },
  ) {}

  async resolve(did: string): Promise<DidDocument> {
    const url = didWebUrl(did);
    let answer: GuardedResponse;
    try {
      // did:web maps only localhost to http (did-web.address.ts), so any scheme it produces is acceptable.
      answer = await guardedRequest(url, {
        guard: this.guard,
        ...this.options,
        plainHttp: 'any',
        headers: { accept: 'application/did+json, application/json' },
      });
    } catch (error) {
      throw this.failure(error);
    }
    const { status, body } = answer;
    if (status === 404 || status === 410) throw new DidResolutionFailure('notFound', `${url.origin} has no document for ${did}`);
    if (status !== 200) throw new DidResolutionFailure('internalError', `${url.origin} answered HTTP ${status}`);
    let document: unknown;
    try {
      document = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new DidResolutionFailure('internalError', 'the did:web document is not JSON', { cause: error });
    }
    if (!document || typeof document !== 'object' || Array.isArray(document)) {
      throw new DidResolutionFailure('internalError', 'the did:web document is not a JSON object');
    }
    if ((document as { id?: unknown }).id !== did)
      throw new DidResolutionFailure('internalError', 'the did:web document id is not the DID');
    return document as DidDocument;
  }

  private failure(error: unknown): unknown {
    if (error instanceof OutboundRefused) return new DidResolutionFailure('internalError', `refused: ${error.message}`, { cause: error });
    if (error instanceof OutboundCallFailed) {
      const message = error.code === 'TOO_LARGE' ? `the did:web document exceeds ${this.options.maxBytes} bytes` : error.message;
      return new DidResolutionFailure('internalError', message, { cause: error });
    }
    return error;
  }
}
