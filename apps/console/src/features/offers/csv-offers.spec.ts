import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/api-error';
import { batchErrorsByRow, coerceCell, defaultNameColumn, parseCsv, planColumns, prepareRows } from './csv-offers';
import { defaultOfferValues, settingsToRequest, toOfferFormError } from './offer-form';
import { resultsCsv } from './results-csv';
import { offerAnswer, PROFILE } from './test-fixtures';

const values = defaultOfferValues(); // pre-authorized, numeric tx_code of length 6
const settings = settingsToRequest(values);
const prepare = (csv: string) => {
  const table = parseCsv(csv);
  const plan = planColumns(table.columns, PROFILE.credentialData);
  return { table, plan, rows: prepareRows(table, plan.plan, settings, values.txCode, PROFILE.credentialData) };
};

describe('batch offers from CSV', () => {
  it('turns dotted columns into nested credentialData, typed as the profile has them, and reserved columns into the offer', () => {
    const { table, plan, rows } = prepare(
      '\uFEFFgiven_name, address.locality ,age,adult,nationalities,sessionId,txCodeValue,expiresInSeconds\n' +
        'Anna,Köln,34,TRUE,"[""DE"",""FR""]",case-1,123456,600\n' +
        'Ben,,,false,,,,\n',
    );
    expect(table.errors).toEqual([]);
    expect(table.columns).toEqual([
      'given_name',
      'address.locality',
      'age',
      'adult',
      'nationalities',
      'sessionId',
      'txCodeValue',
      'expiresInSeconds',
    ]);
    expect(plan.errors).toEqual([]);
    expect(rows.map((r) => r.errors)).toEqual([[], []]);
    expect(rows[0].request).toEqual({
      ...settings,
      sessionId: 'case-1',
      txCodeValue: '123456',
      expiresInSeconds: 600,
      runtimeOverrides: {
        credentialData: { given_name: 'Anna', address: { locality: 'Köln' }, age: 34, adult: true, nationalities: ['DE', 'FR'] },
      },
    });
    // Empty cells keep the profile's values: nothing is sent for them.
    expect(rows[1].request).toEqual({ ...settings, runtimeOverrides: { credentialData: { given_name: 'Ben', adult: false } } });
  });

  it('reports what is wrong with each row', () => {
    const { rows } = prepare(
      'given_name,age,adult,sessionId,txCodeValue\n' +
        'A,old,maybe,ok-1,12ab\n' +
        'B,1,true,ok-1,1234567\n' +
        'C,2,true,bad id,\n' +
        'D,3\n',
    );
    expect(rows[0].errors).toEqual([
      'age: "old" is not a number',
      'adult: "maybe" is not true or false',
      'txCodeValue: Digits only (input mode numeric)',
    ]);
    expect(rows[1].errors).toEqual(['sessionId: "ok-1" is also in row 1', 'txCodeValue: Must have 6 characters (the length above)']);
    expect(rows[2].errors).toEqual(['sessionId: 1–128 characters: letters, digits, "_" and "-"']);
    expect(rows[3].errors).toEqual(['Too few fields: expected 5 fields but parsed 2']);
  });

  it('refuses a tx code column when the offers ask for none, and a bad expiry', () => {
    const noTxCode = { ...values, txCodeEnabled: false };
    const table = parseCsv('txCodeValue,expiresInSeconds\n1234,0\n,-1\n');
    const rows = prepareRows(table, planColumns(table.columns).plan, settingsToRequest(noTxCode), noTxCode.txCode);
    expect(rows[0].errors).toEqual([
      'txCodeValue: only with a transaction code (turn on tx_code above)',
      'expiresInSeconds: whole seconds from 1 to 31622400, or -1 for never',
    ]);
    expect(rows[1].errors).toEqual([]);
    expect(rows[1].request.expiresInSeconds).toBe(-1);
  });

  it('refuses files it cannot map: repeated or overlapping columns, no rows, too many rows', () => {
    expect(parseCsv('a,b,a\n1,2,3\n').errors).toEqual(['The column "a" appears more than once']);
    expect(parseCsv('given_name\n').errors).toEqual(['The file needs a header row and at least one row of data']);
    expect(parseCsv(`a\n${'x\n'.repeat(1001)}`).errors).toEqual(['At most 1000 rows per batch (this file has 1001)']);
    const plan = planColumns(['address', 'address.locality', 'a..b', 'credentialData.sessionId', 'shoe_size'], PROFILE.credentialData);
    expect(plan.errors).toEqual([
      'The column "a..b" is not a valid path (an empty part between dots)',
      'The columns "address" and "address.locality" overlap: "address" would replace "address.locality"',
    ]);
    expect(plan.plan.find((p) => p.column === 'credentialData.sessionId')?.path).toEqual(['sessionId']);
    expect(plan.warnings).toContain(`"shoe_size" is not in the profile's data: the offers add it`);
  });

  it('coerces cells to the type of the profile value', () => {
    expect(coerceCell('3.5', 1)).toEqual({ value: 3.5 });
    expect(coerceCell('{"a":1}', { b: 2 })).toEqual({ value: { a: 1 } });
    expect(coerceCell('[1]', { b: 2 })).toEqual({ error: 'must be a JSON object' });
    expect(coerceCell('01234', 'text')).toEqual({ value: '01234' });
    expect(coerceCell('01234', undefined)).toEqual({ value: '01234' });
  });

  it('puts the batch refusal of the API on its rows', () => {
    const { rows, general } = batchErrorsByRow([
      { path: 'offers.2.txCodeValue', message: 'must be digits' },
      { path: 'offers.2', message: 'duplicate sessionId' },
      { path: 'offers', message: 'at most 1000' },
    ]);
    expect(rows.get(2)).toEqual(['txCodeValue: must be digits', 'duplicate sessionId']);
    expect([...rows.keys()]).toEqual([2]);
    expect(general).toEqual([{ path: 'offers', message: 'at most 1000' }]);
  });

  it('chooses a name column and writes the results as CSV with formulas neutralised', () => {
    expect(defaultNameColumn(['sessionId', 'birthdate', 'Given_Name'])).toBe('Given_Name');
    expect(defaultNameColumn(['sessionId', 'birthdate'])).toBe('birthdate');
    const csv = resultsCsv([{ row: 1, name: '=HYPERLINK("x")', offer: offerAnswer({ authMethod: 'PRE_AUTHORIZED', txCode: {} }) }]);
    const [header, line] = csv.split('\r\n');
    expect(header).toBe('row,name,offerId,sessionId,credentialOffer,txCodeValue,expiresAt');
    expect(line).toContain(`"'=HYPERLINK(""x"")"`);
    expect(line).toContain(',session-1,openid-credential-offer://?credential_offer_uri=');
    expect(line).toContain(',999999,2030-01-01T00:05:00.000Z');
  });

  it('moves the API paths of an offer body to the form fields that show them', () => {
    const mapped = toOfferFormError(
      new ApiError(400, 'Bad Request', undefined, [
        { path: 'txCode', message: 'only pre-authorized' },
        { path: 'runtimeOverrides', message: 'not with OMIT' },
        { path: 'runtimeOverrides.credentialData', message: 'must be an object' },
        { path: 'txCode.length', message: 'too long' },
      ]),
    ) as ApiError;
    expect(mapped.errors).toEqual([
      { path: 'txCodeEnabled', message: 'only pre-authorized' },
      { path: 'otherOverrides', message: 'not with OMIT' },
      { path: 'credentialData', message: 'must be an object' },
      { path: 'txCode.length', message: 'too long' },
    ]);
  });
});
