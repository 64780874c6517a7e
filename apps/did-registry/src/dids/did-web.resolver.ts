import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { DidDocument } from '@issuer/contracts';
import { DidResolutionFailure } from './did-resolution.error';
import { didWebUrl } from './did-web.address';
import { OutboundRefused, pinnedLookup, type OutboundGuard } from '@issuer/platform';

export interface DidWebFetchOptions {
  timeoutMs: number;
  maxBytes: number;
}

/**
 * Resolves a did:web that this deployment does not host (did:web spec §3.2 Read): one GET through the
 * SSRF guard, no redirects, a 5 s deadline and a 100 KB body cap; the document must be a JSON object
 * whose `id` is the DID.
 */
export class DidWebResolver {
  constructor(
    private readonly guard: OutboundGuard,
    private readonly options: DidWebFetchOptions = { timeoutMs: 5000, maxBytes: 100 * 1024 },
  ) {}

  async resolve(did: string): Promise<DidDocument> {
    const url = didWebUrl(did);
    let addresses: { address: string; family: number }[];
    try {
      addresses = await this.guard.check(url.hostname);
    } catch (error) {
      if (error instanceof OutboundRefused) throw new DidResolutionFailure('internalError', `refused: ${error.message}`, { cause: error });
      throw error;
    }
    const { status, body } = await this.get(url, addresses);
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

  private get(url: URL, addresses: { address: string; family: number }[]): Promise<{ status: number; body: Buffer }> {
    const { timeoutMs, maxBytes } = this.options;
    return new Promise((resolve, reject) => {
      const fail = (message: string, cause?: unknown) => reject(new DidResolutionFailure('internalError', message, { cause }));
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(
        url,
        { method: 'GET', headers: { accept: 'application/did+json, application/json' }, lookup: pinnedLookup(addresses) },
        (res: IncomingMessage) => {
          const declared = Number(res.headers['content-length'] ?? 0);
          if (declared > maxBytes) {
            req.destroy();
            return fail(`the did:web document exceeds ${maxBytes} bytes`);
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) {
              req.destroy();
              fail(`the did:web document exceeds ${maxBytes} bytes`);
            } else chunks.push(chunk);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
          res.on('error', (error) => fail('reading the did:web document failed', error));
        },
      );
      const timer = setTimeout(() => {
        req.destroy();
        fail(`${url.origin} did not answer within ${timeoutMs} ms`);
      }, timeoutMs);
      req.on('close', () => clearTimeout(timer));
      req.on('error', (error) => fail(`fetching ${url.origin} failed`, error));
      req.end();
    });
  }
}
