import type { AuthorityDecision } from '@stockwire/model';

/**
 * Why an event was not applied. Rejections are data, returned beside the outcomes of the other events of the
 * batch, for the runner to quarantine where someone can see and replay them; they never fail the batch.
 */
export type EventRejection =
  | { readonly reason: 'invalid'; readonly index: number; readonly message: string; readonly input: unknown }
  | {
      readonly reason: 'unknown-reference';
      readonly index: number;
      readonly message: string;
      readonly input: unknown;
    }
  | {
      /**
       * A relative change (receipt, shipment, adjustment, hold) that happened before the settle horizon: changes
       * that old are already folded into absolute values, so it can no longer be placed. Send a snapshot instead.
       */
      readonly reason: 'older-than-settle-horizon';
      readonly index: number;
      readonly message: string;
      readonly input: unknown;
    }
  | {
      /**
       * An order record with more lines than `maxOrderLines` (defect #23.1): every line is a hold to apply, and an
       * unbounded order would hold Redis for as long as it takes. Refused whole; split the order or raise the cap.
       */
      readonly reason: 'too-many-lines';
      readonly index: number;
      readonly message: string;
      readonly input: unknown;
    }
  | {
      readonly reason: 'not-authority';
      readonly index: number;
      readonly message: string;
      readonly input: unknown;
      readonly decision: Extract<AuthorityDecision, { allowed: false }>;
    };
