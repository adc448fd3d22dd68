/**
 * Group commit for small deliveries. At a high rate of webhooks (one event each), every apply job made its own
 * engine calls and offered its own flush: at 2,000 events/s the apply queue fell seconds behind with Node mostly
 * waiting on Redis (#14). Deliveries that arrive while earlier ones are being applied wait for one of at most
 * `maximumInFlight` engine calls to end, then go together in the next: one call at a quiet rate costs nothing extra
 * (the first delivery goes at once, alone), and at a high rate one call carries what arrived meanwhile.
 *
 * Each delivery's job still ends only when its own events are applied (at-least-once is unchanged): if the shared
 * call fails, every delivery in it fails and is retried on its own by the queue; the engine drops what a retry
 * repeats.
 */
export interface Coalescer<Input, Output> {
  submit(input: Input): Promise<Output>;
}

interface Waiting<Input, Output> {
  readonly input: Input;
  readonly size: number;
  readonly resolve: (output: Output) => void;
  readonly reject: (error: unknown) => void;
}

export function createCoalescer<Input, Output>(options: {
  /** Engine calls of this lane in flight at once: one computing in Node while another waits on Redis. */
  readonly maximumInFlight: number;
  /** What one call may carry at most (events); a delivery is never split. */
  readonly maximumSize: number;
  readonly sizeOf: (input: Input) => number;
  /** Runs one group; answers one output per input, in order. */
  readonly run: (inputs: readonly Input[]) => Promise<readonly Output[]>;
}): Coalescer<Input, Output> {
  const waiting: Array<Waiting<Input, Output>> = [];
  let inFlight = 0;

  const takeGroup = (): Array<Waiting<Input, Output>> => {
    const group: Array<Waiting<Input, Output>> = [];
    let size = 0;
    while (waiting.length > 0) {
      const next = waiting[0] as Waiting<Input, Output>;
      if (group.length > 0 && size + next.size > options.maximumSize) break;
      group.push(next);
      size += next.size;
      waiting.shift();
    }
    return group;
  };

  const start = (): void => {
    while (inFlight < options.maximumInFlight && waiting.length > 0) {
      const group = takeGroup();
      inFlight++;
      void runGroup(group);
    }
  };

  const runGroup = async (group: ReadonlyArray<Waiting<Input, Output>>): Promise<void> => {
    try {
      const outputs = await options.run(group.map((member) => member.input));
      for (const [index, member] of group.entries()) member.resolve(outputs[index] as Output);
    } catch (error) {
      for (const member of group) member.reject(error);
    } finally {
      inFlight--;
      start();
    }
  };

  return {
    submit: (input) =>
      new Promise<Output>((resolve, reject) => {
        waiting.push({ input, size: options.sizeOf(input), resolve, reject });
        start();
      }),
  };
}
