const JOSE_ALGS = ['ES256', 'ES384', 'ES512', 'EdDSA', 'RS256', 'PS256'];
/** COSE algorithm identifiers (RFC 9053): ES256, ES384, ES512, EdDSA. */
const COSE_ALGS = [-7, -35, -36, -8];

/**
 * The `vp_formats_supported` client metadata of the issuer's presentation requests (OpenID4VP 1.0 §11.1 and
 * Appendix B): the formats and algorithms the VP token login verifies.
 */
export const VP_FORMATS_SUPPORTED = {
  'dc+sd-jwt': { 'sd-jwt_alg_values': JOSE_ALGS, 'kb-jwt_alg_values': JOSE_ALGS },
  mso_mdoc: { issuerauth_alg_values: COSE_ALGS, deviceauth_alg_values: COSE_ALGS },
  jwt_vc_json: { alg_values: JOSE_ALGS },
};
