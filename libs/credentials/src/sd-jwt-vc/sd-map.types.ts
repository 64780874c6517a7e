/** How decoy digests are added at each object level that has selectively disclosable members. */
export type DecoyMode = 'NONE' | 'FIXED' | 'RANDOM';

/**
 * One claim of a walt.id-style selective disclosure map (API.md §10, waltid-issuer2-model.md §9).
 * `children` describes the claim's object members, either as a full {@link SdMap} or as a bare
 * `fields` map; both shapes are seen in the wild, so both are accepted.
 */
export interface SdField {
  sd: boolean;
  children?: SdMap | Record<string, SdField>;
}

/** The selective disclosure map of a credential profile; `decoys` is an integer 0..100. */
export interface SdMap {
  fields: Record<string, SdField>;
  decoyMode?: DecoyMode;
  decoys?: number;
}

export const DECOY_MODES: readonly DecoyMode[] = ['NONE', 'FIXED', 'RANDOM'];
export const MAX_DECOYS = 100;
