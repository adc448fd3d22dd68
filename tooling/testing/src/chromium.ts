import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium, installed by .ci/provision.sh; playwright-core drives it (no browser download). */
export const chromiumPath = process.env.STOCKWIRE_CHROMIUM ?? '/usr/bin/chromium';

export interface ChromiumLocation {
  readonly executablePath: string | undefined;
  readonly skipReason: string | undefined;
}

/** Where Chromium is; without it, a reason to skip outside CI, and an error in CI (where it must be installed). */
export function locateChromium(environment: NodeJS.ProcessEnv = process.env): ChromiumLocation {
  if (existsSync(chromiumPath)) return { executablePath: chromiumPath, skipReason: undefined };
  if (environment.CI) {
    throw new Error(
      `Chromium is required in CI for the browser tests but ${chromiumPath} is missing; run .ci/provision.sh`,
    );
  }
  return {
    executablePath: undefined,
    skipReason: `Chromium not found at ${chromiumPath}; run .ci/provision.sh (or set STOCKWIRE_CHROMIUM) to run the browser tests`,
  };
}

/** Flags that keep the browser quiet and local: no GPU, no sandbox (containers), no calls home, no QUIC. */
const chromiumArguments = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface HeadlessBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile of its own, removed on close. */
export async function launchChromium(executablePath: string): Promise<HeadlessBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'stockwire-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: chromiumArguments,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
