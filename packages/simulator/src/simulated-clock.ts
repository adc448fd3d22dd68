interface ScheduledAction {
  readonly at: number;
  /** Insertion order: actions due at the same second run in the order they were scheduled. */
  readonly order: number;
  readonly run: () => void;
}

/**
 * A discrete-event clock in simulated seconds: nothing sleeps, time jumps to the next scheduled action. Ties
 * run in scheduling order so a run is repeatable.
 */
export class SimulatedClock {
  #now = 0;
  #order = 0;
  readonly #queue: ScheduledAction[] = [];

  get now(): number {
    return this.#now;
  }

  schedule(at: number, run: () => void): void {
    const action: ScheduledAction = { at: Math.max(at, this.#now), order: this.#order++, run };
    // Binary search for the first action due later than this one (a sorted array is plenty for a few
    // thousand pending actions and keeps ties stable).
    let low = 0;
    let high = this.#queue.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const other = this.#queue[middle] as ScheduledAction;
      if (other.at < action.at || (other.at === action.at && other.order < action.order)) low = middle + 1;
      else high = middle;
    }
    this.#queue.splice(low, 0, action);
  }

  /** Runs every action due up to and including `until`, then sets the clock to `until`. */
  runUntil(until: number): void {
    while (this.#queue.length > 0 && (this.#queue[0] as ScheduledAction).at <= until) {
      const action = this.#queue.shift() as ScheduledAction;
      this.#now = action.at;
      action.run();
    }
    this.#now = until;
  }
}
