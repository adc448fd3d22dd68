import { expectCallsRecover, remoteCalls, seedSomething } from './check-faults.ts';
import type { ConnectorConformanceHarness } from './conformance-harness.ts';
import {
  describeError,
  expectConnectorError,
  fail,
  rejectionOf,
  requireHarness,
  withConnector,
} from './conformance-helpers.ts';

/**
 * The longest request timeout a harness may configure: the check waits it out once per remote call, and the suite
 * must stay fast. Production defaults are longer (the kit's HTTP client: 30 s); a harness sets a short one.
 */
export const maximumConformanceRequestTimeoutMs = 5_000;

/** Slack over the configured timeout for a loaded CI machine: a connector that waits twice as long still fails. */
const allowance = (requestTimeoutMs: number) => requestTimeoutMs * 2 + 1_000;

/**
 * A vendor that accepts the request and never answers (defect #23.2: one hung Shopify call stalled a connection's
 * pushes for 5 minutes). Every remote call must give up within the connection's `requestTimeoutMs` and throw a
 * retryable typed error, so the runner's job ends and is retried; once the hang ends, the calls work again.
 * Registered for every harness whose connector reaches a network: there is no simulation flag to leave it out.
 */
export async function checkHangingCallsTimeOut(harness: ConnectorConformanceHarness): Promise<void> {
  await harness.resetRemote();
  const hangs = requireHarness(
    harness.hangs,
    'hangs',
    "(a connector that reaches a vendor must bound every call's wait)",
  );
  const inject = requireHarness(hangs.inject, 'hangs.inject', 'to make the remote stop answering');
  const clear = requireHarness(harness.clearFaults, 'clearFaults', 'to end injected faults');
  const { requestTimeoutMs } = hangs;
  if (!(requestTimeoutMs > 0 && requestTimeoutMs <= maximumConformanceRequestTimeoutMs)) {
    fail(
      `hangs.requestTimeoutMs is ${requestTimeoutMs}; configure the harness's connector with a request timeout ` +
        `between 1 and ${maximumConformanceRequestTimeoutMs} ms and declare it there`,
    );
  }
  await seedSomething(harness);
  await inject.call(hangs);
  try {
    for (const call of remoteCalls(harness)) {
      const started = performance.now();
      const error = await withConnector(harness, (connector) =>
        rejectionOf(
          () => withinBound(call.run(connector), allowance(requestTimeoutMs), call.name),
          `${call.name} while the vendor hangs`,
        ),
      );
      const elapsedMs = Math.round(performance.now() - started);
      const typed = expectConnectorError(error, `${call.name} while the vendor hangs`);
      if (!typed.retryable) {
        fail(
          `${call.name} while the vendor hangs threw ${typed.name}, which is not retryable: ${describeError(typed)}`,
        );
      }
      if (elapsedMs > allowance(requestTimeoutMs)) {
        fail(`${call.name} gave up after ${elapsedMs} ms; its request timeout is ${requestTimeoutMs} ms`);
      }
    }
  } finally {
    await clear.call(harness);
  }
  await expectCallsRecover(harness, 'once the vendor answers again');
}

/** Turns a call that outlives its bound into a failure naming it, instead of a check that hangs with it. */
async function withinBound<Result>(call: Promise<Result>, boundMs: number, name: string): Promise<Result> {
  let timer: NodeJS.Timeout | undefined;
  const overdue = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new HangingCallFailure(
            `${name} was still waiting after ${boundMs} ms while the vendor hangs: it has no request timeout (give ` +
              'its HTTP client `timeoutMs: settings.requestTimeoutMs`)',
          ),
        ),
      boundMs,
    );
  });
  try {
    return await Promise.race([call, overdue]);
  } finally {
    clearTimeout(timer);
  }
}

class HangingCallFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HangingCallFailure';
  }
}
