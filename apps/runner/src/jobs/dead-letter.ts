import type { JobRequest } from './job-requests.ts';

/**
 * - `event-rejected`: the engine refused an input of a batch: a canonical event, an order record or a record of
 *   what a remote shows (invalid, unknown SKU or location, not the authority, older than the settle horizon).
 * - `item-failure`: a connector could not read or translate one item (an unmapped SKU, a rejected file).
 * - `push-item-failed`: the remote refused one channel quantity for good.
 * - `webhook-malformed`: a verified webhook whose body cannot be read.
 * - `job-failed`: a job that failed for good (a non-retryable error, or every retry used up).
 */
export type DeadLetterKind =
  | 'event-rejected'
  | 'item-failure'
  | 'push-item-failed'
  | 'webhook-malformed'
  | 'job-failed';

export interface DeadLetterError {
  readonly name: string;
  readonly code?: string | undefined;
  readonly retryable?: boolean | undefined;
  /** The HTTP status (or vendor status code) the vendor answered with, when there was an answer. */
  readonly vendorStatus?: number | undefined;
  /**
   * The vendor's answer, secrets redacted and truncated by the connector error. Kept because the reason may say
   * "the vendor body is attached": the dead letter is where an operator looks for it.
   */
  readonly vendorBody?: string | undefined;
}

/** What a dead letter records of an error: its kind and code, and the vendor's status and body when it has them. */
export function describeDeadLetterError(error: unknown, retryable?: boolean): DeadLetterError {
  if (!(error instanceof Error)) return { name: 'Error', ...(retryable === undefined ? {} : { retryable }) };
  const { code, vendorStatus, vendorBody } = error as {
    code?: unknown;
    vendorStatus?: unknown;
    vendorBody?: unknown;
  };
  return {
    name: error.name,
    code: typeof code === 'string' ? code : undefined,
    ...(retryable === undefined ? {} : { retryable }),
    ...(typeof vendorStatus === 'number' ? { vendorStatus } : {}),
    ...(typeof vendorBody === 'string' && vendorBody !== '' ? { vendorBody } : {}),
  };
}

export interface DeadLetterInput {
  readonly kind: DeadLetterKind;
  readonly connection?: string | undefined;
  /** What happened and what to do, as a human reads it. */
  readonly reason: string;
  readonly error?: DeadLetterError | undefined;
  /** What failed: the event, the item, the webhook. */
  readonly payload?: unknown;
  /** The job that re-drives it; absent when the fix is at the source (resend the file, fix the vendor data). */
  readonly replay?: JobRequest | undefined;
}

export interface DeadLetter extends DeadLetterInput {
  /** The stream entry id: also when it was added, and the order of entries. */
  readonly id: string;
  readonly at: string;
}

/** What jobs need of the dead letters besides adding one: how many arrived lately (for the alerts). */
export interface DeadLetterCounter {
  /** Entries still waiting that were added at or after this moment (epoch ms). */
  countSince(epochMs: number): Promise<number>;
}
