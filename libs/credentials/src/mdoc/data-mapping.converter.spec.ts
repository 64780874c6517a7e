import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CredentialError } from '../shared/credential-error';
import { validateMdocDataMappingConfig } from './data-mapping-config.validator';
import { convertMdocNameSpaces } from './data-mapping.converter';
import { MdocDateTime, MdocFullDate } from './mdoc-values';

const NS = 'org.iso.18013.5.1';

function conversionError(fn: () => unknown): CredentialError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof CredentialError);
    return error;
  }
  return assert.fail('expected a CredentialError');
}

describe('validateMdocDataMappingConfig', () => {
  it('accepts the walt.id mDL config (full-date, base64 portrait, driving_privileges array of objects)', () => {
    const config = {
      [NS]: {
        entriesConfigMap: {
          birth_date: { type: 'string', conversionType: 'stringToFullDate' },
          portrait: { type: 'string', conversionType: 'base64StringToByteString' },
          driving_privileges: {
            type: 'array',
            arrayConfig: [{ type: 'object', entriesConfigMap: { issue_date: { type: 'string', conversionType: 'stringToFullDate' } } }],
          },
          age_in_years: { type: 'integer' },
        },
      },
    };
    assert.deepEqual(validateMdocDataMappingConfig(config), { valid: true, config });
  });

  it('names every problem: unknown conversion, unknown type, unknown member, missing entriesConfigMap, empty arrayConfig', () => {
    const result = validateMdocDataMappingConfig({
      [NS]: {
        entriesConfigMap: {
          birth_date: { type: 'string', conversionType: 'stringToDate' },
          portrait: { type: 'blob' },
          expiry_date: { type: 'string', conversionTyp: 'stringToFullDate' },
          privileges: { type: 'array', arrayConfig: [] },
          address: { type: 'object' },
          age: { type: 'integer', conversionType: 'stringToInteger' },
        },
      },
      'eu.europa.ec.eudi.pid.1': { entries: {} },
    });
    assert.equal(result.valid, false);
    assert.deepEqual(!result.valid && result.errors.map((e) => e.path), [
      "['org.iso.18013.5.1'].entriesConfigMap.birth_date.conversionType",
      "['org.iso.18013.5.1'].entriesConfigMap.portrait.type",
      "['org.iso.18013.5.1'].entriesConfigMap.expiry_date.conversionTyp",
      "['org.iso.18013.5.1'].entriesConfigMap.privileges.arrayConfig",
      "['org.iso.18013.5.1'].entriesConfigMap.address.entriesConfigMap",
      "['org.iso.18013.5.1'].entriesConfigMap.age.conversionType",
      "['eu.europa.ec.eudi.pid.1']",
    ]);
    assert.equal(validateMdocDataMappingConfig([]).valid, false);
    assert.equal(
      validateMdocDataMappingConfig({ [NS]: { entriesConfigMap: { ['__proto__']: { type: 'string' } } } }).valid,
      false,
      'prototype keys are refused',
    );
  });
});

