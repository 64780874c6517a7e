import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); Playwright's own browser download cannot work here. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * Headless system Chromium for the browser tests, reaching nothing but loopback: every other host name is
 * unresolvable, so a page can never call out to the internet even if a test missed a request.
 */
export async function launchSystemChromium(): Promise<Browser> {
  if (!existsSync(SYSTEM_CHROMIUM))
    throw new Error(`${SYSTEM_CHROMIUM} is missing: pages are tested in a real browser; install it with: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: SYSTEM_CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    ],
  });
}
