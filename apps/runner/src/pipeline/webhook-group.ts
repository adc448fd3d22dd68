/**
 * Group commit at enqueue for webhook deliveries. Every verified delivery used to become its own `ingest` job, and
 * at 2,000 one-event deliveries a second that per-job work (add, take, finish: Redis round trips and a Lua script
 * each) was the bound: deliveries waited seconds in the queue while the engine calls took milliseconds (#14).
 *
 * The shape is apply-coalescing's: a delivery that finds nothing of its connection being enqueued goes at once, alone
 * (no wait at a quiet rate); deliveries arriving while an enqueue is in flight wait for it to end and then go together
 * as one job — or, if it takes longer than `maximumWaitMs`, go then without it. A group never holds more than
 * `maximumDeliveries`: a full one goes at once.
 *
 * Each delivery's promise settles with the enqueue of the job that holds it, so its HTTP request is answered only
 * after verify + enqueue; when that enqueue fails, every delivery of the group gets its error (the vendor redelivers).
 */
export interface WebhookGrouper<Delivery> {
  /** Resolves once a job holding the delivery is enqueued; rejects with that enqueue's error. */
  submit(connection: string, delivery: Delivery): Promise<void>;
}

export interface WebhookGroupOptions<Delivery> {
  /** The longest a delivery waits for an in-flight enqueue of its connection before its group goes anyway. */
  readonly maximumWaitMs: number;
  /** Deliveries in one job at most. */
  readonly maximumDeliveries: number;
  /** Enqueues one job holding these deliveries (one or more, in arrival order) of one connection. */
  readonly enqueue: (connection: string, deliveries: readonly Delivery[]) => Promise<void>;
}

interface Waiting<Delivery> {
  readonly delivery: Delivery;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

interface Lane<Delivery> {
  readonly waiting: Array<Waiting<Delivery>>;
  inFlight: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

// The bounds are runner options (`webhookGroupWaitMs`, `webhookGroupMaximumDeliveries`: 5 ms, 100 by default).
export function createWebhookGrouper<Delivery>(options: WebhookGroupOptions<Delivery>): WebhookGrouper<Delivery> {
  if (!Number.isInteger(options.maximumDeliveries) || options.maximumDeliveries < 1) {
    throw new RangeError(`maximumDeliveries must be a positive integer, not ${options.maximumDeliveries}`);
  }
  const lanes = new Map<string, Lane<Delivery>>();

  const laneOf = (connection: string): Lane<Delivery> => {
    let lane = lanes.get(connection);
    if (lane === undefined) {
      lane = { waiting: [], inFlight: 0, timer: undefined };
      lanes.set(connection, lane);
    }
    return lane;
  };

  const send = (connection: string, lane: Lane<Delivery>): void => {
    if (lane.timer !== undefined) {
      clearTimeout(lane.timer);
      lane.timer = undefined;
    }
    const group = lane.waiting.splice(0, options.maximumDeliveries);
    if (group.length === 0) return;
    lane.inFlight++;
    void enqueueGroup(connection, lane, group);
    // More than one job's worth was waiting: the rest waits for the next free moment, bounded by the timer.
    if (lane.waiting.length > 0) schedule(connection, lane);
  };

  const schedule = (connection: string, lane: Lane<Delivery>): void => {
    if (lane.waiting.length >= options.maximumDeliveries || lane.inFlight === 0) {
      send(connection, lane);
      return;
    }
    lane.timer ??= setTimeout(() => {
      lane.timer = undefined;
      send(connection, lane);
    }, options.maximumWaitMs);
  };

  const enqueueGroup = async (
    connection: string,
    lane: Lane<Delivery>,
    group: ReadonlyArray<Waiting<Delivery>>,
  ): Promise<void> => {
    try {
      await options.enqueue(
        connection,
        group.map((member) => member.delivery),
      );
      for (const member of group) member.resolve();
    } catch (error) {
      for (const member of group) member.reject(error);
    } finally {
      lane.inFlight--;
      // Whatever arrived meanwhile goes now, together, instead of waiting out the timer.
      if (lane.waiting.length > 0) send(connection, lane);
      else if (lane.inFlight === 0) lanes.delete(connection);
    }
  };

  return {
    submit: (connection, delivery) =>
      new Promise<void>((resolve, reject) => {
        const lane = laneOf(connection);
        lane.waiting.push({ delivery, resolve, reject });
        schedule(connection, lane);
      }),
  };
}