describe('convertMdocNameSpaces', () => {
  it('converts dates, byte strings, integers and booleans, and keeps unconfigured JSON as it is', () => {
    const converted = convertMdocNameSpaces(
      {
        [NS]: {
          birth_date: '1990-02-28',
          captured: '2025-11-03T10:30:00.250+01:00',
          portrait: 'data:image/jpeg;base64,/9j/\n2Q==',
          signature_usual_mark: '_-8',
          age_in_years: '35',
          age_over_18: 'true',
          vip: false,
          height: 180,
          place_of_birth: { locality: 'Graz', country: 'AT' },
          nationality: ['AT', 'DE'],
          nothing: null,
        },
      },
      {
        [NS]: {
          entriesConfigMap: {
            birth_date: { type: 'string', conversionType: 'stringToFullDate' },
            captured: { type: 'string', conversionType: 'stringToTDate' },
            portrait: { type: 'string', conversionType: 'base64StringToByteString' },
            signature_usual_mark: { type: 'string', conversionType: 'base64UrlStringToByteString' },
            age_in_years: { type: 'integer' },
            age_over_18: { type: 'string', conversionType: 'stringToBoolean' },
            vip: { type: 'boolean' },
            absent_element: { type: 'string', conversionType: 'stringToFullDate' },
          },
        },
      },
    );
    const ns = converted[NS]!;
    assert.deepEqual(ns['birth_date'], new MdocFullDate('1990-02-28'));
    assert.deepEqual(ns['captured'], new MdocDateTime('2025-11-03T09:30:00Z'), 'UTC, whole seconds');
    assert.deepEqual(ns['portrait'], new Uint8Array([0xff, 0xd8, 0xff, 0xd9]));
    assert.deepEqual(ns['signature_usual_mark'], new Uint8Array([0xff, 0xef]));
    assert.equal(ns['age_in_years'], 35);
    assert.equal(ns['age_over_18'], true);
    assert.equal(ns['vip'], false);
    assert.equal(ns['height'], 180);
    assert.deepEqual(ns['place_of_birth'], { locality: 'Graz', country: 'AT' });
    assert.deepEqual(ns['nationality'], ['AT', 'DE']);
    assert.equal(ns['nothing'], null);
    assert.equal('absent_element' in ns, false, 'a config for an absent element adds nothing');
  });

  it('applies one arrayConfig to every member, or one per member when the lengths match', () => {
    const date = { type: 'string', conversionType: 'stringToFullDate' } as const;
    const data = { [NS]: { dates: ['2020-01-01', '2021-01-01', '2022-01-01'] } };
    const all = convertMdocNameSpaces(data, { [NS]: { entriesConfigMap: { dates: { type: 'array', arrayConfig: [date] } } } });
    assert.deepEqual(
      all[NS]!['dates'],
      ['2020-01-01', '2021-01-01', '2022-01-01'].map((d) => new MdocFullDate(d)),
    );
    const each = convertMdocNameSpaces(data, {
      [NS]: { entriesConfigMap: { dates: { type: 'array', arrayConfig: [date, { type: 'string' }, date] } } },
    });
    assert.deepEqual(each[NS]!['dates'], [new MdocFullDate('2020-01-01'), '2021-01-01', new MdocFullDate('2022-01-01')]);
    const mismatch = conversionError(() =>
      convertMdocNameSpaces(data, { [NS]: { entriesConfigMap: { dates: { type: 'array', arrayConfig: [date, date] } } } }),
    );
    assert.equal(mismatch.code, 'MDOC_DATA_CONVERSION_FAILED');
  });

  it('refuses values that do not fit, with the path of the element', () => {
    const cases: [unknown, object, string][] = [
      ['2023-02-30', { type: 'string', conversionType: 'stringToFullDate' }, "['org.iso.18013.5.1'].x"],
      ['1990-01-01T00:00:00Z', { type: 'string', conversionType: 'stringToFullDate' }, "['org.iso.18013.5.1'].x"],
      ['yesterday', { type: 'string', conversionType: 'stringToTDate' }, "['org.iso.18013.5.1'].x"],
      ['QQ=x', { type: 'string', conversionType: 'base64StringToByteString' }, "['org.iso.18013.5.1'].x"],
      ['QR', { type: 'string', conversionType: 'base64StringToByteString' }, "['org.iso.18013.5.1'].x"],
      ['a+b', { type: 'string', conversionType: 'base64UrlStringToByteString' }, "['org.iso.18013.5.1'].x"],
      ['3.5', { type: 'integer' }, "['org.iso.18013.5.1'].x"],
      ['yes', { type: 'boolean' }, "['org.iso.18013.5.1'].x"],
      [42, { type: 'string' }, "['org.iso.18013.5.1'].x"],
      [
        [{ d: 'soon' }],
        {
          type: 'array',
          arrayConfig: [{ type: 'object', entriesConfigMap: { d: { type: 'string', conversionType: 'stringToFullDate' } } }],
        },
        "['org.iso.18013.5.1'].x[0].d",
      ],
    ];
    for (const [value, entry, path] of cases) {
      const error = conversionError(() =>
        convertMdocNameSpaces({ [NS]: { x: value } }, { [NS]: { entriesConfigMap: { x: entry as never } } }),
      );
      assert.equal(error.code, 'MDOC_DATA_CONVERSION_FAILED', JSON.stringify(value));
      assert.equal(error.errors?.[0]?.path, path, JSON.stringify(value));
    }
  });
});
