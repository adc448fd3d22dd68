import { describe, expect, it } from 'vitest';
import { ChannelSchema, channelPublishLocation } from './channel.ts';
import { StockwireConfigurationSchema } from './configuration.ts';

const channel = (extra: Record<string, unknown>) =>
  ChannelSchema.parse({ id: 'web', connection: 'store', locations: ['wh-1', 'wh-2'], ...extra });

describe('where a channel publishes its quantity', () => {
  it('is the publishLocation when given, else the only location, else nowhere', () => {
    expect(channelPublishLocation(channel({ publishLocation: 'wh-2' }))).toBe('wh-2');
    expect(channelPublishLocation(channel({ locations: ['wh-1'] }))).toBe('wh-1');
    expect(channelPublishLocation(channel({}))).toBeUndefined();
  });

  it('publishes by default, and can be marked as published by the channel itself', () => {
    expect(channel({}).publish).toBe(true);
    expect(channel({ publish: false }).publish).toBe(false);
  });

  it('refuses a publishLocation that is not a configured location, naming where', () => {
    const parsed = StockwireConfigurationSchema.safeParse({
      version: 1,
      locations: [{ id: 'wh-1', kind: 'warehouse' }],
      skus: [{ id: 'SKU-A' }],
      connections: { store: { connector: 'shopify' } },
      authority: [{ connections: ['store'], states: '*' }],
      channels: [{ id: 'web', connection: 'store', locations: ['wh-1'], publishLocation: 'wh-9' }],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['channels.0.publishLocation', 'unknown location "wh-9"'],
    ]);
  });
});
