import { describeConnectorConformance } from '@stockwire/connector-kit/testing';
import { shipBobConformanceHarness } from './test-support/shipbob-conformance-harness.ts';

describeConnectorConformance(shipBobConformanceHarness('2026-01'));
// The same suite on the older dated version, which a connection may still name until ShipBob retires it.
describeConnectorConformance(shipBobConformanceHarness('2025-07'));
