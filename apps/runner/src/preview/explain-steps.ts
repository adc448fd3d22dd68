import {
  type Channel,
  type ChannelPolicy,
  type ChannelQuantity,
  type ChannelQuantityStep,
  effectivePolicy,
  type Sku,
  unitsPerConnectionUnit,
} from '@stockwire/model';

/**
 * The model's rule trace as one line a person can check with a pencil:
 * `sellable wh-east=34 + wh-west=9 = 43 → percentage 80% → 34 → buffer −2 → 32`. Numbers come from the
 * effective policy (so a per-SKU override shows as such); a rule this file does not know yet is still shown,
 * with the model's own wording.
 */
export function explainChannelQuantity(result: ChannelQuantity, channel: Channel, sku: Sku): string {
  const policy = effectivePolicy(channel, sku.id);
  const [first, ...rest] = result.steps;
  if (first === undefined) return '';
  const parts = [describeFirstStep(first, policy, channel)];
  for (const step of rest) parts.push(`${describeStep(step, policy, channel, sku)} → ${step.quantity}`);
  return parts.join(' → ');
}

function describeFirstStep(step: ChannelQuantityStep, policy: ChannelPolicy, channel: Channel): string {
  switch (step.rule) {
    case 'sellable':
    case 'kit-per-location':
      return describeSellable(step);
    case 'discontinued':
      return `discontinued → ${step.quantity}`;
    case 'disabled':
      return `listing disabled${policy.listing !== channel.policy.listing ? ' (override)' : ''} → ${step.quantity}`;
    default:
      return `${step.rule} (${step.detail}) → ${step.quantity}`;
  }
}

/** The model's detail reads `a=1 + b=2 (offline: c)`; the total is added so the arithmetic is complete. */
function describeSellable(step: ChannelQuantityStep): string {
  const label = step.rule === 'kit-per-location' ? 'kits per location' : 'sellable';
  const offlineMatch = /\s*\(offline: [^)]*\)$/.exec(step.detail);
  const offline = offlineMatch === null ? '' : ` ${offlineMatch[0].trim()}`;
  const perLocation = offlineMatch === null ? step.detail : step.detail.slice(0, offlineMatch.index);
  if (perLocation === '') return `${label} none${offline} = ${step.quantity}`;
  const total = perLocation.includes(' + ') ? ` = ${step.quantity}` : '';
  return `${label} ${perLocation}${total}${offline}`;
}

function describeStep(step: ChannelQuantityStep, policy: ChannelPolicy, channel: Channel, sku: Sku): string {
  const overridden = (field: keyof ChannelPolicy) => (policy[field] !== channel.policy[field] ? ' (override)' : '');
  switch (step.rule) {
    case 'percentage':
      return `percentage ${policy.percentage}%${overridden('percentage')}`;
    case 'buffer':
      return `buffer −${policy.buffer}${overridden('buffer')}`;
    case 'dynamic-buffer':
      // The model's detail already carries the arithmetic: `velocity 7 sold in 10 min × latency 300 s = 3.50, …`.
      return `buffer (dynamic): ${step.detail}`;
    case 'maximum':
      return `maximum ${policy.maximum}${overridden('maximum')}`;
    case 'zero-below':
      return `zero below ${policy.zeroBelow}${overridden('zeroBelow')}`;
    case 'preorder':
      return `preorder ${step.detail}${overridden('preorder')}`;
    case 'backorder':
      return `backorder up to ${policy.backorder?.limit ?? step.quantity}${overridden('backorder')}`;
    case 'unit-conversion': {
      const unitsPer = unitsPerConnectionUnit(sku, channel.connection);
      const unit = sku.units.find((candidate) => candidate.connection === channel.connection)?.unit ?? 'pack';
      return `in ${unit}s of ${unitsPer}`;
    }
    default:
      return `${step.rule} (${step.detail})`;
  }
}
