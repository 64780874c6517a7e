import type { Expectation } from './draft';
import type { LiveResources } from './live-resources';
import { int, pick, type Gen } from './mutator';
import { judge } from './oracle';
import { NoAnswerError, sendRaw, type FuzzRequest, type RawResponse } from './raw-http';

/**
 * Concurrent bursts of the same request and delete races, each with the invariant it must keep: a
 * single-use code or nonce is spent once, a caller-chosen id is taken once, a race with a delete leaves no
 * half-written state behind.
 */
export interface Exchange {
  request: FuzzRequest;
  expect: Expectation;
  response?: RawResponse;
  problems: string[];
}

export interface ScenarioResult {
  name: string;
  exchanges: Exchange[];
  /** Broken invariants of the scenario as a whole. */
  problems: string[];
}

export async function exchange(baseUrl: string, request: FuzzRequest, expect: Expectation = 'any'): Promise<Exchange> {
  try {
    const response = await sendRaw(baseUrl, request);
    return { request, expect, response, problems: judge(request.method, request.target, expect, response) };
  } catch (error) {
    const partial = error instanceof NoAnswerError && error.partial ? ` (received ${JSON.stringify(error.partial.slice(0, 120))})` : '';
    return { request, expect, problems: [`no HTTP answer: ${(error as Error).message}${partial}`] };
  }
}

function jsonRequest(live: LiveResources, method: string, target: string, body?: unknown, bearer?: string): FuzzRequest {
  const headers: [string, string][] = [['Authorization', `Bearer ${bearer ?? live.adminKey}`]];
  if (body !== undefined) headers.push(['Content-Type', 'application/json']);
  return { method, target, headers, body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)) };
}

const statusOf = (e: Exchange) => e.response?.status ?? 0;
const jsonOf = (e: Exchange): any => {
  try {
    return JSON.parse(e.response?.body.toString('utf8') ?? '');
  } catch {
    return undefined;
  }
};
const count = (exchanges: Exchange[], status: number) => exchanges.filter((e) => statusOf(e) === status).length;

async function burst(live: LiveResources, requests: FuzzRequest[]): Promise<Exchange[]> {
  return Promise.all(requests.map((r) => exchange(live.baseUrl, r)));
}

type Scenario = (live: LiveResources, g: Gen) => Promise<ScenarioResult>;

const sameCode: Scenario = async (live, g) => {
  const offer = await live.freshOffer();
  const form = live.tokenForm(offer.code, offer.txCode);
  const request: FuzzRequest = {
    method: 'POST',
    target: `/issuers/${live.mainIssuer}/token`,
    headers: [['Content-Type', 'application/x-www-form-urlencoded']],
    body: Buffer.from(form),
  };
  const exchanges = await burst(
    live,
    Array.from({ length: int(g, 3, 8) }, () => request),
  );
  const won = count(exchanges, 200);
  return {
    name: 'one pre-authorized code redeemed concurrently',
    exchanges,
    problems: won === 1 ? [] : [`${won} token responses for one single-use code`],
  };
};

const sameToken: Scenario = async (live, g) => {
  const { accessToken } = await live.freshToken();
  const requests: FuzzRequest[] = [];
  for (let i = 0; i < int(g, 2, 6); i++) {
    const { body } = await live.credentialBody(await live.freshNonce(), i);
    requests.push(jsonRequest(live, 'POST', `/issuers/${live.mainIssuer}/credential`, body, accessToken));
  }
  const exchanges = await burst(live, requests);
  return {
    name: 'one access token, concurrent credential requests',
    exchanges,
    // OID4VCI 1.0 §8: a token serves several requests, each with its own fresh nonce: none may lose its token.
    problems: count(exchanges, 401) === 0 ? [] : [`${count(exchanges, 401)} of ${requests.length} requests refused the valid token`],
  };
};

const sameNonce: Scenario = async (live, g) => {
  const accessToken = await live.accessToken(false);
  const { body } = await live.credentialBody(await live.freshNonce(), int(g, 0, 3));
  const request = jsonRequest(live, 'POST', `/issuers/${live.mainIssuer}/credential`, body, accessToken);
  const exchanges = await burst(
    live,
    Array.from({ length: int(g, 2, 6) }, () => request),
  );
  const won = count(exchanges, 200);
  return {
    name: 'one nonce (one proof) sent concurrently',
    exchanges,
    problems: won <= 1 ? [] : [`${won} credentials for one single-use nonce`],
  };
};

const sameSessionId: Scenario = async (live, g) => {
  const sessionId = live.unique('race');
  const request = jsonRequest(live, 'POST', `/api/v1/issuers/${live.mainIssuer}/profiles/${live.mainProfile}/offers`, {
    authMethod: 'PRE_AUTHORIZED',
    sessionId,
  });
  const exchanges = await burst(
    live,
    Array.from({ length: int(g, 2, 8) }, () => request),
  );
  const won = count(exchanges, 201);
  return {
    name: 'one caller-chosen sessionId offered concurrently',
    exchanges,
    problems: won === 1 ? [] : [`${won} offers created with session id ${sessionId}`],
  };
};

