import type { CryptoCallbacks, FetchStatusListCallback, ResolveDidKeysCallback } from '../callbacks';
import type { TrustedIssuers } from '../trust/trusted-issuers';

/** What every format verifier needs: the request binding, the trust configuration, the clock and the callbacks. */
export interface PresentationContext {
  /** The request's `client_id`: the `aud` of KB-JWTs and VP JWTs (OpenID4VP 1.0 §14.1.2, Appendix B). */
  clientId: string;
  /** The request's `nonce`. */
  nonce: string;
  now: Date;
  /** Tolerated clock skew in seconds. */
  skewSeconds: number;
  /** Oldest acceptable KB-JWT / VP JWT `iat`, in seconds before `now`. */
  maxPresentationAgeSeconds: number;
  crypto: CryptoCallbacks;
  trust: TrustedIssuers;
  resolveDidKeys?: ResolveDidKeysCallback;
  fetchStatusList?: FetchStatusListCallback;
}
