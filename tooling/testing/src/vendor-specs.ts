import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The official vendor specifications live in `../shared/specs` beside the checkout and may not be committed.
 * Outside CI a missing folder means "skip, and say why"; in CI it is a failure, so a contract test can never
 * silently stop running.
 */
export interface VendorSpecsLocation {
  /** Absolute path of the specs folder, or undefined when it is absent. */
  readonly folder: string | undefined;
  /** Why contract tests are skipped, when they are. */
  readonly skipReason: string | undefined;
}

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export function locateVendorSpecs(environment: NodeJS.ProcessEnv = process.env): VendorSpecsLocation {
  const candidates = [environment.STOCKWIRE_VENDOR_SPECS, join(repositoryRoot, '..', 'shared', 'specs')].filter(
    (candidate): candidate is string => typeof candidate === 'string' && candidate.length > 0,
  );
  const folder = candidates.find((candidate) => existsSync(candidate));
  if (folder !== undefined) return { folder, skipReason: undefined };
  const looked = candidates.join(', ');
  if (environment.CI) {
    throw new Error(`vendor specs are required in CI but none were found (looked in: ${looked})`);
  }
  return {
    folder: undefined,
    skipReason: `vendor specs not found (looked in: ${looked}); set STOCKWIRE_VENDOR_SPECS to run contract tests`,
  };
}

export function vendorSpecPath(folder: string, ...segments: string[]): string {
  return join(folder, ...segments);
}
