import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveRequestedCredentials } from './requested-credentials';

const configurations = { pid: { scope: 'pid' }, mdl: { scope: 'mdl' }, badge: {} };
const detail = (id: string) => ({ type: 'openid_credential' as const, credential_configuration_id: id });

describe('resolveRequestedCredentials', () => {
  it('combines details and scopes, ignores unknown scopes and lets a detail win over a scope', () => {
    const result = resolveRequestedCredentials(
      { scopes: ['openid', 'pid', 'mdl'], authorizationDetails: [detail('pid'), detail('badge')] },
      { configurations },
    );
    assert.deepEqual(result, {
      ok: true,
      credentialConfigurationIds: ['pid', 'badge', 'mdl'],
      authorizationDetails: [detail('pid'), detail('badge')],
      scopedConfigurationIds: ['mdl'],
    });
  });

  it('refuses unknown or unoffered configurations in details', () => {
    const unknown = resolveRequestedCredentials({ scopes: [], authorizationDetails: [detail('nope')] }, { configurations });
    assert.equal(unknown.ok, false);
    if (!unknown.ok) assert.equal(unknown.error, 'invalid_authorization_details');
    const unoffered = resolveRequestedCredentials(
      { scopes: [], authorizationDetails: [detail('mdl')] },
      { configurations, offeredConfigurationIds: ['pid'] },
    );
    assert.equal(unoffered.ok, false);
  });

  it('without an offer, a request for nothing known is invalid_scope', () => {
    const result = resolveRequestedCredentials({ scopes: ['openid', 'unknown'] }, { configurations });
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.error, 'invalid_scope');
  });

  it('with an offer, narrows to the offer and falls back to it when nothing is requested', () => {
    const narrowed = resolveRequestedCredentials({ scopes: ['pid', 'mdl'] }, { configurations, offeredConfigurationIds: ['pid'] });
    assert.ok(narrowed.ok);
    if (narrowed.ok) assert.deepEqual(narrowed.credentialConfigurationIds, ['pid']);
    const fallback = resolveRequestedCredentials({ scopes: [] }, { configurations, offeredConfigurationIds: ['mdl', 'pid'] });
    assert.ok(fallback.ok);
    if (fallback.ok) assert.deepEqual(fallback.credentialConfigurationIds, ['mdl', 'pid']);
  });

  it('is not fooled by prototype keys', () => {
    const result = resolveRequestedCredentials({ scopes: [], authorizationDetails: [detail('constructor')] }, { configurations });
    assert.equal(result.ok, false);
  });
});
