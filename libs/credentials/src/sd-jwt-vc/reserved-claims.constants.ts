/**
 * Claims that SD-JWT VC (editor's copy after -19, §3.2.2.2) and RFC 9901 never allow to be selectively
 * disclosable, including their sub-claims. `@sd-jwt/sd-jwt-vc` 0.19 guards only six of them, so
 * `vct#integrity` and `aka_vcts` could otherwise be hidden from verifiers (formats-and-status.md §9.1).
 */
export const SD_JWT_VC_RESERVED_CLAIMS: readonly string[] = Object.freeze([
  'iss',
  'vct',
  'vct#integrity',
  'aka_vcts',
  'cnf',
  'status',
  'nbf',
  'exp',
  '_sd',
  '_sd_alg',
  '...',
]);

/** SD-JWT structural names (RFC 9901 §4.2): never claim names at any nesting level. */
export const SD_JWT_STRUCTURAL_KEYS: readonly string[] = Object.freeze(['_sd', '_sd_alg', '...']);
