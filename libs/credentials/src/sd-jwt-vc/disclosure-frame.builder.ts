import { CredentialError } from '../shared/credential-error';
import { hasOwn, isPlainObject } from '../shared/json-object.util';
import { isFullSdMap } from './sd-map.validator';
import { DecoyMode, SdMap } from './sd-map.types';

/** The `@sd-jwt/core` disclosure frame: `_sd` names the SD members, `_sd_decoy` the decoy count. */
export interface DisclosureFrame {
  _sd?: string[];
  _sd_decoy?: number;
  [member: string]: DisclosureFrame | string[] | number | undefined;
}

interface DecoyPolicy {
  mode: DecoyMode;
  decoys: number;
}

/**
 * Turns a validated SdMap into a disclosure frame for the claims actually present. Entries naming
 * absent claims, and `children` of values that are not objects, are skipped: a profile's map may cover
 * optional claims. Returns undefined when nothing is selectively disclosable, so the credential then
 * carries neither `_sd`, `_sd_alg` nor disclosures (SD-JWT VC §3.2.2.2).
 */
export function buildDisclosureFrame(
  claims: Record<string, unknown>,
  map: SdMap,
  randomBytes: (length: number) => Uint8Array,
): DisclosureFrame | undefined {
  return frameFor(claims, map, { mode: 'NONE', decoys: 0 }, randomBytes);
}

function frameFor(
  claims: Record<string, unknown>,
  map: SdMap,
  inherited: DecoyPolicy,
  randomBytes: (length: number) => Uint8Array,
): DisclosureFrame | undefined {
  // A nested SdMap may set its own decoy policy; otherwise the parent's applies.
  const policy: DecoyPolicy = { mode: map.decoyMode ?? inherited.mode, decoys: map.decoys ?? inherited.decoys };
  const frame: DisclosureFrame = {};
  const sd: string[] = [];
  let hasNested = false;
  for (const [name, field] of Object.entries(map.fields)) {
    if (!hasOwn(claims, name) || claims[name] === undefined) continue;
    const value = claims[name];
    if (field.children && isPlainObject(value)) {
      const childMap = isFullSdMap(field.children) ? field.children : { fields: field.children };
      const nested = frameFor(value, childMap, policy, randomBytes);
      if (nested) {
        frame[name] = nested;
        hasNested = true;
      }
    }
    if (field.sd) sd.push(name);
  }
  if (sd.length > 0) {
    frame._sd = sd;
    const decoys = decoyCount(policy, randomBytes);
    if (decoys > 0) frame._sd_decoy = decoys;
  }
  return sd.length > 0 || hasNested ? frame : undefined;
}

function decoyCount(policy: DecoyPolicy, randomBytes: (length: number) => Uint8Array): number {
  if (policy.mode === 'FIXED') return policy.decoys;
  if (policy.mode === 'RANDOM') return uniformInt(policy.decoys + 1, randomBytes);
  return 0;
}

/** Uniform integer in [0, n) for n <= 256, by rejection sampling so no count is favoured (no modulo bias). */
export function uniformInt(n: number, randomBytes: (length: number) => Uint8Array): number {
  if (n <= 1) return 0;
  const limit = Math.floor(256 / n) * n;
  for (;;) {
    const byte = randomBytes(1)[0];
    if (byte === undefined) throw new CredentialError('SD_JWT_VC_ISSUE_FAILED', 'randomBytes returned no bytes');
    if (byte < limit) return byte % n;
  }
}
