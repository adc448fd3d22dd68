import {
  type Catalog,
  type Channel,
  type ChannelPolicy,
  type ChannelQuantity,
  type ChannelQuantityStep,
  effectivePolicy,
  type Sku,
  unitsPerConnectionUnit,
} from '@stockwire/model';

/** One side of a comparison: a SKU's computed value on a channel under one configuration. */
export interface ComputedSide {
  readonly result: ChannelQuantity;
  readonly channel: Channel;
  readonly sku: Sku;
  readonly catalog: Catalog;
}

/** Why a value is absent on one side: what the other configuration has that this one lacks. */
export type AbsenceReason = 'channel' | 'sku' | 'listing';

/**
 * The rule that makes a SKU's value on a channel differ between two configurations, in words an operator checks
 * against the YAML ("buffer 5 → 10", "location wh-2 removed from the channel"). It is the first step of the
 * model's trace whose running result differs: later steps only carry that difference on, so naming them would
 * blame a rule nobody changed.
 */
export function changeCause(current: ComputedSide, proposed: ComputedSide): string {
  const rules = mergeRuleOrder(
    current.result.steps.map((step) => step.rule),
    proposed.result.steps.map((step) => step.rule),
  );
  const running = { current: undefined as number | undefined, proposed: undefined as number | undefined };
  let firstOneSided: string | undefined;
  for (const rule of rules) {
    const before = stepOf(current.result, rule);
    const after = stepOf(proposed.result, rule);
    if ((before === undefined) !== (after === undefined)) firstOneSided ??= rule;
    running.current = before?.quantity ?? running.current;
    running.proposed = after?.quantity ?? running.proposed;
    // A first step only one side has (disabled, discontinued, a kit's count) differs in kind, whatever the numbers.
    const differs =
      running.current === undefined || running.proposed === undefined || running.current !== running.proposed;
    if (differs) return describeCause(rule, current, proposed);
  }
  // Same numbers all the way: the status alone changed (a listing disabled while it showed 0).
  return firstOneSided === undefined
    ? `status ${current.result.status} → ${proposed.result.status}`
    : describeCause(firstOneSided, current, proposed);
}

/** Why a value exists under only one configuration. */
export function absenceCause(reason: AbsenceReason, side: 'current' | 'proposed', channel: string): string {
  const added = side === 'current';
  switch (reason) {
    case 'channel':
      return added ? `channel ${channel} added` : `channel ${channel} removed`;
    case 'sku':
      return added ? 'SKU added to the catalog' : 'SKU removed from the catalog';
    case 'listing':
      return added ? `now listed on ${channel}` : `no longer listed on ${channel}`;
  }
}

function stepOf(result: ChannelQuantity, rule: string): ChannelQuantityStep | undefined {
  return result.steps.find((step) => step.rule === rule);
}

/**
 * Both traces follow the model's one order of rules, each skipping the rules that did nothing; the union keeps
 * that order, so a rule only one side applied (a buffer added) is compared where it acts.
 */
export function mergeRuleOrder(first: readonly string[], second: readonly string[]): string[] {
  const merged: string[] = [];
  let i = 0;
  let j = 0;
  while (i < first.length || j < second.length) {
    const a = first[i];
    const b = second[j];
    if (a !== undefined && a === b) {
      merged.push(a);
      i += 1;
      j += 1;
    } else if (a !== undefined && !second.slice(j).includes(a)) {
      merged.push(a);
      i += 1;
    } else if (b !== undefined) {
      merged.push(b);
      j += 1;
    } else if (a !== undefined) {
      merged.push(a);
      i += 1;
    }
  }
  return merged;
}

function describeCause(rule: string, current: ComputedSide, proposed: ComputedSide): string {
  const before = effectivePolicy(current.channel, current.sku.id);
  const after = effectivePolicy(proposed.channel, proposed.sku.id);
  const overridden = (field: keyof ChannelPolicy) =>
    before[field] !== current.channel.policy[field] || after[field] !== proposed.channel.policy[field]
      ? ' (override)'
      : '';
  switch (rule) {
    case 'discontinued':
      return stepOf(proposed.result, rule) === undefined ? 'SKU no longer discontinued' : 'SKU discontinued';
    case 'disabled':
      return `${stepOf(proposed.result, rule) === undefined ? 'listing enabled' : 'listing disabled'}${overridden('listing')}`;
    case 'sellable':
    case 'kit-per-location':
      return describeSellableChange(current, proposed);
    case 'allocation':
      return `allocation ${stepOf(current.result, rule)?.detail ?? 'none'} → ${stepOf(proposed.result, rule)?.detail ?? 'none'}`;
    case 'percentage':
      return `percentage ${before.percentage}% → ${after.percentage}%${overridden('percentage')}`;
    case 'buffer':
      return `buffer ${before.buffer} → ${after.buffer}${overridden('buffer')}`;
    case 'maximum':
      return `maximum ${before.maximum ?? 'none'} → ${after.maximum ?? 'none'}${overridden('maximum')}`;
    case 'zero-below':
      return `zero below ${before.zeroBelow} → ${after.zeroBelow}${overridden('zeroBelow')}`;
    case 'preorder':
      return `preorder ${describePreorder(before)} → ${describePreorder(after)}${overridden('preorder')}`;
    case 'backorder':
      return `backorder ${before.backorder?.limit ?? 'none'} → ${after.backorder?.limit ?? 'none'}${overridden('backorder')}`;
    case 'unit-conversion':
      return `units per pack ${unitsPerConnectionUnit(current.sku, current.channel.connection)} → ${unitsPerConnectionUnit(proposed.sku, proposed.channel.connection)}`;
    default:
      return `${rule} ${stepOf(current.result, rule)?.detail ?? 'none'} → ${stepOf(proposed.result, rule)?.detail ?? 'none'}`;
  }
}

function describePreorder(policy: ChannelPolicy): string {
  if (policy.preorder === undefined) return 'none';
  const limit = policy.preorder.limit === undefined ? '' : `, limit ${policy.preorder.limit}`;
  return `${policy.preorder.horizonDays} days${limit}`;
}

/**
 * Live stock is the same on both sides, so a different sum comes from where the channel may sell: locations added
 * to or removed from it, a location gone offline or back, or a kit's recipe.
 */
function describeSellableChange(current: ComputedSide, proposed: ComputedSide): string {
  const before = current.channel.locations;
  const after = proposed.channel.locations;
  const parts: string[] = [];
  const removed = before.filter((location) => !after.includes(location));
  const added = after.filter((location) => !before.includes(location));
  if (removed.length > 0) parts.push(`${locationWord(removed)} ${removed.join(', ')} removed from the channel`);
  if (added.length > 0) parts.push(`${locationWord(added)} ${added.join(', ')} added to the channel`);
  for (const location of after.filter((id) => before.includes(id))) {
    const wasActive = current.catalog.locations.get(location)?.status === 'active';
    const isActive = proposed.catalog.locations.get(location)?.status === 'active';
    if (wasActive && !isActive) parts.push(`location ${location} offline`);
    if (!wasActive && isActive) parts.push(`location ${location} back online`);
  }
  if (parts.length === 0 && JSON.stringify(current.sku.kit) !== JSON.stringify(proposed.sku.kit)) {
    parts.push('kit components changed');
  }
  if (parts.length > 0) return parts.join('; ');
  return `sellable ${current.result.steps[0]?.quantity ?? 0} → ${proposed.result.steps[0]?.quantity ?? 0}`;
}

function locationWord(locations: readonly string[]): string {
  return locations.length === 1 ? 'location' : 'locations';
}
