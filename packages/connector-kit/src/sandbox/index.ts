export { maxEventsInWindow } from './observed-rate.ts';
export { readSandboxRequest } from './read-request.ts';
export { createRouter, type RouteHandler, type RouteParameters, type SandboxRouter } from './router.ts';
export type {
  RateLimitFaultOptions,
  SandboxFaults,
  SandboxRequestFilter,
  ServerErrorFaultOptions,
  SimpleFaultOptions,
} from './sandbox-faults.ts';
export { createSandboxServer, type SandboxServer, type SandboxServerOptions } from './sandbox-server.ts';
export { createSandboxStore, type SandboxStore } from './sandbox-store.ts';
export type {
  AnsweredSandboxResponse,
  SandboxCall,
  SandboxFaultKind,
  SandboxHandler,
  SandboxRequest,
  SandboxResponse,
} from './sandbox-types.ts';
export {
  createWebhookDeliverer,
  type WebhookAttempt,
  type WebhookDeliverer,
  type WebhookDelivererOptions,
  type WebhookDeliveryOptions,
  type WebhookDeliveryOutcome,
} from './webhook-deliverer.ts';
export { writeSandboxResponse } from './write-response.ts';
