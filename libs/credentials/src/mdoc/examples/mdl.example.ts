import { claimsOf, EXAMPLE_BINDING, EXAMPLE_PORTRAIT_JPEG_BASE64, MdocExampleProfile } from './mdoc-example.types';

const DOCTYPE = 'org.iso.18013.5.1.mDL';
const NS = 'org.iso.18013.5.1';
const FULL_DATE = { type: 'string', conversionType: 'stringToFullDate' } as const;

/** ISO/IEC 18013-5 mobile driving licence with the mandatory data elements of namespace `org.iso.18013.5.1`. */
export const MDL_EXAMPLE: MdocExampleProfile = {
  credentialConfigurationId: DOCTYPE,
  credentialConfiguration: {
    format: 'mso_mdoc',
    doctype: DOCTYPE,
    scope: DOCTYPE,
    ...EXAMPLE_BINDING,
    credential_metadata: {
      display: [{ name: 'Mobile Driving Licence', locale: 'en-US', background_color: '#12107c', text_color: '#ffffff' }],
      claims: claimsOf(
        NS,
        {
          family_name: 'Family name',
          given_name: 'Given name',
          birth_date: 'Date of birth',
          issue_date: 'Date of issue',
          expiry_date: 'Date of expiry',
          issuing_country: 'Issuing country',
          issuing_authority: 'Issuing authority',
          document_number: 'Licence number',
          portrait: 'Portrait',
          driving_privileges: 'Driving privileges',
          un_distinguishing_sign: 'UN distinguishing sign',
          age_over_18: 'Over 18',
        },
        ['family_name', 'given_name', 'birth_date', 'document_number'],
      ),
    },
  },
  profile: {
    name: 'Mobile Driving Licence (ISO 18013-5)',
    credentialConfigurationId: DOCTYPE,
    credentialData: {
      [NS]: {
        family_name: 'Mustermann',
        given_name: 'Erika',
        birth_date: '1971-09-01',
        issue_date: '2024-01-15',
        expiry_date: '2034-01-14',
        issuing_country: 'US',
        issuing_authority: 'Example State DMV',
        document_number: 'D1234567',
        portrait: EXAMPLE_PORTRAIT_JPEG_BASE64,
        driving_privileges: [
          { vehicle_category_code: 'B', issue_date: '2024-01-15', expiry_date: '2034-01-14' },
          { vehicle_category_code: 'A1', issue_date: '2024-01-15', expiry_date: '2034-01-14', codes: [{ code: '78' }] },
        ],
        un_distinguishing_sign: 'USA',
        age_over_18: true,
      },
    },
    mDocNameSpacesDataMappingConfig: {
      [NS]: {
        entriesConfigMap: {
          birth_date: FULL_DATE,
          issue_date: FULL_DATE,
          expiry_date: FULL_DATE,
          portrait: { type: 'string', conversionType: 'base64StringToByteString' },
          driving_privileges: {
            type: 'array',
            arrayConfig: [{ type: 'object', entriesConfigMap: { issue_date: FULL_DATE, expiry_date: FULL_DATE } }],
          },
        },
      },
    },
    validity: { validFor: '365d' },
  },
};
