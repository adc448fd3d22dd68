// TEST FIXTURE: a third-party connector in plain JavaScript, as a package outside this repository publishes it. It
// imports the published @stockwire/connector-spec, so loading it proves the spec resolves from the folder it was
// installed in (/opt/connectors in the derived image), not from this workspace.
import { connectorSpecificationVersion } from '@stockwire/connector-spec';

const settingsSchema = {
  safeParse(value) {
    const onHand = value?.onHand;
    if (Number.isInteger(onHand) && onHand >= 0 && Object.keys(value).length === 1) {
      return { success: true, data: { onHand } };
    }
    return { success: false, error: { issues: [{ path: ['onHand'], message: 'a whole number of units' }] } };
  },
};

export default {
  specificationVersion: connectorSpecificationVersion,
  connector: 'acme',
  settingsSchema,
  create(settings, context) {
    const { mapping } = context;
    return {
      specificationVersion: connectorSpecificationVersion,
      connector: 'acme',
      connection: mapping.connection,
      snapshot: {
        mode: 'paged',
        read: async () => ({
          records: [
            {
              sku: mapping.toCanonicalSku('ACME-1'),
              location: mapping.toCanonicalLocation('DOCK'),
              quantities: { onHand: settings.onHand },
              observedAt: new Date().toISOString(),
              raw: { sku: 'ACME-1', location: 'DOCK', onHand: settings.onHand },
            },
          ],
          failures: [],
        }),
      },
    };
  },
};
