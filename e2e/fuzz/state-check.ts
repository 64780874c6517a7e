import { isDeepStrictEqual } from 'node:util';
import { TestWallet } from '@issuer/testing';
import type { LiveResources } from './live-resources';

/**
 * The two checks after the storm: resources no fuzz request was aimed at are exactly as before, and a
 * normal pre-authorized issuance (the independent OWF wallet library, with a tx_code) still works.
 */
export type Snapshot = Record<string, unknown>;

function snapshotPaths(live: LiveResources): string[] {
  const issuer = `/api/v1/issuers/${live.keepIssuer}`;
  return [
    issuer,
    `${issuer}/profiles`,
    `${issuer}/profiles/${live.keepProfile}`,
    `${issuer}/sessions/${live.keepSession}`,
    `${issuer}/sessions/${live.keepOfferSession}`,
    `/api/v1/keys/${live.keepKey}`,
    `/api/v1/certificates/${live.certificateId}`,
    `/.well-known/openid-credential-issuer/issuers/${live.keepIssuer}`,
    `/issuers/${live.keepIssuer}/jwks`,
    `/api/v1/retention`,
  ];
}

export async function takeSnapshot(live: LiveResources): Promise<Snapshot> {
  const snapshot: Snapshot = {};
  for (const path of snapshotPaths(live)) snapshot[path] = withoutUsage((await live.call('GET', path)).json);
  return snapshot;
}

/** A key's usage counters move whenever kms signs with it (status lists are re-signed in the background). */
function withoutUsage(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const { signCount: _count, lastUsedAt: _used, ...rest } = value as Record<string, unknown>;
  return rest;
}

/** Differences between two snapshots, one line per resource that changed. */
export function compareSnapshots(before: Snapshot, after: Snapshot): string[] {
  const changes: string[] = [];
  for (const [path, value] of Object.entries(before)) {
    if (!isDeepStrictEqual(value, after[path]))
      changes.push(
        `${path} changed:\n      before ${JSON.stringify(value).slice(0, 400)}\n      after  ${JSON.stringify(after[path]).slice(0, 400)}`,
      );
  }
  return changes;
}

/** A whole issuance of both the untouched and the fuzzed issuer; returns what went wrong. */
export async function issuanceStillWorks(live: LiveResources): Promise<string[]> {
  const problems: string[] = [];
  for (const [issuerId, profileId] of [
    [live.keepIssuer, live.keepProfile],
    [live.mainIssuer, live.mainProfile],
  ]) {
    try {
      const offer = await live.freshOffer(issuerId, profileId);
      const result = await new TestWallet().preAuthorizedFlow(offer.credentialOffer, { txCode: offer.txCode });
      if (result.credentials.length !== 1) problems.push(`${issuerId}: ${result.credentials.length} credentials instead of 1`);
      const session = await live.call('GET', `/api/v1/issuers/${issuerId}/sessions/${offer.sessionId}`);
      if (session.json.status !== 'SUCCESSFUL') problems.push(`${issuerId}: session ${offer.sessionId} is ${session.json.status}`);
    } catch (error) {
      problems.push(`${issuerId}: issuance failed after the run: ${(error as Error).message}`);
    }
  }
  return problems;
}
