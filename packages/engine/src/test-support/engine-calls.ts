import type { Engine, IngestResult, OrderDecision } from '../index.ts';

/**
 * Order records through the one way in, shaped as the tests read them: the routing decision, and the outcomes of
 * the reservation events the record became. Release and fulfilment give undefined while the order is not placed
 * (the engine remembered the record).
 */
type OrderFields = { source: string; orderReference: string; occurredAt: string } & Record<string, unknown>;

async function ingestOrder(engine: Engine, kind: string, order: OrderFields) {
  const result = await engine.ingest({ connection: order.source, orders: [{ kind, ...order }] });
  const [record] = result.orders;
  const refusal = result.rejections[0];
  if (refusal !== undefined && refusal.reason === 'unknown-reference') throw new Error(refusal.message);
  return { result: { ...result, outcomes: record?.eventOutcomes ?? [] } as IngestResult, record };
}

export async function placeOrder(
  engine: Engine,
  order: OrderFields,
): Promise<{ decision: OrderDecision; ingest: IngestResult }> {
  const { result, record } = await ingestOrder(engine, 'order-placed', order);
  return { decision: record?.decision as OrderDecision, ingest: result };
}

export async function releaseOrder(engine: Engine, request: OrderFields): Promise<IngestResult | undefined> {
  const { result, record } = await ingestOrder(engine, 'order-released', request);
  return record?.outcome === 'waiting-for-order' ? undefined : result;
}

export async function fulfillOrder(engine: Engine, request: OrderFields): Promise<IngestResult | undefined> {
  const { result, record } = await ingestOrder(engine, 'order-fulfilled', request);
  return record?.outcome === 'waiting-for-order' ? undefined : result;
}

/** Plans every dirty entry of a connection and settles each item with `outcome` (the remote took them all). */
export async function pushEverything(engine: Engine, connection: string, outcome: 'written' | 'unchanged' = 'written') {
  const plan = await engine.planPush(connection, 1_000);
  const settlement = await engine.settlePush(
    connection,
    plan,
    plan.items.map((item) => ({ key: item.key, outcome })),
  );
  return { plan, settlement };
}
