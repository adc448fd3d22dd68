/**
 * Before and after, quoted by hand (a run measures only the code it runs): what each change did to the latency rows,
 * with the run each figure comes from. Rendered into BENCHMARKS.md after the tables.
 */
export const latencyHistory = `## Latency: before and after (issue #14)

| row | before | after | what changed |
| --- | --- | --- | --- |
| 500 events/s, one job per event, debounce 250 ms | p50 281 ms, p99 4,062 ms (run of 2026-12-03T08:10Z); p50 27.2 s, p99 56.7 s at the end of session 3; p50 29.5 s, p99 56.5 s reproduced (10 s phase, 27 mutations) | p50 199 ms, p99 401 ms (117 mutations) with the catalog loaded; this run's row above with flush pacing | the bench's warm-up loaded one page of the Shopify catalog only (see below) |

**The regression** (p99 4.06 s → 56.7 s) was the bench, made 3× worse by the connector: the warm-up asked the
connector about the first SKU only, and the connector's catalog loads lazily, stopping where a limiter refusal
interrupts it. So only the first page (250 of 2,500 SKUs) was loaded before timing; every measured flush then
needed the next page, was refused by the shared limiter and slept until the bucket held it. Since the listing-status
change the catalog query also reads each variant and its product, and a page costs 752 points instead of 252: the
flushes ran 7.5 s apart (1.9–2.5 s before), each writing a full 250 (the page's SKUs), with Node and Redis idle —
exactly what was observed. Traced per stage (flush job added → delayed → active, limiter answer, push start/end):
\`InventoryItemsBySku 752 granted=false wait=7,462 ms\` before each full flush. The warm-up now asks about every SKU.
In production the same cost applies once per process start: a runner loading a 10,000-SKU store's catalog spends
40 pages × 752 points (5 minutes of the Standard bucket) before its first push of an unseen SKU — reported to the
Shopify connector's owner.

**Flush pacing**: a flush used to wait the whole debounce when offered from an apply job, and not at all when it was
re-offered because changes were marked during the previous push (every push of a steady stream), so a steady
stream ran back-to-back pushes of a few items each whatever the bucket held. Now both wait
\`debounce × (1 − headroom)\` of the Shopify bucket; only a backlog of more than one batch goes at once.
`;
