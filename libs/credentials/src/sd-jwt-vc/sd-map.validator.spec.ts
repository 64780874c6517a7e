import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateSdMap } from './sd-map.validator';
import { SD_JWT_VC_RESERVED_CLAIMS } from './reserved-claims.constants';

const paths = (result: ReturnType<typeof validateSdMap>): string[] => (result.valid ? [] : result.errors.map((e) => e.path));

describe('validateSdMap', () => {
  it('accepts a walt.id map and normalises bare and full children to SdMaps', () => {
    const result = validateSdMap({
      fields: {
        birthdate: { sd: true },
        family_name: { sd: false },
        address: { sd: false, children: { street: { sd: true } } },
        place: { sd: true, children: { fields: { city: { sd: true } }, decoyMode: 'FIXED', decoys: 2 } },
      },
      decoyMode: 'NONE',
      decoys: 0,
    });
    assert.equal(result.valid, true);
    assert.ok(result.valid);
    assert.deepEqual(result.map.fields['address'], { sd: false, children: { fields: { street: { sd: true } } } });
    assert.deepEqual(result.map.fields['place'], {
      sd: true,
      children: { fields: { city: { sd: true } }, decoyMode: 'FIXED', decoys: 2 },
    });
  });

  it('reads a bare children map that contains a claim literally named "fields"', () => {
    const result = validateSdMap({ fields: { meta: { sd: false, children: { fields: { sd: true } } } } });
    assert.ok(result.valid);
    assert.deepEqual(result.map.fields['meta']!.children, { fields: { fields: { sd: true } } });
  });

  it('names the JSON path of a nested error', () => {
    const result = validateSdMap({ fields: { address: { sd: false, children: { street: { sd: 'yes' } } } } });
    assert.deepEqual(paths(result), ['fields.address.children.street.sd']);
    const full = validateSdMap({ fields: { address: { sd: false, children: { fields: { street: {} } } } } });
    assert.deepEqual(paths(full), ['fields.address.children.fields.street.sd']);
  });

  it('refuses every reserved claim marked sd: true, but allows sd: false', () => {
    for (const claim of SD_JWT_VC_RESERVED_CLAIMS) {
      assert.deepEqual(paths(validateSdMap({ fields: { [claim]: { sd: true } } })), [`fields.${claim}.sd`], claim);
      assert.equal(validateSdMap({ fields: { [claim]: { sd: false } } }).valid, true, claim);
    }
  });

  it('refuses SD sub-claims of a reserved claim (the rule extends to sub-claims)', () => {
    const result = validateSdMap({ fields: { cnf: { sd: false, children: { jwk: { sd: true } } } } });
    assert.deepEqual(paths(result), ['fields.cnf.children.jwk.sd']);
  });

  it('lets nested members reuse top-level reserved names, but never the structural _sd / ...', () => {
    assert.equal(validateSdMap({ fields: { issuer: { sd: false, children: { iss: { sd: true } } } } }).valid, true);
    const result = validateSdMap({ fields: { a: { sd: false, children: { _sd: { sd: true }, '...': { sd: true } } } } });
    assert.deepEqual(paths(result), ['fields.a.children._sd.sd', 'fields.a.children.....sd']);
  });

  it('checks decoyMode, decoys and unknown members', () => {
    assert.deepEqual(paths(validateSdMap({ fields: {}, decoyMode: 'SOME' })), ['decoyMode']);
    for (const decoys of [-1, 101, 1.5, '3']) {
      assert.deepEqual(paths(validateSdMap({ fields: {}, decoys })), ['decoys'], String(decoys));
    }
    assert.equal(validateSdMap({ fields: {}, decoyMode: 'RANDOM', decoys: 100 }).valid, true);
    assert.deepEqual(paths(validateSdMap({ fields: { a: { sd: true, arrayChildren: {} } }, extra: 1 })), [
      'extra',
      'fields.a.arrayChildren',
    ]);
  });

  it('refuses non-objects, a missing fields member and prototype keys', () => {
    assert.deepEqual(paths(validateSdMap(null)), ['/']);
    assert.deepEqual(paths(validateSdMap([])), ['/']);
    assert.deepEqual(paths(validateSdMap({})), ['fields']);
    assert.deepEqual(paths(validateSdMap({ fields: { a: true } })), ['fields.a']);
    assert.deepEqual(paths(validateSdMap(JSON.parse('{"fields":{"__proto__":{"sd":true}}}'))), ['fields.__proto__']);
  });

  it('refuses absurd nesting instead of recursing without bound', () => {
    let children: Record<string, unknown> = { leaf: { sd: true } };
    for (let i = 0; i < 40; i++) children = { n: { sd: false, children } };
    const result = validateSdMap({ fields: children });
    assert.equal(result.valid, false);
  });
});
