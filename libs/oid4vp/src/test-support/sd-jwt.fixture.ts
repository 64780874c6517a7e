// Test-only fixture: an SD-JWT VC issued and presented the way an issuer and a wallet do it with @sd-jwt/sd-jwt-vc.
import { newKey, sdJwtVc, type TestKey } from './holder.helper';

export const CLIENT_ID = 'https://issuer.example/issuers/acme';
export const NONCE = 'c2f1f4c4-3e8a-4b8e-9f0b-8d1f6a9d1a55';
export const VCT = 'urn:eudi:pid:1';
export const NOW = new Date();
export const nowSeconds = Math.floor(NOW.getTime() / 1000);

/** A DCQL query for a PID with given_name and address.locality. */
export const PID_QUERY = {
  credentials: [
    { id: 'pid', format: 'dc+sd-jwt', meta: { vct_values: [VCT] }, claims: [{ path: ['given_name'] }, { path: ['address', 'locality'] }] },
  ],
};

export interface SdJwtScenario {
  issuerKey: TestKey;
  holderKey: TestKey;
  /** Issuance form `<jwt>~<disclosures>~`. */
  credential: string;
}

/** Issues a PID SD-JWT VC bound to a fresh holder key; `payload` and `header` override the defaults. */
export async function issuePid(
  options: { payload?: Record<string, unknown>; header?: Record<string, unknown>; issuerKey?: TestKey; holderKey?: TestKey } = {},
): Promise<SdJwtScenario> {
  const issuerKey = options.issuerKey ?? (await newKey('ES256'));
  const holderKey = options.holderKey ?? (await newKey('EdDSA'));
  const payload = {
    iss: 'https://pid-provider.example',
    vct: VCT,
    iat: nowSeconds - 60,
    exp: nowSeconds + 86_400,
    cnf: { jwk: holderKey.publicJwk },
    given_name: 'Erika',
    family_name: 'Mustermann',
    address: { locality: 'Berlin', street_address: 'Heidestrasse 17' },
    nationalities: ['DE', 'FR'],
    ...options.payload,
  };
  const frame = {
    _sd: ['given_name', 'family_name', 'address', 'nationalities'],
    address: { _sd: ['locality', 'street_address'] },
    nationalities: { _sd: [0, 1] },
  };
  const credential = await sdJwtVc(issuerKey).issue(payload as never, frame as never, { header: options.header ?? {} });
  return { issuerKey, holderKey, credential };
}

/** The holder's presentation: chosen disclosures plus a KB-JWT (unless `kb: false`) signed by `kbKey`. */
export async function presentPid(
  scenario: SdJwtScenario,
  options: { frame?: Record<string, unknown>; kb?: false | { aud?: string; nonce?: string; iat?: number }; kbKey?: TestKey } = {},
): Promise<string> {
  const frame = options.frame ?? { given_name: true, address: { locality: true }, nationalities: { 0: true } };
  const holder = sdJwtVc(scenario.issuerKey, options.kbKey ?? scenario.holderKey);
  if (options.kb === false) return holder.present(scenario.credential, frame as never);
  const kb = { aud: CLIENT_ID, nonce: NONCE, iat: nowSeconds, ...options.kb };
  return holder.present(scenario.credential, frame as never, { kb: { payload: kb } });
}
