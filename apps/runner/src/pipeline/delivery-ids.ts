import type { PipelineContext } from '../jobs/pipeline-context.ts';

/**
 * The delivery ids of one connection's webhooks that were already ingested, asked and remembered by the deliveries
 * of a group. Each delivery used to send its own EXISTS and, once applied, its own SET: two commands, two socket
 * writes and two round trips per delivery, about 30 µs of the runner's CPU each at 2,000 webhooks a second (#14).
 * Here the questions and writes that the group's deliveries make in one turn of the event loop go to Redis in one
 * pipeline (all keys of a connection share its hash tag, so one pipeline also serves a Redis Cluster).
 */
export interface DeliveryIds {
  /** Whether a delivery with this id was ingested already (a redelivery). */
  seen(deliveryId: string): Promise<boolean>;
  /** Remembers the id for `webhookDeliveryRetentionMs`, once the delivery went through. */
  remember(deliveryId: string, receivedAt: string): Promise<void>;
}

type Operation =
  | { readonly kind: 'seen'; readonly key: string; readonly settle: Settle<boolean> }
  | { readonly kind: 'remember'; readonly key: string; readonly receivedAt: string; readonly settle: Settle<void> };

interface Settle<Value> {
  readonly resolve: (value: Value) => void;
  readonly reject: (error: unknown) => void;
}

export function batchedDeliveryIds(context: PipelineContext, connection: string): DeliveryIds {
  let waiting: Operation[] = [];
  const flush = async () => {
    const operations = waiting;
    waiting = [];
    const pipeline = context.redis.pipeline();
    for (const operation of operations) {
      if (operation.kind === 'seen') pipeline.exists(operation.key);
      else pipeline.set(operation.key, operation.receivedAt, 'PX', context.options.webhookDeliveryRetentionMs);
    }
    let replies: Array<[Error | null, unknown]>;
    try {
      replies = (await pipeline.exec()) ?? [];
    } catch (error) {
      for (const operation of operations) operation.settle.reject(error);
      return;
    }
    operations.forEach((operation, index) => {
      const [error, value] = replies[index] ?? [new Error('Redis gave no answer for this command'), undefined];
      if (error !== null) operation.settle.reject(error);
      else if (operation.kind === 'seen') operation.settle.resolve(value === 1);
      else operation.settle.resolve();
    });
  };
  const queue = <Value>(make: (settle: Settle<Value>) => Operation) =>
    new Promise<Value>((resolve, reject) => {
      if (waiting.length === 0) setImmediate(() => void flush());
      waiting.push(make({ resolve, reject }));
    });
  return {
    seen: (deliveryId) =>
      queue<boolean>((settle) => ({ kind: 'seen', key: context.keys.webhookDelivery(connection, deliveryId), settle })),
    remember: (deliveryId, receivedAt) =>
      queue<void>((settle) => ({
        kind: 'remember',
        key: context.keys.webhookDelivery(connection, deliveryId),
        receivedAt,
        settle,
      })),
  };
}

/** One command per call, for a job of one delivery (nothing to share a pipeline with). */
export function directDeliveryIds(context: PipelineContext, connection: string): DeliveryIds {
  return {
    seen: async (deliveryId) =>
      (await context.redis.exists(context.keys.webhookDelivery(connection, deliveryId))) === 1,
    remember: async (deliveryId, receivedAt) => {
      const key = context.keys.webhookDelivery(connection, deliveryId);
      await context.redis.set(key, receivedAt, 'PX', context.options.webhookDeliveryRetentionMs);
    },
  };
}
