import { describeConnectorConformance } from '@stockwire/connector-kit/testing';
import { shopifyConformanceHarness } from './test-support/shopify-conformance-harness.ts';

describeConnectorConformance(shopifyConformanceHarness('paged'));
// The same suite with snapshots read from a bulk operation's JSON Lines, as for large catalogs.
describeConnectorConformance(shopifyConformanceHarness('bulk'));
