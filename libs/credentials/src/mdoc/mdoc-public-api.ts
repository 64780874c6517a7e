// The mdoc part of @issuer/credentials, re-exported by src/index.ts (the lib's only barrel).
export { issueMdoc } from './mdoc.issuer';
export type { MdocCallbacks, MdocIssueInput, MdocStatus, MdocValidityInfo } from './mdoc.types';
export {
  checkMdocSigningKey,
  coseAlgorithmOf,
  isMdocSigningAlgorithm,
  MDOC_DIGEST_ALGORITHMS,
  MDOC_SIGNING_ALGORITHMS,
  mdocMetadataAlgorithmIds,
  mdocSigningAlgorithmForKeyType,
} from './mdoc-algorithms';
export type { MdocDigestAlgorithm, MdocKeyCheck, MdocSigningAlgorithm } from './mdoc-algorithms';
export { validateMdocDataMappingConfig } from './data-mapping-config.validator';
export type { MdocDataMappingConfigValidationResult } from './data-mapping-config.validator';
export { MDOC_CONVERSION_TYPES } from './data-mapping-config.types';
export type { MdocConversionType, MdocEntryConfig, MdocNameSpacesDataMappingConfig } from './data-mapping-config.types';
export { convertMdocNameSpaces } from './data-mapping.converter';
export { coseKeyToJwk, jwkToCoseKey } from './cose-key.converter';
export { tagEncodedCbor } from './mdoc-cbor.codec';
export { MdocDateTime, MdocFullDate } from './mdoc-values';
export type { MdocElementValue, MdocNameSpaces } from './mdoc-values';
export { MDOC_EXAMPLE_PROFILES } from './examples/mdoc-examples';
export { MDL_EXAMPLE } from './examples/mdl.example';
export { EUDI_PID_EXAMPLE } from './examples/eudi-pid.example';
export { PHOTO_ID_EXAMPLE } from './examples/photo-id.example';
export type { MdocExampleProfile } from './examples/mdoc-example.types';
