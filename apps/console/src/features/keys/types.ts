/** `Key` of API.md §1 with the additions (lifecycle, owner). */
export interface Key {
  keyId: string;
  name: string | null;
  type: string;
  backend: string;
  alg: string;
  publicJwk: Record<string, unknown> & { kid?: string };
  createdAt: string;
  status?: 'ACTIVE' | 'DISABLED';
  signCount?: number;
  lastUsedAt?: string | null;
  disabledAt?: string | null;
  /** The owner; absent: the platform. */
  issuerId?: string;
}

/** `GET /api/v1/keys/{keyId}/usage`. */
export interface KeyUsage {
  keyId: string;
  inUse: boolean;
  issuers: { issuerId: string; fields: string[] }[];
  profiles: { issuerId: string; profileId: string; status: string }[];
  dids: string[] | null;
  statusLists: { count: number; uris: string[] } | null;
  otherIssuers: number;
}

export interface DidSummary {
  did: string;
  method: string;
  keyId: string;
  createdAt: string;
  issuerId?: string;
}

export interface DidResolution {
  didDocument: Record<string, unknown> | null;
  didResolutionMetadata: { error?: string; [member: string]: unknown };
}

export interface CertificateSummary {
  certificateId: string;
  profile: 'iaca' | 'document-signer' | 'self-signed' | 'imported';
  keyId: string | null;
  subject: { commonName?: string; country?: string; organization?: string; stateOrProvince?: string };
  notBefore: string;
  notAfter: string;
  issuerCertificateId: string | null;
  serialNumber: string;
  createdAt: string;
  issuerId?: string;
}

export interface Certificate extends CertificateSummary {
  pem: string;
  chain: string[];
}

export const KEY_TYPES = ['ed25519', 'secp256k1', 'secp256r1', 'secp384r1', 'rsa', 'rsa3072', 'rsa4096'] as const;
