import { z } from 'zod';

/** Key types of API.md §1. `rsa` is 2048 bits. */
export const KEY_TYPES = ['ed25519', 'secp256k1', 'secp256r1', 'secp384r1', 'rsa', 'rsa3072', 'rsa4096'] as const;
export type KeyType = (typeof KEY_TYPES)[number];
export const keyTypeSchema = z.enum(KEY_TYPES);

/** The default JOSE algorithm of each key type. */
export const DEFAULT_ALG: Record<KeyType, string> = {
  ed25519: 'EdDSA',
  secp256k1: 'ES256K',
  secp256r1: 'ES256',
  secp384r1: 'ES384',
  rsa: 'RS256',
  rsa3072: 'RS256',
  rsa4096: 'RS256',
};

/** Algorithms each key type may sign with (RSA keys may also use PSS). */
export const ALGS_BY_KEY_TYPE: Record<KeyType, readonly string[]> = {
  ed25519: ['EdDSA', 'Ed25519'],
  secp256k1: ['ES256K'],
  secp256r1: ['ES256'],
  secp384r1: ['ES384'],
  rsa: ['RS256', 'PS256'],
  rsa3072: ['RS256', 'PS256'],
  rsa4096: ['RS256', 'PS256'],
};

export interface PublicJwk {
  kty: string;
  kid: string;
  crv?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
  alg?: string;
  [member: string]: unknown;
}

/** `DISABLED` keys keep their public part (verifiers still resolve it) but refuse to sign. */
export const KEY_STATUSES = ['ACTIVE', 'DISABLED'] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

/** The public view of a key (API.md §1, plus lifecycle metadata). A private part is never part of it. */
export interface KeyDto {
  keyId: string;
  name: string | null;
  type: KeyType;
  backend: string;
  alg: string;
  publicJwk: PublicJwk;
  createdAt: string;
  // Lifecycle metadata: optional in v1 because a kms replica of the previous release replies without it.
  status?: KeyStatus;
  /** Signatures made with the key; flushed from kms memory every few seconds, so it may lag slightly. */
  signCount?: number;
  lastUsedAt?: string | null;
  disabledAt?: string | null;
}
