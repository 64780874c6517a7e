import { randomUUID } from 'node:crypto';
import {
  ALGS_BY_KEY_TYPE,
  BusError,
  type KeyCreateRequest,
  type KeyDto,
  type KeyImportRequest,
  type KeyListResponse,
  type KeySignRequest,
  type KeySignResponse,
} from '@issuer/contracts';
import { TtlCache } from '@issuer/platform';
import type { KmsBackend, StoredKey } from './kms-backend';
import type { LocalKeyBackend } from './local-key-backend';
import { KeyRepository, toKeyDto } from './key.repository';

/** The kms use cases behind the bus handlers: create, import, read, delete and sign. */
export class KeyService {
  private readonly keyCache = new TtlCache<string, StoredKey>(60_000);

  constructor(
    private readonly keys: KeyRepository,
    private readonly local: LocalKeyBackend,
    private readonly backends: Map<string, KmsBackend>,
  ) {}

  async create(request: KeyCreateRequest): Promise<KeyDto> {
    const backend = this.backend(request.backend ?? 'local');
    if (!backend.isOperationSupported('create', request.type)) {
      throw new BusError('UNSUPPORTED', `backend ${backend.name} cannot create ${request.type} keys`, [
        { path: 'type', message: 'not supported by this backend' },
      ]);
    }
    const keyId = randomUUID();
    const material = await backend.createKey(keyId, request.type);
    return toKeyDto(await this.keys.insert({ keyId, name: request.name ?? null, type: request.type, backend: backend.name, ...material }));
  }

  async import(request: KeyImportRequest): Promise<KeyDto> {
    if (!('jwk' in request)) {
      throw new BusError('UNSUPPORTED', `no external KMS backend "${request.backend}" is configured`, [
        { path: 'backend', message: 'unknown backend' },
      ]);
    }
    const keyId = randomUUID();
    const { type, ...material } = await this.local.importKey(keyId, request.jwk);
    return toKeyDto(await this.keys.insert({ keyId, name: request.name ?? null, type, backend: 'local', ...material }));
  }

  async get(keyId: string): Promise<KeyDto> {
    return toKeyDto(await this.stored(keyId));
  }

  async list(limit: number, cursor?: string): Promise<KeyListResponse> {
    const page = await this.keys.list(limit, cursor);
    // The cursor is a key id: once that key is deleted nothing sorts after it, and an empty page would
    // wrongly tell the caller the listing is complete.
    if (cursor && page.items.length === 0 && !(await this.keys.find(cursor))) {
      throw new BusError('BAD_REQUEST', 'the cursor key no longer exists; restart the listing', [
        { path: 'cursor', message: 'stale cursor' },
      ]);
    }
    return { items: page.items.map(toKeyDto), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  async delete(keyId: string): Promise<{ deleted: true }> {
    if (!(await this.keys.delete(keyId))) throw new BusError('NOT_FOUND', `key ${keyId} not found`);
    this.keyCache.delete(keyId);
    this.local.evict(keyId);
    return { deleted: true };
  }

  async sign(request: KeySignRequest): Promise<KeySignResponse> {
    const key = await this.stored(request.keyId);
    const alg = request.alg ?? key.alg;
    if (!ALGS_BY_KEY_TYPE[key.type].includes(alg)) {
      throw new BusError('BAD_REQUEST', `a ${key.type} key cannot sign with ${alg}`, [
        { path: 'alg', message: 'not allowed for this key type' },
      ]);
    }
    const signature = await this.backend(key.backend).sign(key, alg, Buffer.from(request.data, 'base64url'));
    return { signature: signature.toString('base64url'), alg };
  }

  /** Keys are immutable once stored, so rows are cached briefly; a deletion reaches other replicas within the TTL. */
  private async stored(keyId: string): Promise<StoredKey> {
    return this.keyCache.getOrLoad(keyId, async () => {
      const key = await this.keys.find(keyId);
      if (!key) throw new BusError('NOT_FOUND', `key ${keyId} not found`);
      return key;
    });
  }

  private backend(name: string): KmsBackend {
    const backend = this.backends.get(name);
    if (!backend)
      throw new BusError('UNSUPPORTED', `no KMS backend "${name}" is configured`, [{ path: 'backend', message: 'unknown backend' }]);
    return backend;
  }
}
