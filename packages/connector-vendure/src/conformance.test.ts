import { describeConnectorConformance } from '@stockwire/connector-kit/testing';
import { vendureConformanceHarness } from './test-support/vendure-conformance-harness.ts';

describeConnectorConformance(vendureConformanceHarness());
