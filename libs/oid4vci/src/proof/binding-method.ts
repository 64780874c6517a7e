/**
 * `cryptographic_binding_methods_supported` values this library can enforce (OID4VCI 1.0 §12.2.4): `jwk`,
 * `cose_key` (mdoc device keys, built from the proof's JWK), the DID methods it resolves, and the draft-era
 * `did` (any of those DID methods).
 */
export const SUPPORTED_BINDING_METHODS = ['jwk', 'cose_key', 'did:jwk', 'did:key', 'did:web', 'did'] as const;

/** How a proof presented its key: a JWK (`jwk` header or an attested key) or a DID URL `kid`. */
export type PresentedKey = { kind: 'jwk' } | { kind: 'did'; didUrl: string };

/**
 * Whether a proof key may be bound under the configuration's binding methods (OID4VCI 1.0 §12.2.4, Appendix F.1);
 * the refusal's description otherwise. A JWK is accepted for `jwk`, `cose_key` and `did:jwk` (a did:jwk is that
 * JWK, losslessly); a DID kid for `did:<its method>` or `did`, and a did:jwk kid also for `jwk`. Security: checked
 * before any DID resolution, so a configuration without `did:web` never makes the issuer fetch a wallet's URL.
 */
export function checkBindingMethod(methods: readonly string[] | undefined, key: PresentedKey): string | undefined {
  if (!methods) return undefined;
  if (key.kind === 'jwk') {
    if (methods.some((m) => m === 'jwk' || m === 'cose_key' || m === 'did:jwk')) return undefined;
    return `this credential configuration binds to ${methods.join(', ')}; a jwk header key is not accepted, send a kid with one of those DIDs`;
  }
  const method = /^did:([a-z0-9]+):/.exec(key.didUrl)?.[1];
  if (!method) return 'proof kid is not a DID URL';
  if (methods.includes(`did:${method}`) || methods.includes('did')) return undefined;
  if (method === 'jwk' && methods.some((m) => m === 'jwk' || m === 'cose_key')) return undefined;
  return `this credential configuration binds to ${methods.join(', ')}; a did:${method} kid is not accepted`;
}
