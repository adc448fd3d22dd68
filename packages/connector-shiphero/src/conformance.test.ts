import { describeConnectorConformance } from '@stockwire/connector-kit/testing';
import { shipHeroConformanceHarness } from './test-support/shiphero-conformance-harness.ts';

describeConnectorConformance(shipHeroConformanceHarness());
