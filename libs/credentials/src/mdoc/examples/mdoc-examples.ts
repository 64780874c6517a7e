import { EUDI_PID_EXAMPLE } from './eudi-pid.example';
import { MDL_EXAMPLE } from './mdl.example';
import { MdocExampleProfile } from './mdoc-example.types';
import { PHOTO_ID_EXAMPLE } from './photo-id.example';

/** The mdoc examples by doctype: mDL, EU PID and ISO 23220 Photo ID. */
export const MDOC_EXAMPLE_PROFILES: Readonly<Record<string, MdocExampleProfile>> = {
  [MDL_EXAMPLE.credentialConfigurationId]: MDL_EXAMPLE,
  [EUDI_PID_EXAMPLE.credentialConfigurationId]: EUDI_PID_EXAMPLE,
  [PHOTO_ID_EXAMPLE.credentialConfigurationId]: PHOTO_ID_EXAMPLE,
};
