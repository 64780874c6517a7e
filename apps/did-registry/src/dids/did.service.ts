import {
  BusError,
  KeyGet,
  type DidCreateRequest,
  type DidCreateResponse,
  type DidDocument,
  type DidKeyInUseResponse,
  type DidListResponse,
  type DidResolutionResult,
} from '@issuer/contracts';
import { canonicalPublicJwk } from '@issuer/oauth2';
import { didJwkFromJwk } from '@issuer/oid4vci';
import type { Bus } from '@issuer/platform';
import { didJwkDocument, didKeyDocument, didWebDocument } from './did-document.builder';
import { jwkToMultibase } from './did-key.codec';
import { didWebOf } from './did-web.address';
import type { DidRepository } from './did.repository';
import type { DidResolver } from './did.resolver';
import type { Jwk } from './public-jwk';

/** The did-registry use cases behind the bus handlers. */
export class DidService {
  constructor(
    private readonly bus: Bus,
    private readonly dids: DidRepository,
    private readonly resolver: DidResolver,
    private readonly publicUrl: string,
  ) {}

  async create(request: DidCreateRequest): Promise<DidCreateResponse> {
    const jwk = await this.publicJwk(request.keyId);
    const { did, document } = await this.build(request, jwk);
    const webPath = request.method === 'web' ? (request.path ?? null) : null;
    const stored = await this.dids.insert({ did, method: request.method, keyId: request.keyId, webPath, document });
    if (!stored) {
      if (await this.dids.find(did)) throw new BusError('CONFLICT', `${did} already exists`);
      throw new BusError('CONFLICT', `the did:web path "${webPath}" is already taken`, [{ path: 'path', message: 'already taken' }]);
    }
    return { did, document, keyId: request.keyId };
  }

  async list(): Promise<DidListResponse> {
    const records = await this.dids.list();
    return { items: records.map(({ did, method, keyId, createdAt }) => ({ did, method, keyId, createdAt })) };
  }

  resolve(did: string): Promise<DidResolutionResult> {
    return this.resolver.resolve(did);
  }

  async delete(did: string): Promise<{ deleted: true }> {
    if (!(await this.dids.delete(did))) throw new BusError('NOT_FOUND', `DID ${did} not found`);
    return { deleted: true };
  }

  /** The hosted did:web document at a path of PUBLIC_URL (null: `/.well-known/did.json`). */
  async webDocument(path: string | null): Promise<DidDocument> {
    const did = didWebOf(this.publicUrl, path);
    const record = await this.dids.find(did);
    if (!record || record.method !== 'web') throw new BusError('NOT_FOUND', `no DID document is hosted for ${did}`);
    return record.document;
  }

  async keyInUse(keyId: string): Promise<DidKeyInUseResponse> {
    const dids = await this.dids.didsOfKey(keyId);
    return { inUse: dids.length > 0, dids };
  }

  private async build(request: DidCreateRequest, jwk: Jwk): Promise<{ did: string; document: DidDocument }> {
    switch (request.method) {
      case 'key': {
        const multibase = jwkToMultibase(jwk);
        const did = `did:key:${multibase}`;
        return { did, document: didKeyDocument(did, multibase, jwk) };
      }
      case 'jwk': {
        const did = didJwkFromJwk(jwk);
        return { did, document: didJwkDocument(did, canonicalPublicJwk(jwk)) };
      }
      case 'web': {
        const did = didWebOf(this.publicUrl, request.path);
        return { did, document: await didWebDocument(did, jwk) };
      }
    }
  }

  /** The key's public JWK from kms (private keys never leave kms); an unknown key is the caller's mistake. */
  private async publicJwk(keyId: string): Promise<Jwk> {
    try {
      const key = await this.bus.request(KeyGet, { keyId });
      return canonicalPublicJwk(key.publicJwk);
    } catch (error) {
      if (error instanceof BusError && error.code === 'NOT_FOUND') {
        throw new BusError('BAD_REQUEST', `key ${keyId} not found`, [{ path: 'keyId', message: 'no such key' }], { cause: error });
      }
      throw error;
    }
  }
}
