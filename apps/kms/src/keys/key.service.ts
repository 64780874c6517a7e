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
import type { KmsBackend } from './kms-backend';
import type { LocalKeyBackend } from './local-key-backend';
import { KeyRepository, toKeyDto, type KeyRecord } from './key.repository';
import type { KeyUsageRecorder } from './key-usage.recorder';

/** The kms use cases behind the bus handlers: create, import, read, disable/enable, delete and sign. */
export class KeyService {
  private readonly keyCache = new TtlCache<string, KeyRecord>(60_000);
  /** Called after a change committed (the outbox relay's kick). */
  onChange: () => void = () => undefined;

  constructor(
    private readonly keys: KeyRepository,
    private readonly local: LocalKeyBackend,
    private readonly backends: Map<string, KmsBackend>,
    private readonly usage: KeyUsageRecorder,
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
    const key = await this.keys.insert(
      {
        keyId,
        name: request.name ?? null,
        type: request.type,
        backend: backend.name,
        ...material,
        // A non-default algorithm (PS256 for RSA) is also the published JWK's `alg`, or JWKS-based verifiers find no key.
        alg: request.alg ?? material.alg,
        publicJwk: { ...material.publicJwk, alg: request.alg ?? material.alg },
      },
      'key_created',
    );
    this.onChange();
    return toKeyDto(key);
  }

  async import(request: KeyImportRequest): Promise<KeyDto> {
    if (!('jwk' in request)) return this.link(request);
    const keyId = randomUUID();
    const { type, ...material } = await this.local.importKey(keyId, request.jwk);
    const key = await this.keys.insert({ keyId, name: request.name ?? null, type, backend: 'local', ...material }, 'key_imported');
    this.onChange();
    return toKeyDto(key);
  }

  /** Read from the table, not the signing cache: an administrator expects the current status and counters. */
  async get(keyId: string): Promise<KeyDto> {
    const key = await this.keys.find(keyId);
    if (!key) throw new BusError('NOT_FOUND', `key ${keyId} not found`);
    return toKeyDto(key);
  }

  async disable(keyId: string): Promise<KeyDto> {
    return this.setStatus(keyId, 'DISABLED');
  }

  async enable(keyId: string): Promise<KeyDto> {
    return this.setStatus(keyId, 'ACTIVE');
  }

  /** Drops a key's cached row (its status changed or it was deleted, here or on another replica). */
  evict(keyId: string): void {
    this.keyCache.delete(keyId);
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
    this.usage.forget(keyId);
    this.onChange();
    return { deleted: true };
  }

  /** Records a key that already lives in an external KMS; the backend names come from deployment configuration. */
  private async link(request: Extract<KeyImportRequest, { externalKeyId: string }>): Promise<KeyDto> {
    const backend = this.backends.get(request.backend);
    if (!backend || backend === this.local) {
      throw new BusError('UNSUPPORTED', `no external KMS backend "${request.backend}" is configured`, [
        { path: 'backend', message: 'unknown backend' },
      ]);
    }
    if (!backend.linkKey) {
      throw new BusError('UNSUPPORTED', `backend ${backend.name} cannot link existing keys`, [
        { path: 'backend', message: 'linking not supported by this backend' },
      ]);
    }
    const { type, ...material } = await backend.linkKey(request.externalKeyId);
    const keyId = randomUUID();
    const key = await this.keys.insert({ keyId, name: request.name ?? null, type, backend: backend.name, ...material }, 'key_imported');
    this.onChange();
    return toKeyDto(key);
  }

  async sign(request: KeySignRequest): Promise<KeySignResponse> {
    const signed = await this.signUncounted(request);
    this.usage.record(request.keyId, signed.alg);
    return signed;
  }

  /**
   * The requests of one batched bus message (`kms.key.sign-batch.v1`), each checked and signed as `sign` does; one
   * outcome per request, in order, so a failure stays with its own request. Usage is counted once per batch.
   */
  async signBatch(requests: KeySignRequest[]): Promise<PromiseSettledResult<KeySignResponse>[]> {
    const outcomes = await Promise.allSettled(requests.map((request) => this.signUncounted(request)));
    const uses: { keyId: string; alg: string }[] = [];
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'fulfilled') uses.push({ keyId: requests[i].keyId, alg: outcome.value.alg });
    });
    this.usage.recordBatch(uses);
    return outcomes;
  }

  private async signUncounted(request: KeySignRequest): Promise<KeySignResponse> {
    const key = await this.stored(request.keyId);
    if (key.status !== 'ACTIVE') throw new BusError('CONFLICT', `key ${key.keyId} is disabled`);
    const alg = request.alg ?? key.alg;
    if (!ALGS_BY_KEY_TYPE[key.type].includes(alg)) {
      throw new BusError('BAD_REQUEST', `a ${key.type} key cannot sign with ${alg}`, [
        { path: 'alg', message: 'not allowed for this key type' },
      ]);
    }
    const signature = await this.backend(key.backend).sign(key, alg, Buffer.from(request.data, 'base64url'));
    return { signature: signature.toString('base64url'), alg };
  }

  private async setStatus(keyId: string, status: KeyRecord['status']): Promise<KeyDto> {
    const result = await this.keys.setStatus(keyId, status);
    if (!result) throw new BusError('NOT_FOUND', `key ${keyId} not found`);
    this.keyCache.delete(keyId);
    if (result.changed) this.onChange();
    return toKeyDto(result.key);
  }

  /**
   * Rows are cached briefly for signing. A status change or deletion evicts the row here at once and on
   * other replicas when its event arrives over the bus (see KmsModule); the TTL bounds it if the bus is down.
   */
  private async stored(keyId: string): Promise<KeyRecord> {
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
