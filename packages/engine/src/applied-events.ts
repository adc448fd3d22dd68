import type { AppliedEvents } from './ingest-events.ts';

export const nothingApplied: AppliedEvents = {
  outcomes: [],
  rejections: [],
  changedSkus: new Map(),
  touchedSkus: new Set(),
  states: new Map(),
  computed: [],
  sales: [],
  stageSeconds: { apply: 0, projection: 0 },
};

/** Two applications as one, in order: outcomes and rejection indexes of `second` follow those of `first`. */
export function mergeApplied(first: AppliedEvents, second: AppliedEvents): AppliedEvents {
  const offset = first.outcomes.length;
  const changedSkus = new Map(first.changedSkus);
  for (const [sku, version] of second.changedSkus) changedSkus.set(sku, Math.max(version, changedSkus.get(sku) ?? 0));
  return {
    outcomes: [...first.outcomes, ...second.outcomes],
    rejections: [
      ...first.rejections,
      ...second.rejections.map((rejection) => ({ ...rejection, index: rejection.index + offset })),
    ],
    changedSkus,
    touchedSkus: new Set([...first.touchedSkus, ...second.touchedSkus]),
    states: new Map([...first.states, ...second.states]),
    computed: [...first.computed, ...second.computed],
    sales: [...first.sales, ...second.sales],
    stageSeconds: {
      apply: first.stageSeconds.apply + second.stageSeconds.apply,
      projection: first.stageSeconds.projection + second.stageSeconds.projection,
    },
  };
}
