export { Oid4vciError, sanitizeErrorDescription } from './errors/oid4vci.error';
export type { Oid4vciErrorCode, Oid4vciErrorOptions } from './errors/oid4vci.error';

export {
  claimDescriptionSchema,
  claimsPathPointerSchema,
  credentialConfigurationSchema,
  credentialConfigurationsSchema,
  credentialDisplaySchema,
  validateCredentialConfigurations,
} from './metadata/credential-configuration.schema';
export type {
  ClaimDescription,
  CredentialConfiguration,
  CredentialConfigurationValidation,
  CredentialDisplay,
} from './metadata/credential-configuration.schema';
export { buildCredentialIssuerMetadata, credentialIssuerUrl } from './metadata/credential-issuer-metadata.builder';
export type { CredentialIssuerMetadata, CredentialIssuerMetadataInput, IssuerDisplay } from './metadata/credential-issuer-metadata.builder';
export { buildAuthorizationServerMetadata, PRE_AUTHORIZED_CODE_GRANT_TYPE } from './metadata/authorization-server-metadata.builder';
export type { AuthorizationServerMetadata, AuthorizationServerMetadataInput } from './metadata/authorization-server-metadata.builder';
export { buildJwtVcIssuerMetadata } from './metadata/jwt-vc-issuer-metadata.builder';
export type { JwtVcIssuerMetadata } from './metadata/jwt-vc-issuer-metadata.builder';

export { buildCredentialOffer, credentialOfferLink, CREDENTIAL_OFFER_SCHEME } from './offer/credential-offer.builder';
export type { CredentialOffer, CredentialOfferInput } from './offer/credential-offer.builder';
export { DEFAULT_TX_CODE_LENGTH, generateTxCodeValue, txCodeSchema } from './offer/tx-code.schema';
export type { TxCode, TxCodeInput } from './offer/tx-code.schema';

export { parseTokenRequest } from './token/token-request.parser';
export type { AuthorizationDetail, PreAuthorizedCodeTokenRequest } from './token/token-request.parser';
export { buildTokenResponse, NO_STORE_HEADERS } from './token/token-response.builder';
export type { TokenResponse, TokenResponseAuthorizationDetail } from './token/token-response.builder';

export { parseCredentialRequest, SUPPORTED_PROOF_TYPES } from './credential/credential-request.parser';
export type { CredentialRequest, CredentialRequestProofs } from './credential/credential-request.parser';

export { checkNonce, createNonce } from './nonce/c-nonce.codec';
export type { CreateNonceOptions, NonceCheck } from './nonce/c-nonce.codec';

export { PROOF_JWT_TYP, verifyProofJwt } from './proof/proof-jwt.verifier';
export type { ProofVerificationCallbacks, ProofVerificationOptions, ProofVerificationResult } from './proof/proof-jwt.verifier';
export { didJwkFromJwk, resolveDidJwk } from './proof/holder-jwk.util';
export { multibaseKeyToJwk, resolveDidKey } from './proof/did-key.codec';
export { base58btcDecode, base58btcEncode } from './encoding/base58btc.util';
export type { DidKeyErrorCode, DidKeyResolution, MultibaseKeyResult } from './proof/did-key.codec';
export { verificationMethodKey } from './proof/did-document.util';
export type { VerificationMethodKey } from './proof/did-document.util';
export { checkBindingMethod, SUPPORTED_BINDING_METHODS } from './proof/binding-method';
export type { PresentedKey } from './proof/binding-method';
export { KEY_ATTESTATION_JWT_TYPS, sameJwk, verifyKeyAttestation } from './proof/key-attestation.verifier';
export type {
  KeyAttestationCallbacks,
  KeyAttestationOptions,
  KeyAttestationRequirement,
  KeyAttestationResult,
  KeyAttestationTrust,
  VerifiedKeyAttestation,
} from './proof/key-attestation.verifier';
export { verifyAttestationProof } from './proof/attestation-proof.verifier';
export type { AttestationProofOptions, AttestationProofResult } from './proof/attestation-proof.verifier';
