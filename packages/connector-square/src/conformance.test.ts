import { describeConnectorConformance } from '@stockwire/connector-kit/testing';
import { squareConformanceHarness } from './square-conformance-harness.test-helpers.ts';

describeConnectorConformance(squareConformanceHarness());
