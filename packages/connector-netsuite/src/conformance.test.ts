import { describeConnectorConformance } from '@stockwire/connector-kit/testing';
import { netSuiteConformanceHarness } from './test-support/netsuite-conformance-harness.ts';

describeConnectorConformance(netSuiteConformanceHarness('token-based'));
// The same suite with OAuth 2.0 machine-to-machine, the flow NetSuite steers new integrations to.
describeConnectorConformance(netSuiteConformanceHarness('oauth2-m2m'));
