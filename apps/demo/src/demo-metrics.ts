/** What the live view reads of the runner's counters (`runner.metrics`, prom-client counters). */
interface ReadableCounter {
  get(): Promise<{
    readonly values: ReadonlyArray<{ value: number; labels: Partial<Record<string, string | number>> }>;
  }>;
}

/** A counter's value summed over its labels. */
export async function counterTotal(counter: ReadableCounter): Promise<number> {
  return (await counter.get()).values.reduce((sum, { value }) => sum + value, 0);
}

/** A counter's value per connection, summed over its other labels. */
export async function counterTotalPerConnection(counter: ReadableCounter): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  for (const { value, labels } of (await counter.get()).values) {
    const connection = String(labels.connection ?? '');
    totals.set(connection, (totals.get(connection) ?? 0) + value);
  }
  return totals;
}