const sameIssuerId: Scenario = async (live, g) => {
  const id = live.unique('fzr');
  const request = jsonRequest(live, 'POST', '/api/v1/issuers', live.issuerBody(id, live.mainKey));
  const exchanges = await burst(
    live,
    Array.from({ length: int(g, 2, 6) }, () => request),
  );
  const won = count(exchanges, 201);
  if (won) live.scratchIssuers.push(id);
  return { name: 'one issuer id created concurrently', exchanges, problems: won === 1 ? [] : [`${won} issuers created with id ${id}`] };
};

const nonces: Scenario = async (live, g) => {
  const request: FuzzRequest = { method: 'POST', target: `/issuers/${live.mainIssuer}/nonce`, headers: [] };
  const exchanges = await burst(
    live,
    Array.from({ length: int(g, 4, 12) }, () => request),
  );
  const nonceValues = new Set(exchanges.map((e) => jsonOf(e)?.c_nonce).filter(Boolean));
  return {
    name: 'nonce burst',
    exchanges,
    problems: nonceValues.size === count(exchanges, 200) ? [] : ['the same c_nonce was handed out twice'],
  };
};

const statusFlips: Scenario = async (live, g) => {
  const session = pick(g, live.sessions).sessionId;
  const requests = Array.from({ length: int(g, 2, 6) }, (_, i) =>
    jsonRequest(live, 'PUT', `/api/v1/issuers/${live.mainIssuer}/sessions/${session}/status`, { status: i % 2 ? 'VALID' : 'SUSPENDED' }),
  );
  return { name: 'concurrent status changes of one session', exchanges: await burst(live, requests), problems: [] };
};

const keyToggles: Scenario = async (live, g) => {
  const key = live.scratchKeys[0] ?? (await live.newScratchKey());
  const requests = Array.from({ length: int(g, 2, 6) }, (_, i) =>
    jsonRequest(live, 'POST', `/api/v1/keys/${key}/${i % 2 ? 'enable' : 'disable'}`),
  );
  return { name: 'concurrent disable/enable of one key', exchanges: await burst(live, requests), problems: [] };
};

const profileEdits: Scenario = async (live, g) => {
  const profileId = await live.newScratchProfile();
  const requests = Array.from({ length: int(g, 2, 5) }, (_, i) =>
    jsonRequest(
      live,
      'PUT',
      `/api/v1/issuers/${live.mainIssuer}/profiles/${profileId}`,
      live.profileBody(live.mainKey, { credentialData: { given_name: `v${i}` } }),
    ),
  );
  const exchanges = await burst(live, requests);
  const versions = exchanges.filter((e) => statusOf(e) === 200).map((e) => jsonOf(e)?.version);
  return {
    name: 'concurrent edits of one profile',
    exchanges,
    problems: new Set(versions).size === versions.length ? [] : [`two edits got the same version: ${versions.join(', ')}`],
  };
};

/** Deletes an issuer while profiles and offers are created for it; afterwards nothing of it may be left. */
const deleteIssuerRace: Scenario = async (live, g) => {
  const id = live.unique('fzd');
  await live.call('POST', '/api/v1/issuers', live.issuerBody(id, live.mainKey));
  const profileId = (await live.call('POST', `/api/v1/issuers/${id}/profiles`, live.profileBody(live.mainKey))).json.profileId as string;
  const writers: FuzzRequest[] = [];
  for (let i = 0; i < int(g, 2, 5); i++)
    writers.push(jsonRequest(live, 'POST', `/api/v1/issuers/${id}/profiles`, live.profileBody(live.mainKey)));
  for (let i = 0; i < int(g, 2, 5); i++)
    writers.push(jsonRequest(live, 'POST', `/api/v1/issuers/${id}/profiles/${profileId}/offers`, { authMethod: 'PRE_AUTHORIZED' }));
  writers.push(
    jsonRequest(live, 'POST', `/api/v1/issuers/${id}/profiles/${profileId}/offers/batch`, {
      offers: [{ authMethod: 'PRE_AUTHORIZED' }, { authMethod: 'PRE_AUTHORIZED' }],
    }),
  );
  writers.push(jsonRequest(live, 'PUT', `/api/v1/issuers/${id}`, live.issuerBody(id, live.mainKey)));
  const at = int(g, 0, writers.length);
  writers.splice(at, 0, jsonRequest(live, 'DELETE', `/api/v1/issuers/${id}`));
  const exchanges = await burst(live, writers);
  const problems: string[] = [];
  const deleted = exchanges.some((e) => e.request.method === 'DELETE' && statusOf(e) === 204);
  if (deleted) {
    const after = await exchange(live.baseUrl, jsonRequest(live, 'GET', `/api/v1/issuers/${id}`));
    exchanges.push(after);
    if (statusOf(after) !== 404) problems.push(`issuer ${id} answers ${statusOf(after)} after its DELETE got 204`);
    // Re-created under the same id, it must start empty: no profile or session of the old one survived.
    const again = await exchange(live.baseUrl, jsonRequest(live, 'POST', '/api/v1/issuers', live.issuerBody(id, live.mainKey)));
    exchanges.push(again);
    if (statusOf(again) === 201) {
      const profiles = await exchange(live.baseUrl, jsonRequest(live, 'GET', `/api/v1/issuers/${id}/profiles`));
      const sessions = await exchange(live.baseUrl, jsonRequest(live, 'GET', `/api/v1/issuers/${id}/sessions`));
      exchanges.push(profiles, sessions);
      const left = (jsonOf(profiles)?.items?.length ?? 0) + (jsonOf(sessions)?.items?.length ?? 0);
      if (left) problems.push(`issuer ${id} re-created with ${left} profiles/sessions of the deleted one`);
      exchanges.push(await exchange(live.baseUrl, jsonRequest(live, 'DELETE', `/api/v1/issuers/${id}`)));
    } else problems.push(`issuer ${id} cannot be re-created after its delete: ${statusOf(again)}`);
  }
  return { name: 'delete an issuer while creating profiles and offers for it', exchanges, problems };
};

