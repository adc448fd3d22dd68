import type { InventoryEvent } from '@stockwire/model';
import type { EngineContext } from './engine-context.ts';
import type { ReleaseReason } from './order-flow.ts';
import type { OrderDecision } from './orders.ts';

/** A release or fulfilment of an order's holds: all of them, one line's, or some units of one line. */
export interface OrderEnd {
  readonly kind: 'reservation-released' | 'reservation-consumed';
  readonly occurredAt: string;
  readonly lineReference?: string | undefined;
  readonly reason?: ReleaseReason | undefined;
  /** Units of the line (kits count as kits); absent: all the line still holds. Needs `lineReference`. */
  readonly quantity?: number | undefined;
  /**
   * The channel's id of this change (a cancellation, an edit, a shipment). Two partial cancels of one line are two
   * changes and a redelivered one is the same change; only this id tells them apart, so a quantity needs it.
   */
  readonly changeReference?: string | undefined;
}

/**
 * Claims, once per change and atomically, the units of each line a change ends: a line's held units are a row
 * [0, held), ended from the front; a change that was claimed before gets its first range back (a redelivery, or a
 * retry after a crash, emits the same events with the same keys). A release of a quantity takes the line's unfilled
 * units first, since those hold nothing: cancelling the part of an order that could not be held must not free stock
 * the customer still expects. Releases and shipments share the row, so a unit ends once, whichever comes first.
 * KEYS[1]: the order's ends hash. ARGV[1]: retention (ms), then per line: line, change, wanted (-1: all), held,
 * unfilled, is-release (1/0). Returns "start end" per line.
 */
const claimScript = `
local key = KEYS[1]
local out = {}
for i = 2, #ARGV, 6 do
  local line, change = ARGV[i], ARGV[i + 1]
  local wanted, held, unfilled = tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3]), tonumber(ARGV[i + 4])
  local field = 'change ' .. line .. ' ' .. change
  local claimed = redis.call('HGET', key, field)
  if not claimed then
    local cursor = tonumber(redis.call('HGET', key, 'held ' .. line) or '0')
    local finish = held
    if wanted >= 0 then
      local take = wanted
      if ARGV[i + 5] == '1' then
        local used = tonumber(redis.call('HGET', key, 'unfilled ' .. line) or '0')
        local fromUnfilled = math.min(take, math.max(0, unfilled - used))
        if fromUnfilled > 0 then redis.call('HSET', key, 'unfilled ' .. line, used + fromUnfilled) end
        take = take - fromUnfilled
      end
      finish = math.min(held, cursor + take)
    end
    if finish < cursor then finish = cursor end
    claimed = cursor .. ' ' .. finish
    redis.call('HSET', key, field, claimed, 'held ' .. line, finish)
  end
  out[#out + 1] = claimed
end
redis.call('PEXPIRE', key, ARGV[1])
return out
`;

interface LineClaim {
  readonly lineReference: string;
  readonly start: number;
  readonly end: number;
}

function sumFor(rows: ReadonlyArray<{ lineReference: string; quantity: number }>, lineReference: string): number {
  return rows.filter((row) => row.lineReference === lineReference).reduce((total, row) => total + row.quantity, 0);
}

async function claimUnits(context: EngineContext, decision: OrderDecision, end: OrderEnd): Promise<LineClaim[]> {
  const lines =
    end.lineReference === undefined
      ? [...new Set(decision.allocations.map((allocation) => allocation.lineReference))]
      : [end.lineReference];
  if (lines.length === 0) return [];
  // Without a change id, a whole end is the same change however often it arrives; a release and a shipment differ.
  const change = end.changeReference === undefined ? `all ${end.kind}` : `id ${end.changeReference}`;
  const values: Array<string | number> = [context.options.idempotencyRetentionMs];
  for (const line of lines) {
    values.push(
      encodeURIComponent(line),
      encodeURIComponent(change),
      end.quantity ?? -1,
      sumFor(decision.allocations, line),
      sumFor(decision.unfilled, line),
      end.kind === 'reservation-released' ? 1 : 0,
    );
  }
  const key = context.keys.orderLineEnds(decision.source, decision.orderReference);
  const ranges = (await context.redis.eval(claimScript, 1, key, ...values)) as string[];
  return lines.map((lineReference, index) => {
    const [start, finish] = (ranges[index] ?? '0 0').split(' ').map(Number);
    return { lineReference, start: start ?? 0, end: finish ?? 0 };
  });
}

/**
 * The events that end the claimed units: a line's allocations cover its held units in the decision's order, and
 * each allocation's share of the range becomes one event per component. A share that is the whole allocation keeps
 * the key a whole end always had (so a delivery from before partial ends is still recognised); a part of one is
 * keyed by its units, so the next partial change of the line gets keys of its own.
 */
export async function orderEndEvents(
  context: EngineContext,
  decision: OrderDecision,
  end: OrderEnd,
): Promise<InventoryEvent[]> {
  const claims = await claimUnits(context, decision, end);
  const events: InventoryEvent[] = [];
  for (const claim of claims) {
    let offset = 0;
    for (const allocation of decision.allocations) {
      if (allocation.lineReference !== claim.lineReference) continue;
      const from = Math.max(claim.start, offset);
      const to = Math.min(claim.end, offset + allocation.quantity);
      const whole = from === offset && to === offset + allocation.quantity;
      offset += allocation.quantity;
      if (to <= from) continue;
      const reservations = decision.reservations.filter(
        (reservation) =>
          reservation.lineReference === allocation.lineReference && reservation.location === allocation.location,
      );
      for (const reservation of reservations) {
        const perUnit = reservation.quantity / allocation.quantity;
        // Releases and shipments share the key: a unit's hold ends once, whichever comes first.
        const key = `order:${decision.source}:${decision.orderReference}:${reservation.lineReference}:${reservation.location}:${reservation.sku}:reservation-released`;
        const base = {
          idempotencyKey: whole ? key : `${key}:units:${from}-${to}`,
          source: decision.source,
          occurredAt: end.occurredAt,
          sku: reservation.sku,
          location: reservation.location,
          orderReference: decision.orderReference,
          lineReference: reservation.lineReference,
          quantity: (to - from) * perUnit,
        };
        events.push(
          end.kind === 'reservation-released'
            ? { ...base, kind: end.kind, reason: end.reason ?? 'cancelled' }
            : { ...base, kind: end.kind },
        );
      }
    }
  }
  return events;
}
