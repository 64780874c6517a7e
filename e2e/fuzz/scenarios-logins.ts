import { formText } from './draft';
import type { LiveLogins } from './live-logins';
import type { LiveResources } from './live-resources';
import { int, type Gen } from './mutator';
import type { FuzzRequest } from './raw-http';
import { exchange, type Exchange, type ScenarioResult } from './scenarios';

/**
 * Bursts of the single-use answers of logins made outside the issuer: one wallet response (its `state`) posted
 * concurrently, and one identity provider callback (its `state` and code) loaded concurrently. Exactly one may
 * get the code; every other answer is a refusal.
 */
async function burst(live: LiveResources, request: FuzzRequest, times: number): Promise<Exchange[]> {
  return Promise.all(Array.from({ length: times }, () => exchange(live.baseUrl, request)));
}

const codeIn = (text: string | undefined) => /[?&]code=/.test(text ?? '');

export function loginScenarios(logins: LiveLogins): { name: string; run: (live: LiveResources, g: Gen) => Promise<ScenarioResult> }[] {
  const sameWalletResponse = async (live: LiveResources, g: Gen): Promise<ScenarioResult> => {
    const { form } = await logins.walletResponse(int(g, 0, 1));
    const request: FuzzRequest = {
      method: 'POST',
      target: `/issuers/${live.mainIssuer}/direct_post`,
      headers: [['Content-Type', 'application/x-www-form-urlencoded']],
      body: Buffer.from(formText(form), 'latin1'),
    };
    const exchanges = await burst(live, request, int(g, 2, 6));
    const won = exchanges.filter((e) => e.response?.status === 200 && codeIn(e.response.body.toString('utf8'))).length;
    return {
      name: 'one wallet response (direct_post) posted concurrently',
      exchanges,
      problems: won === 1 ? [] : [`${won} codes for one single-use wallet response`],
    };
  };

  const sameCallback = async (live: LiveResources, g: Gen): Promise<ScenarioResult> => {
    const request: FuzzRequest = { method: 'GET', target: await logins.idpCallback(), headers: [] };
    const exchanges = await burst(live, request, int(g, 2, 6));
    const won = exchanges.filter((e) => e.response?.status === 302 && codeIn(e.response.headers['location'])).length;
    return {
      name: 'one identity provider callback loaded concurrently',
      exchanges,
      problems: won === 1 ? [] : [`${won} codes for one single-use provider callback`],
    };
  };

  return [
    { name: 'same wallet response', run: sameWalletResponse },
    ...(logins.idpUnavailable ? [] : [{ name: 'same provider callback', run: sameCallback }]),
  ];
}
