/** Minimal admin API client for tests: JSON in, `{status, body, headers}` out, never throws on HTTP errors. */
export class AdminClient {
  constructor(
    readonly baseUrl: string,
    private readonly adminKey: string | undefined,
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const response = await this.fetchImpl(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(this.adminKey ? { authorization: `Bearer ${this.adminKey}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }
  put<T = any>(path: string, body: unknown) {
    return this.request<T>('PUT', path, body);
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }
}

/** Sets up a key, an SD-JWT VC issuer and a profile: the fixture most flow tests start from. */
export async function createSdJwtIssuer(
  admin: AdminClient,
  options: {
    issuerId: string;
    keyType?: string;
    profile?: Record<string, unknown>;
    configuration?: Record<string, unknown>;
    batchSize?: number;
  },
): Promise<{ keyId: string; profileId: string; issuerId: string; publicJwk: Record<string, unknown> }> {
  const key = await admin.post('/api/v1/keys', { type: options.keyType ?? 'secp256r1' });
  if (key.status !== 201) throw new Error(`key creation failed: ${key.status} ${JSON.stringify(key.body)}`);
  const issuer = await admin.post('/api/v1/issuers', {
    id: options.issuerId,
    display: [{ name: 'Test Issuer', locale: 'en' }],
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    credentialConfigurations: {
      identity_sd_jwt: {
        format: 'dc+sd-jwt',
        scope: 'identity',
        cryptographic_binding_methods_supported: ['jwk'],
        credential_signing_alg_values_supported: ['ES256', 'EdDSA'],
        proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256', 'EdDSA'] } },
        credential_metadata: {
          display: [{ name: 'Identity', locale: 'en' }],
          claims: [{ path: ['given_name'], display: [{ name: 'Given name', locale: 'en' }] }],
        },
        ...options.configuration,
      },
    },
  });
  if (issuer.status !== 201) throw new Error(`issuer creation failed: ${issuer.status} ${JSON.stringify(issuer.body)}`);
  const profile = await admin.post(`/api/v1/issuers/${options.issuerId}/profiles`, {
    name: 'Identity',
    credentialConfigurationId: 'identity_sd_jwt',
    issuerKeyId: key.body.keyId,
    credentialData: {
      given_name: 'Erika',
      family_name: 'Mustermann',
      birthdate: '1963-08-12',
      address: { locality: 'Berlin', country: 'DE' },
    },
    selectiveDisclosure: {
      fields: {
        family_name: { sd: true },
        birthdate: { sd: true },
        address: { sd: false, children: { fields: { locality: { sd: true } } } },
      },
    },
    ...options.profile,
  });
  if (profile.status !== 201) throw new Error(`profile creation failed: ${profile.status} ${JSON.stringify(profile.body)}`);
  return { keyId: key.body.keyId, profileId: profile.body.profileId, issuerId: options.issuerId, publicJwk: key.body.publicJwk };
}
