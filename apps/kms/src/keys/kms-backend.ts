import type { KeyType, PublicJwk } from '@issuer/contracts';

/** A stored key as a backend sees it (the private part, if any, is only inside the backend's blob). */
export interface StoredKey {
  keyId: string;
  name: string | null;
  type: KeyType;
  backend: string;
  alg: string;
  publicJwk: PublicJwk;
  privateKeyEncrypted: Buffer | null;
  externalKeyId: string | null;
  createdAt: Date;
}

export type KmsOperation = 'create' | 'import' | 'sign';

/**
 * One interface for every key backend (local encrypted keys; Vault transit, AWS KMS, Azure Key Vault, OCI Vault).
 * Private keys never leave a backend: it only returns public keys and signatures.
 */
export interface KmsBackend {
  readonly name: string;
  isOperationSupported(operation: KmsOperation, type: KeyType): boolean;
  createKey(
    keyId: string,
    type: KeyType,
  ): Promise<{ publicJwk: PublicJwk; alg: string; privateKeyEncrypted: Buffer | null; externalKeyId: string | null }>;
  sign(key: StoredKey, alg: string, data: Buffer): Promise<Buffer>;
  getPublicKey(key: StoredKey): Promise<PublicJwk>;
  /** Links a key that already lives in the external KMS (import `{backend, externalKeyId}`); absent = unsupported. */
  linkKey?(
    externalKeyId: string,
  ): Promise<{ type: KeyType; publicJwk: PublicJwk; alg: string; privateKeyEncrypted: null; externalKeyId: string }>;
}
