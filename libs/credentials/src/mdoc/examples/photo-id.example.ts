import { claimsOf, EXAMPLE_BINDING, EXAMPLE_PORTRAIT_JPEG_BASE64, MdocExampleProfile } from './mdoc-example.types';

const DOCTYPE = 'org.iso.23220.photoid.1';
const CORE = 'org.iso.23220.1';
const PHOTO_ID = 'org.iso.23220.photoid.1';
const FULL_DATE = { type: 'string', conversionType: 'stringToFullDate' } as const;

/**
 * ISO/IEC TS 23220-4 Photo ID: the generic person elements live in `org.iso.23220.1`, the Photo ID specific
 * ones in `org.iso.23220.photoid.1`. A subset of both, with the element names the EUDI reference issuer uses
 * (not checked against the paywalled standard text).
 */
export const PHOTO_ID_EXAMPLE: MdocExampleProfile = {
  credentialConfigurationId: DOCTYPE,
  credentialConfiguration: {
    format: 'mso_mdoc',
    doctype: DOCTYPE,
    scope: DOCTYPE,
    ...EXAMPLE_BINDING,
    credential_metadata: {
      display: [{ name: 'Photo ID', locale: 'en-US', background_color: '#2f4f4f', text_color: '#ffffff' }],
      claims: [
        ...claimsOf(
          CORE,
          {
            family_name_unicode: 'Family name',
            given_name_unicode: 'Given name',
            birth_date: 'Date of birth',
            portrait: 'Portrait',
            portrait_capture_date: 'Portrait taken',
            sex: 'Sex',
            nationality: 'Nationality',
            age_over_18: 'Over 18',
            issue_date: 'Date of issue',
            expiry_date: 'Date of expiry',
            issuing_authority_unicode: 'Issuing authority',
            issuing_country: 'Issuing country',
            document_number: 'Document number',
          },
          ['family_name_unicode', 'given_name_unicode', 'birth_date', 'portrait'],
        ),
        ...claimsOf(PHOTO_ID, { person_id: 'Person ID', birth_country: 'Country of birth', birth_city: 'City of birth' }),
      ],
    },
  },
  profile: {
    name: 'Photo ID (ISO/IEC TS 23220-4)',
    credentialConfigurationId: DOCTYPE,
    credentialData: {
      [CORE]: {
        family_name_unicode: 'Mustermann',
        given_name_unicode: 'Erika',
        birth_date: '1990-05-12',
        portrait: EXAMPLE_PORTRAIT_JPEG_BASE64,
        portrait_capture_date: '2025-11-03T09:30:00Z',
        sex: 2,
        nationality: 'AT',
        age_over_18: true,
        issue_date: '2025-11-10',
        expiry_date: '2035-11-09',
        issuing_authority_unicode: 'Example Registry Office',
        issuing_country: 'AT',
        document_number: 'P9876543',
      },
      [PHOTO_ID]: {
        person_id: 'AT-1234-5678',
        birth_country: 'AT',
        birth_city: 'Graz',
      },
    },
    mDocNameSpacesDataMappingConfig: {
      [CORE]: {
        entriesConfigMap: {
          birth_date: FULL_DATE,
          issue_date: FULL_DATE,
          expiry_date: FULL_DATE,
          portrait: { type: 'string', conversionType: 'base64StringToByteString' },
          // A capture instant is a date-time: tdate (#6.0), not full-date (walt.id PR #2192).
          portrait_capture_date: { type: 'string', conversionType: 'stringToTDate' },
        },
      },
    },
    validity: { validFor: '365d' },
  },
};
