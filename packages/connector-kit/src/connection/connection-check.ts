import type {
  ConnectionCheckLocationV2,
  ConnectionCheckResultV2,
  ConnectionCheckStepV2,
} from '@stockwire/connector-spec';

/** What a named check's body reports when it finished: passed with a message, or failed with one. */
export interface CheckOutcome {
  readonly ok: boolean;
  readonly message: string;
}

/**
 * Runs one named check. A thrown error (the connector's typed errors: AuthenticationError for bad credentials, a
 * missing secret's ConnectorConfigurationError, a TransientError for a vendor that is down) becomes a failed check
 * carrying the error's message and name, because `check()` reports expected failures and never throws them. The
 * whole check is bounded by `timeoutMs` on top of each vendor call's own timeout, so a hung vendor cannot hold the
 * command.
 */
export async function runCheckStep(
  name: string,
  timeoutMs: number,
  body: () => Promise<CheckOutcome>,
): Promise<ConnectionCheckStepV2> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeoutError(name, timeoutMs)), timeoutMs);
  });
  try {
    const outcome = await Promise.race([body(), timeout]);
    return { name, ok: outcome.ok, message: outcome.message };
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    return { name, ok: false, message: failure.message, errorName: failure.name };
  } finally {
    clearTimeout(timer);
  }
}

class CheckTimeoutError extends Error {
  constructor(name: string, timeoutMs: number) {
    super(`the ${name} check had no answer within ${timeoutMs} ms`);
    this.name = 'CheckTimeoutError';
  }
}

/** The result of checks run in order: ok when every one passed. */
export function connectionCheckResult(checks: readonly ConnectionCheckStepV2[]): ConnectionCheckResultV2 {
  return { ok: checks.every((check) => check.ok), checks };
}

/** A check that could not run because an earlier one failed (a scope check needs working credentials). */
export function skippedCheck(name: string, because: string): ConnectionCheckStepV2 {
  return { name, ok: false, message: `not checked: ${because} failed` };
}

/**
 * The `locations` outcome: every configured location the vendor does not know, each named with its canonical id,
 * so the operator sees which line of the configuration to fix.
 */
export function locationsOutcome(
  configured: readonly ConnectionCheckLocationV2[],
  exists: (externalLocation: string) => boolean,
  vendorWord: string,
  where = 'at the vendor',
): CheckOutcome {
  const missing = configured.filter((entry) => !exists(entry.externalLocation));
  if (missing.length === 0) {
    return {
      ok: true,
      message: `${configured.length} configured ${vendorWord}${configured.length === 1 ? '' : 's'} exist`,
    };
  }
  const names = missing.map((entry) => `"${entry.externalLocation}" (location ${entry.location})`).join(', ');
  return { ok: false, message: `unknown ${vendorWord}${missing.length === 1 ? '' : 's'} ${where}: ${names}` };
}
