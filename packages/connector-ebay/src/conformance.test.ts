import { describeConnectorConformance } from '@stockwire/connector-kit/testing';
import { ebayConformanceHarness } from './test-support/ebay-conformance-harness.ts';

describeConnectorConformance(ebayConformanceHarness());
