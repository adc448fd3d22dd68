import { createHash, randomUUID } from 'node:crypto';
import type { SandboxRequest, SandboxResponse } from '@stockwire/connector-kit/sandbox';

/** The AWS key the sandbox queue accepts (SigV4's `Credential=` names it); any other is refused. */
export interface SandboxSqsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** One message of the sandbox queue, as SQS keeps it. */
export interface SandboxSqsMessage {
  readonly messageId: string;
  readonly body: string;
  receiveCount: number;
  /** Epoch ms until which the message is hidden after a receive (the visibility timeout). */
  invisibleUntil: number;
  /** The handle of the latest receive: only that one deletes it. */
  receiptHandle: string | undefined;
}

export interface SandboxSqs {
  /** The queue's URL, for the connector's `sqsQueueUrl`. */
  readonly queueUrl: string;
  /** Where SQS calls go, for the connector's `sqsEndpoint`. */
  readonly endpoint: string;
  readonly credentials: SandboxSqsCredentials;
  /** Puts a message on the queue as Amazon's notification delivery does; returns its MessageId. */
  send(body: string): string;
  /** Messages not deleted yet (visible or in flight). */
  remaining(): readonly SandboxSqsMessage[];
  /** MessageIds deleted, in order. */
  readonly deleted: readonly string[];
  /** Whether the request is an SQS call (AWS JSON 1.0: `X-Amz-Target: AmazonSQS.<Action>`). */
  handles(request: SandboxRequest): boolean;
  handle(request: SandboxRequest): Promise<SandboxResponse>;
  close(): void;
}

const queueName = 'stockwire-sp-api-notifications';
const accountId = '000000000000';
const jsonType = 'application/x-amz-json-1.0';
const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/**
 * One standard SQS queue speaking the AWS JSON 1.0 protocol that @aws-sdk/client-sqs uses (ReceiveMessage with long
 * polling and visibility timeout, DeleteMessageBatch), with the query-compatible error header the SDK reads.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html
 */
export function createSandboxSqs(baseUrl: string): SandboxSqs {
  const messages: SandboxSqsMessage[] = [];
  const deleted: string[] = [];
  const credentials = { accessKeyId: 'AKIASANDBOXSQS000001', secretAccessKey: 'sandbox-sqs-secret-access-key' };
  const queueUrl = `${baseUrl}/${accountId}/${queueName}`;
  let closed = false;

  const receive = async (input: Record<string, unknown>): Promise<SandboxResponse> => {
    const maximum = Number(input.MaxNumberOfMessages ?? 1);
    if (!Number.isInteger(maximum) || maximum < 1 || maximum > 10) {
      return sqsError('InvalidParameterValue', 'MaxNumberOfMessages must be between 1 and 10', 'Sender');
    }
    const waitMs = Number(input.WaitTimeSeconds ?? 0) * 1_000;
    const visibilityMs = Number(input.VisibilityTimeout ?? 30) * 1_000;
    const deadline = Date.now() + waitMs;
    let visible = messages.filter((message) => message.invisibleUntil <= Date.now());
    while (visible.length === 0 && Date.now() < deadline && !closed) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      visible = messages.filter((message) => message.invisibleUntil <= Date.now());
    }
    const taken = visible.slice(0, maximum);
    for (const message of taken) {
      message.receiveCount += 1;
      message.invisibleUntil = Date.now() + visibilityMs;
      message.receiptHandle = `${message.messageId}#${randomUUID()}`;
    }
    return sqsAnswer({
      Messages: taken.map((message) => ({
        MessageId: message.messageId,
        ReceiptHandle: message.receiptHandle,
        MD5OfBody: md5(message.body),
        Body: message.body,
        Attributes: { ApproximateReceiveCount: String(message.receiveCount) },
      })),
    });
  };

  const deleteBatch = (input: Record<string, unknown>): SandboxResponse => {
    const entries = (input.Entries ?? []) as Array<{ Id?: string; ReceiptHandle?: string }>;
    if (entries.length === 0) return sqsError('EmptyBatchRequest', 'There should be at least one entry', 'Sender');
    if (entries.length > 10)
      return sqsError('TooManyEntriesInBatchRequest', 'Maximum number of entries is 10', 'Sender');
    const successful: Array<{ Id: string }> = [];
    const failed: Array<{ Id: string; SenderFault: boolean; Code: string; Message: string }> = [];
    for (const entry of entries) {
      const index = messages.findIndex((message) => message.receiptHandle === entry.ReceiptHandle);
      if (index === -1) {
        const Message = `The receipt handle "${entry.ReceiptHandle}" is not valid`;
        failed.push({ Id: entry.Id ?? '', SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message });
        continue;
      }
      deleted.push(...messages.splice(index, 1).map((message) => message.messageId));
      successful.push({ Id: entry.Id ?? '' });
    }
    return sqsAnswer({ Successful: successful, Failed: failed });
  };

  return {
    queueUrl,
    endpoint: baseUrl,
    credentials,
    deleted,
    send(body) {
      const messageId = randomUUID();
      messages.push({ messageId, body, receiveCount: 0, invisibleUntil: 0, receiptHandle: undefined });
      return messageId;
    },
    remaining: () => messages,
    handles: (request) => (request.headers['x-amz-target'] ?? '').startsWith('AmazonSQS.'),
    async handle(request) {
      if (!(request.headers.authorization ?? '').includes(`Credential=${credentials.accessKeyId}/`)) {
        return sqsError(
          'InvalidClientTokenId',
          'The security token included in the request is invalid.',
          'Sender',
          403,
        );
      }
      const action = (request.headers['x-amz-target'] ?? '').slice('AmazonSQS.'.length);
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(request.bodyText || '{}') as Record<string, unknown>;
      } catch {
        return sqsError('SerializationException', 'the body is not JSON', 'Sender');
      }
      if (input.QueueUrl !== queueUrl) {
        return sqsError('AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.', 'Sender');
      }
      if (action === 'ReceiveMessage') return await receive(input);
      if (action === 'DeleteMessageBatch') return deleteBatch(input);
      return sqsError('InvalidAction', `The action ${action} is not valid for this endpoint.`, 'Sender');
    },
    close() {
      closed = true;
    },
  };
}

function sqsAnswer(body: unknown): SandboxResponse {
  return { headers: { 'content-type': jsonType }, body: JSON.stringify(body) };
}

/** An SQS error in JSON 1.0 with the `x-amzn-query-error` header that carries the query protocol's code. */
function sqsError(code: string, message: string, fault: 'Sender' | 'Receiver', status = 400): SandboxResponse {
  const shape = code.startsWith('AWS.SimpleQueueService.') ? 'QueueDoesNotExist' : code;
  return {
    status,
    headers: { 'content-type': jsonType, 'x-amzn-query-error': `${code};${fault}` },
    body: JSON.stringify({ __type: `com.amazonaws.sqs#${shape}`, message }),
  };
}
