import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authorizedCredentials } from './authorized-credentials';

const CI = 'https://issuer.example/issuers/acme';
const options = {
  credentialIssuer: CI,
  configurations: { pid_sd: { scope: 'pid' }, diploma: { scope: 'diploma' }, no_scope: {} },
};

describe('authorizedCredentials (OID4VCI 1.0 §5.1, §6.2)', () => {
  it('reads openid_credential details with their credential_identifiers', () => {
    const granted = authorizedCredentials(
      {
        authorization_details: [
          { type: 'openid_credential', credential_configuration_id: 'pid_sd', credential_identifiers: ['pid-1', 'pid-2'], locations: [CI] },
          { type: 'openid_credential', credential_configuration_id: 'no_scope' },
        ],
      },
      options,
    );
    assert.deepEqual(granted, [
      { credentialConfigurationId: 'pid_sd', credentialIdentifiers: ['pid-1', 'pid-2'] },
      { credentialConfigurationId: 'no_scope' },
    ]);
  });

  it('ignores details of other types, other locations, unknown configurations and malformed entries', () => {
    const granted = authorizedCredentials(
      {
        authorization_details: [
          { type: 'payment_initiation', credential_configuration_id: 'pid_sd' },
          { type: 'openid_credential', credential_configuration_id: 'pid_sd', locations: ['https://other.example'] },
          { type: 'openid_credential', credential_configuration_id: 'unknown' },
          { type: 'openid_credential', credential_configuration_id: 'toString' },
          'openid_credential',
        ],
      },
      options,
    );
    assert.deepEqual(granted, []);
  });

  it('maps scope values to configurations, each on its own, ignoring unknown ones', () => {
    assert.deepEqual(authorizedCredentials({ scope: 'openid profile diploma pid' }, options), [
      { credentialConfigurationId: 'pid_sd' },
      { credentialConfigurationId: 'diploma' },
    ]);
    assert.deepEqual(authorizedCredentials({ scope: 'openid' }, options), []);
    assert.deepEqual(authorizedCredentials({ scope: ['pid'] }, options), [], 'scope is a space-separated string (RFC 9068 §2.2.3)');
  });

  it('lets a detail win over a scope for the same configuration', () => {
    const granted = authorizedCredentials(
      {
        scope: 'pid',
        authorization_details: [{ type: 'openid_credential', credential_configuration_id: 'pid_sd', credential_identifiers: ['x'] }],
      },
      options,
    );
    assert.deepEqual(granted, [{ credentialConfigurationId: 'pid_sd', credentialIdentifiers: ['x'] }]);
  });
});
