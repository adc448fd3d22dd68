export {
  createShipHeroSandbox,
  type ShipHeroSandbox,
  type ShipHeroSandboxOptions,
} from './shiphero-sandbox.ts';
export type { SandboxCredits } from './shiphero-sandbox-credits.ts';
export { documentComplexity, type GraphqlExchange } from './shiphero-sandbox-graphql.ts';
export { shipHeroSandboxSchema, shipHeroSandboxSdl } from './shiphero-sandbox-schema.ts';
export type { SandboxLevel, SandboxWarehouse } from './shiphero-sandbox-state.ts';
export type { SandboxMessage, SandboxSubscription, SandboxWebhookType } from './shiphero-sandbox-webhooks.ts';
