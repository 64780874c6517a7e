import { claimsOf, EXAMPLE_BINDING, MdocExampleProfile } from './mdoc-example.types';

const DOCTYPE = 'eu.europa.ec.eudi.pid.1';
const NS = 'eu.europa.ec.eudi.pid.1';
const FULL_DATE = { type: 'string', conversionType: 'stringToFullDate' } as const;

/** EU Digital Identity Wallet Person Identification Data in ISO mdoc form (PID Rulebook element names). */
export const EUDI_PID_EXAMPLE: MdocExampleProfile = {
  credentialConfigurationId: DOCTYPE,
  credentialConfiguration: {
    format: 'mso_mdoc',
    doctype: DOCTYPE,
    scope: DOCTYPE,
    ...EXAMPLE_BINDING,
    credential_metadata: {
      display: [{ name: 'Person Identification Data', locale: 'en-US', background_color: '#003399', text_color: '#ffcc00' }],
      claims: claimsOf(
        NS,
        {
          family_name: 'Family name',
          given_name: 'Given name',
          birth_date: 'Date of birth',
          place_of_birth: 'Place of birth',
          nationality: 'Nationality',
          age_over_18: 'Over 18',
          age_in_years: 'Age',
          issuance_date: 'Date of issue',
          expiry_date: 'Date of expiry',
          issuing_authority: 'Issuing authority',
          issuing_country: 'Issuing country',
        },
        ['family_name', 'given_name', 'birth_date'],
      ),
    },
  },
  profile: {
    name: 'EU PID (mdoc)',
    credentialConfigurationId: DOCTYPE,
    credentialData: {
      [NS]: {
        family_name: 'Mustermann',
        given_name: 'Erika',
        birth_date: '1984-01-26',
        place_of_birth: { locality: 'Berlin', country: 'DE' },
        nationality: ['DE'],
        age_over_18: true,
        age_in_years: '42',
        issuance_date: '2026-01-01',
        expiry_date: '2036-01-01',
        issuing_authority: 'Bundesdruckerei',
        issuing_country: 'DE',
      },
    },
    mDocNameSpacesDataMappingConfig: {
      [NS]: {
        entriesConfigMap: {
          birth_date: FULL_DATE,
          issuance_date: FULL_DATE,
          expiry_date: FULL_DATE,
          // Data from an identity provider often carries numbers as strings; the MSO needs a CBOR uint.
          age_in_years: { type: 'integer' },
        },
      },
    },
    validity: { validFor: '90d' },
  },
};
