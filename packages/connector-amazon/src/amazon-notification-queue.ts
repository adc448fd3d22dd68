import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  type ConnectionMappingV2,
  ConnectorConfigurationError,
  captureItemFailure,
  type ItemFailureV2,
  type PollPageV2,
  type PollRequestV2,
  type RemoteInventoryRecordV2,
  TransientError,
} from '@stockwire/connector-spec';
import type { InventoryEvent, OrderRecordInput } from '@stockwire/model';
import { z } from 'zod';
import { AmazonInvalidCursorError } from './amazon-errors.ts';
import { parseAmazonNotification } from './amazon-notifications.ts';
import { type AmazonConnectorSettings, readSecret } from './amazon-settings.ts';

/**
 * The receipt handles of the messages the last page delivered. The runner stores a cursor only after it has
 * enqueued the page's events, so deleting these at the next pull deletes exactly what was handed over: a crash
 * before that leaves them in the queue, to be received again (their idempotency keys make that harmless).
 */
export const AmazonNotificationsCursorSchema = z.strictObject({
  received: z.array(z.string().min(1)).max(10),
});
export type AmazonNotificationsCursor = z.infer<typeof AmazonNotificationsCursorSchema>;

/** ReceiveMessage returns at most 10 messages, and DeleteMessageBatch takes at most 10 entries. */
const sqsBatchLimit = 10;

export interface AmazonNotificationQueue {
  pull(request: PollRequestV2<AmazonNotificationsCursor>): Promise<PollPageV2<AmazonNotificationsCursor>>;
  close(): void;
}

/** The region a queue URL names (`https://sqs.eu-west-1.amazonaws.com/…`), else us-east-1. */
export function sqsRegionOf(queueUrl: string): string {
  return /^sqs\.([a-z0-9-]+)\.amazonaws\.com/.exec(new URL(queueUrl).hostname)?.[1] ?? 'us-east-1';
}

/**
 * SP-API notifications from the seller's SQS queue, long-polled with ReceiveMessage: ORDER_CHANGE as reservations
 * (or order records to route), FBA_INVENTORY_AVAILABILITY_CHANGES as Amazon's absolute FBA states. A message that
 * cannot be read is a MalformedPayloadError beside the others (the runner dead-letters it) and is deleted with
 * them, so it never blocks the queue.
 */
export function createAmazonNotificationQueue(options: {
  readonly settings: AmazonConnectorSettings & { readonly sqsQueueUrl: string };
  readonly mapping: ConnectionMappingV2;
  readonly environment: NodeJS.ProcessEnv;
}): AmazonNotificationQueue {
  const { settings, mapping, environment } = options;
  const connection = mapping.connection;
  const queueUrl = settings.sqsQueueUrl;
  const aborts = new AbortController();
  let client: SQSClient | undefined;
  const sqs = () => {
    client ??= new SQSClient({
      region: settings.sqsRegion ?? sqsRegionOf(queueUrl),
      ...(settings.sqsEndpoint === undefined ? {} : { endpoint: settings.sqsEndpoint }),
      ...(settings.sqsAccessKeyId === undefined || settings.sqsSecretAccessKey === undefined
        ? {}
        : {
            credentials: {
              accessKeyId: readSecret(settings.sqsAccessKeyId, 'sqsAccessKeyId', environment, connection),
              secretAccessKey: readSecret(settings.sqsSecretAccessKey, 'sqsSecretAccessKey', environment, connection),
            },
          }),
    });
    return client;
  };
  const send = async <Output>(target: string, call: () => Promise<Output>): Promise<Output> => {
    try {
      return await call();
    } catch (error) {
      throw sqsError(error, target, connection, queueUrl);
    }
  };
  const route = settings.merchantOrders === 'route';

  return {
    async pull(request) {
      const cursor = readCursor(request.cursor, connection);
      if (cursor.received.length > 0) {
        // An entry SQS refuses (a handle expired after the visibility timeout) is offered again and re-applied
        // harmlessly, so only a failed call stops the pull.
        const entries = cursor.received.map((receiptHandle, index) => ({
          Id: String(index),
          ReceiptHandle: receiptHandle,
        }));
        await send('DeleteMessageBatch', () =>
          sqs().send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }), {
            abortSignal: aborts.signal,
          }),
        );
      }
      const answer = await send('ReceiveMessage', () =>
        sqs().send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: Math.min(request.limit ?? sqsBatchLimit, sqsBatchLimit),
            WaitTimeSeconds: settings.sqsWaitSeconds,
            VisibilityTimeout: settings.sqsVisibilityTimeoutSeconds,
          }),
          { abortSignal: aborts.signal },
        ),
      );
      const messages = answer.Messages ?? [];
      const { events, orders, failures } = readMessages(messages, mapping, route);
      const received = messages.flatMap((message) => (message.ReceiptHandle ? [message.ReceiptHandle] : []));
      // Messages came: the queue may hold more, and the next pull (at once) deletes these.
      return { events, ...(route ? { orders } : {}), failures, cursor: { received }, hasMore: messages.length > 0 };
    },
    close() {
      aborts.abort();
      client?.destroy();
    },
  };
}

