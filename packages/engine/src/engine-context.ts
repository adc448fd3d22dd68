import { buildCatalog, type Channel, type StockwireConfiguration } from '@stockwire/model';
import { type EngineOptions, EngineOptionsSchema, type ResolvedEngineOptions } from './engine-options.ts';
import { defineEngineScripts, type RedisClient } from './engine-scripts.ts';
import { createEngineKeys } from './keys.ts';
import { locationsOfChannels, type ProjectionContext } from './project-skus.ts';
import { clearOnReconnect, createSkuStateCache, type SkuStateCache } from './sku-state-cache.ts';

export interface CreateEngineInput {
  readonly redis: RedisClient;
  readonly configuration: StockwireConfiguration;
  readonly options?: EngineOptions | undefined;
  readonly now?: (() => Date) | undefined;
}

/** Everything the engine's parts share: one Redis, one configuration, one set of keys and scripts. */
export interface EngineContext extends ProjectionContext {
  readonly configuration: StockwireConfiguration;
  readonly options: ResolvedEngineOptions;
  readonly channelById: ReadonlyMap<string, Channel>;
  /** Locations any channel sells from: the positions a projection reads. */
  readonly channelLocations: readonly string[];
  /** States this engine's apply calls returned, for plans made soon after (used only at their exact version). */
  readonly stateCache: SkuStateCache;
}

export function createEngineContext(input: CreateEngineInput): EngineContext {
  const options = EngineOptionsSchema.parse(input.options ?? {});
  if (options.settleHorizonMs < options.idempotencyRetentionMs) {
    throw new Error('settleHorizonMs must not be shorter than idempotencyRetentionMs');
  }
  const channels: readonly Channel[] = input.configuration.channels;
  const stateCache = createSkuStateCache({
    maximumPositions: options.stateCacheMaxPositions,
    maximumAgeMs: options.stateCacheMaxAgeMs,
  });
  clearOnReconnect(input.redis, stateCache);
  return {
    redis: input.redis,
    scripts: defineEngineScripts(input.redis),
    keys: createEngineKeys(options.keyPrefix),
    catalog: buildCatalog(input.configuration),
    channels,
    now: input.now ?? (() => new Date()),
    configuration: input.configuration,
    options,
    channelById: new Map(channels.map((channel) => [channel.id, channel])),
    channelLocations: locationsOfChannels(channels),
    stateCache,
  };
}
