import { z } from 'zod';

/** How long one vendor call may wait for its answer before it fails as retryable (TransientError). */
export const defaultRequestTimeoutMs = 30_000;

/**
 * The `requestTimeoutMs` setting every HTTP connector declares (defect #23.2: a call without a timeout of its own
 * stalled a connection for 5 minutes). Pass it on as the kit client's `timeoutMs`, or as the vendor SDK's timeout.
 */
export const RequestTimeoutMsSchema = z.number().int().min(100).max(300_000).default(defaultRequestTimeoutMs);
