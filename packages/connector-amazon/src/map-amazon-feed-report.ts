import { z } from 'zod';
import type { FeedLedgerMessage, FeedLedgerOutcome } from './amazon-feed-ledger.ts';

/** The JSON_LISTINGS_FEED processing report (listings-feed-processing-report-schema-v2), read leniently. */
export const FeedProcessingReport = z.object({
  issues: z
    .array(
      z.object({
        messageId: z.number().int(),
        sku: z.string().nullish(),
        code: z.string().nullish(),
        message: z.string().nullish(),
        severity: z.string().nullish(),
      }),
    )
    .nullish(),
  summary: z.object({ messagesProcessed: z.number().int().nullish() }).nullish(),
});

/**
 * Every message's result by SKU. A message with an ERROR issue was not applied; WARNING and INFO issues do not
 * stop one. Issues name the message by `messageId`, which is what we trust (the SKU beside it is informational).
 * https://developer-docs.amazon.com/sp-api/docs/building-listings-management-workflows-guide
 */
export function feedOutcomes(
  report: z.infer<typeof FeedProcessingReport>,
  messages: readonly FeedLedgerMessage[],
): Record<string, FeedLedgerOutcome> {
  const errors = new Map<number, { code: string; message: string }[]>();
  for (const issue of report.issues ?? []) {
    if (issue.severity !== 'ERROR') continue;
    const list = errors.get(issue.messageId) ?? [];
    list.push({ code: issue.code ?? 'unknown', message: issue.message ?? 'no message' });
    errors.set(issue.messageId, list);
  }
  const outcomes: Record<string, FeedLedgerOutcome> = {};
  for (const message of messages) {
    const issues = errors.get(message.messageId) ?? [];
    outcomes[message.sku] = { accepted: issues.length === 0, issues };
  }
  return outcomes;
}