/** Deletes a key while profiles that use it are created: a profile must never outlive its key. */
const deleteKeyRace: Scenario = async (live, g) => {
  const key = await live.newScratchKey();
  live.scratchKeys.pop();
  const requests: FuzzRequest[] = Array.from({ length: int(g, 2, 4) }, () =>
    jsonRequest(live, 'POST', `/api/v1/issuers/${live.mainIssuer}/profiles`, live.profileBody(key)),
  );
  requests.splice(int(g, 0, requests.length), 0, jsonRequest(live, 'DELETE', `/api/v1/keys/${key}`));
  const exchanges = await burst(live, requests);
  const problems: string[] = [];
  const created = exchanges.filter((e) => e.request.method === 'POST' && statusOf(e) === 201);
  const keyNow = await exchange(live.baseUrl, jsonRequest(live, 'GET', `/api/v1/keys/${key}`));
  exchanges.push(keyNow);
  if (created.length && statusOf(keyNow) === 404) problems.push(`${created.length} profile(s) created with key ${key}, which is deleted`);
  for (const e of created) {
    const profileId = jsonOf(e)?.profileId as string | undefined;
    if (profileId)
      exchanges.push(await exchange(live.baseUrl, jsonRequest(live, 'DELETE', `/api/v1/issuers/${live.mainIssuer}/profiles/${profileId}`)));
  }
  return { name: 'delete a key while profiles using it are created', exchanges, problems };
};

/** Deletes (soft) a profile while offers are created from it: none may be created after the delete answered. */
const deleteProfileRace: Scenario = async (live, g) => {
  const profileId = await live.newScratchProfile();
  live.scratchProfiles.pop();
  const path = `/api/v1/issuers/${live.mainIssuer}/profiles/${profileId}`;
  const requests: FuzzRequest[] = Array.from({ length: int(g, 2, 6) }, () =>
    jsonRequest(live, 'POST', `${path}/offers`, { authMethod: 'PRE_AUTHORIZED' }),
  );
  requests.splice(int(g, 0, requests.length), 0, jsonRequest(live, 'DELETE', path));
  const exchanges = await burst(live, requests);
  const deleted = exchanges.some((e) => e.request.method === 'DELETE' && statusOf(e) === 204);
  // Once its DELETE answered 204, the profile is INACTIVE: no new offers (API.md §5).
  exchanges.push(
    await exchange(live.baseUrl, jsonRequest(live, 'POST', `${path}/offers`, { authMethod: 'PRE_AUTHORIZED' }), deleted ? 'refuse' : 'any'),
  );
  return { name: 'delete a profile while offers are created from it', exchanges, problems: [] };
};

/** Purges a session while its wallet asks for a credential. */
const purgeRace: Scenario = async (live) => {
  const { accessToken, sessionId } = await live.freshToken();
  const { body } = await live.credentialBody(await live.freshNonce(), 0);
  const exchanges = await burst(live, [
    jsonRequest(live, 'POST', `/issuers/${live.mainIssuer}/credential`, body, accessToken),
    jsonRequest(live, 'DELETE', `/api/v1/issuers/${live.mainIssuer}/sessions/${sessionId}`),
  ]);
  return { name: 'purge a session during its credential request', exchanges, problems: [] };
};

export const SCENARIOS: readonly { name: string; run: Scenario }[] = [
  { name: 'same pre-authorized code', run: sameCode },
  { name: 'same access token', run: sameToken },
  { name: 'same nonce', run: sameNonce },
  { name: 'same sessionId', run: sameSessionId },
  { name: 'same issuer id', run: sameIssuerId },
  { name: 'nonce burst', run: nonces },
  { name: 'status flips', run: statusFlips },
  { name: 'key toggles', run: keyToggles },
  { name: 'profile edits', run: profileEdits },
  { name: 'delete issuer race', run: deleteIssuerRace },
  { name: 'delete key race', run: deleteKeyRace },
  { name: 'delete profile race', run: deleteProfileRace },
  { name: 'purge race', run: purgeRace },
];
