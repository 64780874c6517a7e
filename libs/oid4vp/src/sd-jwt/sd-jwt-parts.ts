import { invalidRequest } from '../errors/oid4vp-error';
import { MAX_JWT_LENGTH } from '../jose/compact-jws';

/** An SD-JWT presentation split at its `~` separators (RFC 9901 §4). */
export interface SdJwtParts {
  issuerJwt: string;
  disclosures: string[];
  /** The KB-JWT, or `undefined` when the presentation ends with `~` (no key binding). */
  keyBindingJwt?: string;
  /** `<issuer jwt>~<disclosure>~…~`: what the KB-JWT's `sd_hash` covers (RFC 9901 §4.3.1). */
  hashedPart: string;
}

/** Upper bound on disclosures in one presentation: far above any real credential, far below a DoS. */
const MAX_DISCLOSURES = 1000;

/** Splits a compact SD-JWT (+KB) presentation; throws `invalid_request` / `malformed`. */
export function splitSdJwt(presentation: unknown): SdJwtParts {
  if (typeof presentation !== 'string' || presentation.length > 4 * MAX_JWT_LENGTH || !presentation.includes('~')) {
    throw invalidRequest('malformed', 'presentation is not an SD-JWT (<jwt>~<disclosures>~<kb-jwt>)');
  }
  const parts = presentation.split('~');
  const issuerJwt = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  const disclosures = parts.slice(1, -1);
  if (disclosures.length > MAX_DISCLOSURES) throw invalidRequest('malformed', 'SD-JWT has too many disclosures');
  if (disclosures.some((disclosure) => disclosure === '')) throw invalidRequest('malformed', 'SD-JWT has an empty disclosure');
  return {
    issuerJwt,
    disclosures,
    ...(last === '' ? {} : { keyBindingJwt: last }),
    hashedPart: presentation.slice(0, presentation.lastIndexOf('~') + 1),
  };
}
