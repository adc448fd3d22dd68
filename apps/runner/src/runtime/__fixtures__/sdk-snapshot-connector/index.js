// TEST FIXTURE: a third-party connector in plain JavaScript whose snapshot (two pages: SDK-1, then SDK-2) goes
// through a vendor SDK. The first `failReads` reads of its second page fail as such connectors fail: `untyped` is
// what an SDK built on fetch throws when the connection drops (a bare `TypeError: fetch failed`, no `retryable`),
// `permanent` is the spec's typed refusal, `broken-item-failure` is a connector bug that shows only after the page
// reached the engine (an item failure without its error, which the runner cannot dead-letter).
import { connectorSpecificationVersion, RequestRejectedError } from '@stockwire/connector-spec';

const failures = ['untyped', 'permanent', 'broken-item-failure'];

const settingsSchema = {
  safeParse(value) {
    const { onHand, failReads, failure } = value ?? {};
    const valid =
      Number.isInteger(onHand) &&
      onHand >= 0 &&
      Number.isInteger(failReads) &&
      failReads >= 0 &&
      failures.includes(failure) &&
      Object.keys(value).length === 3;
    if (valid) return { success: true, data: { onHand, failReads, failure } };
    return {
      success: false,
      error: {
        issues: [{ path: [], message: `onHand and failReads (whole numbers), failure (${failures.join('|')})` }],
      },
    };
  },
};

export default {
  specificationVersion: connectorSpecificationVersion,
  connector: 'sdk-snapshot',
  settingsSchema,
  create(settings, context) {
    const { mapping } = context;
    let secondPageReads = 0;
    const record = (vendorSku) => ({
      sku: mapping.toCanonicalSku(vendorSku),
      location: mapping.toCanonicalLocation('DOCK'),
      quantities: { onHand: settings.onHand },
      observedAt: new Date().toISOString(),
      raw: { sku: vendorSku, location: 'DOCK', onHand: settings.onHand },
    });
    return {
      specificationVersion: connectorSpecificationVersion,
      connector: 'sdk-snapshot',
      connection: mapping.connection,
      snapshot: {
        mode: 'paged',
        read: async ({ cursor } = {}) => {
          if (cursor === undefined) return { records: [record('SDK-1')], failures: [], nextCursor: 'page-2' };
          secondPageReads += 1;
          const failing = secondPageReads <= settings.failReads;
          if (failing && settings.failure === 'permanent') {
            throw new RequestRejectedError({
              connection: mapping.connection,
              target: `GET /stock?page=2 (read ${secondPageReads})`,
              vendorStatus: 400,
              vendorMessage: 'unknown warehouse',
            });
          }
          if (failing && settings.failure === 'untyped') {
            throw new TypeError(`fetch failed (read ${secondPageReads})`, { cause: new Error('read ECONNRESET') });
          }
          const brokenFailure = { where: 'GET /stock?page=2 row 3', error: undefined };
          return { records: [record('SDK-2')], failures: failing ? [brokenFailure] : [] };
        },
      },
    };
  },
};