function readMessages(
  messages: readonly Message[],
  mapping: ConnectionMappingV2,
  route: boolean,
): { events: InventoryEvent[]; orders: OrderRecordInput[]; failures: ItemFailureV2[] } {
  const events: InventoryEvent[] = [];
  const orders: OrderRecordInput[] = [];
  const failures: ItemFailureV2[] = [];
  for (const message of messages) {
    const parsed = captureItemFailure(`SQS message ${message.MessageId ?? '(no id)'}`, () =>
      parseAmazonNotification(message.Body ?? '', mapping, { route }),
    );
    if ('failure' in parsed) {
      failures.push(parsed.failure);
      continue;
    }
    const notification = parsed.value;
    events.push(...notification.events);
    orders.push(...(notification.orders ?? []));
    failures.push(...notification.failures);
    for (const record of notification.records) {
      events.push(fbaSnapshotEvent(record, notification.notificationId, mapping.connection));
    }
  }
  return { events, orders, failures };
}

/**
 * An FBA availability record as Amazon's absolute view of that FBA location (Amazon is its authority): a snapshot
 * event, keyed by the notification, so a redelivered message is recognised.
 */
function fbaSnapshotEvent(record: RemoteInventoryRecordV2, notificationId: string, connection: string): InventoryEvent {
  const { available: _available, ...states } = record.quantities as Record<string, number>;
  return {
    kind: 'snapshot',
    idempotencyKey: `${connection}/fba-availability/${notificationId}/${record.location}`,
    source: connection,
    occurredAt: record.observedAt,
    sku: record.sku,
    location: record.location,
    quantities: states,
    raw: record.raw,
  } as InventoryEvent;
}

function readCursor(cursor: unknown, connection: string): AmazonNotificationsCursor {
  if (cursor === undefined) return { received: [] };
  const parsed = AmazonNotificationsCursorSchema.safeParse(cursor);
  if (parsed.success) return parsed.data;
  throw new AmazonInvalidCursorError({
    connection,
    problem: `${JSON.stringify(cursor)} is not an Amazon notifications cursor (${parsed.error.issues[0]?.message})`,
  });
}

/** SQS's answer as a typed error: a missing queue or refused key is configuration; the rest passes with time. */
function sqsError(error: unknown, target: string, connection: string, queueUrl: string): Error {
  const failure = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = failure.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 400 && status < 500 && status !== 429 && failure.name !== 'RequestThrottled') {
    return new ConnectorConfigurationError({
      connector: 'amazon',
      system: 'Amazon SQS',
      connection,
      problem:
        `${target} on ${queueUrl} was refused (${status} ${failure.name}: ${failure.message}); check sqsQueueUrl ` +
        'and that the key in sqsAccessKeyId may receive and delete messages on it',
      cause: error,
    });
  }
  return new TransientError({
    connection,
    target: `SQS ${target} on ${queueUrl}`,
    reason: status === undefined ? (failure.message ?? String(error)) : `HTTP ${status} ${failure.name}`,
    cause: error,
  });
}
