// TEST FIXTURE: a third-party connector in plain JavaScript whose snapshot read goes through a vendor SDK. Its
// first `failReads` reads fail as such connectors fail: `untyped` is what an SDK built on fetch throws when the
// connection drops (a bare `TypeError: fetch failed`, no `retryable`), `permanent` is the spec's typed refusal.
import { connectorSpecificationVersion, RequestRejectedError } from '@stockwire/connector-spec';

const failures = ['untyped', 'permanent'];

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
        issues: [{ path: [], message: 'onHand and failReads (whole numbers) and failure (untyped|permanent)' }],
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
    let reads = 0;
    return {
      specificationVersion: connectorSpecificationVersion,
      connector: 'sdk-snapshot',
      connection: mapping.connection,
      snapshot: {
        mode: 'paged',
        read: async () => {
          reads += 1;
          if (reads <= settings.failReads) {
            if (settings.failure === 'permanent') {
              throw new RequestRejectedError({
                connection: mapping.connection,
                target: `GET /stock (read ${reads})`,
                vendorStatus: 400,
                vendorMessage: 'unknown warehouse',
              });
            }
            throw new TypeError(`fetch failed (read ${reads})`, { cause: new Error('read ECONNRESET') });
          }
          return {
            records: [
              {
                sku: mapping.toCanonicalSku('SDK-1'),
                location: mapping.toCanonicalLocation('DOCK'),
                quantities: { onHand: settings.onHand },
                observedAt: new Date().toISOString(),
                raw: { sku: 'SDK-1', location: 'DOCK', onHand: settings.onHand, reads },
              },
            ],
            failures: [],
          };
        },
      },
    };
  },
};
