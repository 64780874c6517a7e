import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EVENTS_TABLE, insertEventRowsSql, insertEventsSql, rowsHint, SqlParams, type EventSpec } from './event-sql';

const HOSTILE = `it's "quoted" '; DROP TABLE issuer_api.sessions; -- \\ $1`;

/** Every `$n` placeholder the SQL text uses. */
function placeholders(sql: string): number[] {
  return [...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
}

describe('SqlParams', () => {
  it('numbers placeholders from $1 in the order values are added', () => {
    const p = new SqlParams();
    assert.equal(p.add('a'), '$1');
    assert.equal(p.add(null), '$2');
    assert.equal(p.add(42), '$3');
    assert.deepEqual(p.values, ['a', null, 42]);
  });

  it('keeps counting across statements built with the same instance', () => {
    const p = new SqlParams();
    p.add('x');
    const sql = insertEventsSql('s', 'req', [{ event: 'session_purged' }], p);
    assert.deepEqual(placeholders(sql), [2, 3, 4, 5, 6]);
  });
});

describe('insertEventRowsSql', () => {
  it('sends every row, hostile text included, as one JSON parameter', () => {
    const p = new SqlParams();
    const sql = insertEventRowsSql(
      [
        { issuerId: HOSTILE, requestId: HOSTILE, event: 'nonce_request_succeeded' },
        {
          issuerId: 'acme',
          sessionId: 's1',
          profileId: 'p1',
          event: 'token_request_pre_authorized_code_failed',
          error: HOSTILE,
          errorDescription: HOSTILE,
        },
      ],
      p,
    );
    assert.ok(!sql.includes('DROP TABLE') && !sql.includes('quoted'));
    assert.deepEqual(placeholders(sql), [1]);
    const rows = JSON.parse(p.values[0] as string);
    assert.deepEqual(
      rows.map((r: { ord: number; issuer_id: string; session_id: string | null; error: string | null }) => [
        r.ord,
        r.issuer_id,
        r.session_id,
        r.error,
      ]),
      [
        [0, HOSTILE, null, null],
        [1, 'acme', 's1', HOSTILE],
      ],
    );
  });
});

describe('insertEventsSql', () => {
  it('puts every value in the parameters, never in the SQL text', () => {
    const p = new SqlParams();
    const source = 'hostile_source';
    const specs: EventSpec[] = [
      { event: 'credential_offer_created', data: { note: HOSTILE, nested: { [HOSTILE]: [HOSTILE] } } },
      { event: 'token_request_pre_authorized_code_failed', error: HOSTILE, errorDescription: HOSTILE },
    ];
    const sql = insertEventsSql(source, HOSTILE, specs, p);
    assert.ok(!sql.includes('DROP TABLE'), 'the hostile text is not interpolated');
    assert.ok(!sql.includes('quoted'), 'the hostile text is not interpolated');
    assert.ok(!sql.includes('credential_offer_created'), 'event names are parameters too');
    assert.ok(p.values.includes(HOSTILE), 'the hostile text travels as a parameter');
    const data = p.values.find((v) => typeof v === 'string' && v.startsWith('{')) as string;
    assert.deepEqual(JSON.parse(data), specs[0].data, 'data is sent as JSON text, unchanged');
    assert.ok(sql.startsWith(`INSERT INTO ${EVENTS_TABLE} `));
  });

  it('uses exactly the placeholders it registered: $1..$n, each in range', () => {
    const p = new SqlParams();
    const sql = insertEventsSql('s', 'req-1', [{ event: 'nonce_request_succeeded' }, { event: 'session_purged', data: { a: 1 } }], p);
    const used = new Set(placeholders(sql));
    // request id (1) + 4 per spec (event, data, error, error_description)
    assert.equal(p.values.length, 1 + 2 * 4);
    assert.deepEqual(
      [...used].sort((a, b) => a - b),
      p.values.map((_, i) => i + 1),
    );
  });

  it('writes one VALUES row per spec, in order, with NULL parameters for absent fields', () => {
    const p = new SqlParams();
    const sql = insertEventsSql('src', undefined, [{ event: 'nonce_request_succeeded' }, { event: 'session_purged' }], p);
    assert.match(sql, /VALUES \(0, \$2::text, \$3::jsonb, \$4::text, \$5::text\), \(1, \$6::text, \$7::jsonb, \$8::text, \$9::text\)/);
    assert.deepEqual(p.values, [null, 'nonce_request_succeeded', null, null, null, 'session_purged', null, null, null]);
  });

  it('merges a spec-level rowDataSql into that spec only', () => {
    const sql = insertEventsSql(
      'src',
      'r',
      [{ event: 'credential_request_sd_jwt_vc_succeeded', rowDataSql: 'src.extra' }, { event: 'issuance_status_changed' }],
      new SqlParams(),
    );
    assert.ok(sql.includes(`CASE spec.ord WHEN 0 THEN COALESCE(spec.data, '{}'::jsonb) || (src.extra) ELSE spec.data END`));
  });

  it('merges rowDataSql into data only when given', () => {
    const plain = insertEventsSql('src', 'r', [{ event: 'session_purged' }], new SqlParams());
    assert.ok(!plain.includes('COALESCE(spec.data'));
    const merged = insertEventsSql('src', 'r', [{ event: 'session_purged' }], new SqlParams(), `jsonb_build_object('n', src.n)`);
    assert.ok(merged.includes(`COALESCE(spec.data, '{}'::jsonb) || (jsonb_build_object('n', src.n))`));
  });
});

describe('rowsHint', () => {
  it('limits to the batch size rounded up to a power of two, at least 8, so a batched statement has few texts', () => {
    assert.deepEqual([0, 1, 5, 8, 9, 16, 17, 64, 65].map(rowsHint), [
      'LIMIT 8',
      'LIMIT 8',
      'LIMIT 8',
      'LIMIT 8',
      'LIMIT 16',
      'LIMIT 16',
      'LIMIT 32',
      'LIMIT 64',
      'LIMIT 128',
    ]);
  });
});
