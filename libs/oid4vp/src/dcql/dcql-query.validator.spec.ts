import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateDcqlQuery } from './dcql-query.validator';

const pid = { id: 'pid', format: 'dc+sd-jwt', meta: { vct_values: ['urn:eudi:pid:1'] }, claims: [{ id: 'gn', path: ['given_name'] }] };
const paths = (query: unknown) => validateDcqlQuery(query).map((error) => error.path);

describe('validateDcqlQuery', () => {
  it('accepts SD-JWT VC, W3C and mdoc queries with their meta, claim sets and credential sets', () => {
    const query = {
      credentials: [
        { ...pid, claims: [...pid.claims, { id: 'fn', path: ['family_name'] }], claim_sets: [['gn', 'fn'], ['gn']] },
        { id: 'degree', format: 'jwt_vc_json', meta: { type_values: [['VerifiableCredential', 'UniversityDegreeCredential']] } },
        {
          id: 'mdl',
          format: 'mso_mdoc',
          meta: { doctype_value: 'org.iso.18013.5.1.mDL' },
          claims: [{ path: ['org.iso.18013.5.1', 'family_name'] }],
        },
      ],
      credential_sets: [{ options: [['pid'], ['mdl']] }, { options: [['degree']], required: false }],
    };
    assert.deepEqual(validateDcqlQuery(query), []);
  });

  it('names syntax errors by path relative to the query', () => {
    assert.deepEqual(paths({ credentials: [{ ...pid, format: 'ldp_x' }] }), ['credentials.0.format']);
    assert.deepEqual(paths({ credentials: [{ ...pid, claims: [{ path: [] }] }] }), ['credentials.0.claims.0.path']);
    assert.deepEqual(paths({ credentials: [{ ...pid, id: 'a b' }] }), ['credentials.0.id']);
    assert.deepEqual(paths({ credentials: [] }), ['credentials']);
    assert.deepEqual(paths({}), ['credentials']);
    assert.deepEqual(paths('x'), ['']);
  });

  it('refuses unsupported formats, missing meta and trusted_authorities', () => {
    assert.deepEqual(paths({ credentials: [{ id: 'x', format: 'ldp_vc', meta: { type_values: [['VerifiableCredential']] } }] }), [
      'credentials.0.format',
    ]);
    assert.deepEqual(paths({ credentials: [{ id: 'pid', format: 'dc+sd-jwt' }] }), ['credentials.0.meta.vct_values']);
    assert.deepEqual(paths({ credentials: [{ id: 'mdl', format: 'mso_mdoc', meta: {} }] }), ['credentials.0.meta.doctype_value']);
    assert.deepEqual(paths({ credentials: [{ id: 'd', format: 'jwt_vc_json', meta: { type_values: [] } }] }), [
      'credentials.0.meta.type_values',
    ]);
    assert.deepEqual(
      paths({ credentials: [{ ...pid, trusted_authorities: [{ type: 'aki', values: ['s9tIpPmhxdiuNkHMEWNpYim8S8Y'] }] }] }),
      ['credentials.0.trusted_authorities'],
    );
  });

  it('refuses repeated ids, credential sets naming unknown queries and claim sets naming unknown claims', () => {
    assert.deepEqual(paths({ credentials: [pid, pid] }), ['credentials.1.id']);
    assert.deepEqual(paths({ credentials: [pid], credential_sets: [{ options: [['pid', 'mdl']] }] }), ['credential_sets.0.options.0.1']);
    assert.deepEqual(paths({ credentials: [{ ...pid, claim_sets: [['gn', 'nope']] }] }), ['credentials.0.claim_sets']);
  });
});
