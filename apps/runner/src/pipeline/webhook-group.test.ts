import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWebhookGrouper } from './webhook-group.ts';

/** An enqueue the test ends by hand, recording each job's deliveries. */
function controlledEnqueue() {
  const jobs: Array<{ connection: string; deliveries: string[]; end: (error?: Error) => void }> = [];
  const enqueue = (connection: string, deliveries: readonly string[]) =>
    new Promise<void>((resolve, reject) => {
      jobs.push({ connection, deliveries: [...deliveries], end: (error) => (error ? reject(error) : resolve()) });
    });
  return { jobs, enqueue };
}

/** Lets every settled promise's handlers run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

afterEach(() => {
  vi.useRealTimers();
});

describe('webhook grouping at enqueue', () => {
  it('enqueues a delivery that finds nothing in flight at once, alone', async () => {
    const { jobs, enqueue } = controlledEnqueue();
    const grouper = createWebhookGrouper({ maximumWaitMs: 60_000, maximumDeliveries: 100, enqueue });
    const answered = grouper.submit('shop', 'd1');
    expect(jobs.map((job) => job.deliveries)).toEqual([['d1']]);
    jobs[0]?.end();
    await expect(answered).resolves.toBeUndefined();
  });

  it('groups what arrives while an enqueue is in flight into one job, sent when it ends', async () => {
    const { jobs, enqueue } = controlledEnqueue();
    const grouper = createWebhookGrouper({ maximumWaitMs: 60_000, maximumDeliveries: 100, enqueue });
    const first = grouper.submit('shop', 'd1');
    const later = ['d2', 'd3', 'd4'].map((delivery) => grouper.submit('shop', delivery));
    let laterAnswered = false;
    void Promise.all(later).then(() => {
      laterAnswered = true;
    });
    expect(jobs).toHaveLength(1);
    jobs[0]?.end();
    await first;
    await settle();
    expect(jobs.map((job) => job.deliveries)).toEqual([['d1'], ['d2', 'd3', 'd4']]);
    // Answered only once their own job is enqueued, not with the first one's.
    expect(laterAnswered).toBe(false);
    jobs[1]?.end();
    await Promise.all(later);
  });

  it('sends a full group at once and never puts more than the maximum in one job', async () => {
    const { jobs, enqueue } = controlledEnqueue();
    const grouper = createWebhookGrouper({ maximumWaitMs: 60_000, maximumDeliveries: 3, enqueue });
    const deliveries = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8'];
    const answers = deliveries.map((delivery) => grouper.submit('shop', delivery));
    // d1 found nothing in flight; d2–d4 and d5–d7 filled a job each; d8 waits for one to end.
    expect(jobs.map((job) => job.deliveries)).toEqual([['d1'], ['d2', 'd3', 'd4'], ['d5', 'd6', 'd7']]);
    jobs[0]?.end();
    await settle();
    expect(jobs.map((job) => job.deliveries).at(-1)).toEqual(['d8']);
    for (const job of jobs.slice(1)) job.end();
    await Promise.all(answers);
  });

  it('answers every delivery of a group whose enqueue failed with that error, and the next group goes on', async () => {
    const { jobs, enqueue } = controlledEnqueue();
    const grouper = createWebhookGrouper({ maximumWaitMs: 60_000, maximumDeliveries: 100, enqueue });
    const first = grouper.submit('shop', 'd1');
    const group = ['d2', 'd3'].map((delivery) => grouper.submit('shop', delivery));
    jobs[0]?.end();
    await first;
    await settle();
    const refusal = new Error('Redis refused the job');
    jobs[1]?.end(refusal);
    const outcomes = await Promise.allSettled(group);
    expect(outcomes).toEqual([
      { status: 'rejected', reason: refusal },
      { status: 'rejected', reason: refusal },
    ]);
    const after = grouper.submit('shop', 'd4');
    expect(jobs.at(-1)?.deliveries).toEqual(['d4']);
    jobs.at(-1)?.end();
    await expect(after).resolves.toBeUndefined();
  });

  it('sends a waiting group after the longest wait when the enqueue in flight does not end', async () => {
    vi.useFakeTimers();
    const { jobs, enqueue } = controlledEnqueue();
    const grouper = createWebhookGrouper({ maximumWaitMs: 5, maximumDeliveries: 100, enqueue });
    void grouper.submit('shop', 'd1');
    const waiting = grouper.submit('shop', 'd2');
    await vi.advanceTimersByTimeAsync(4);
    expect(jobs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(jobs.map((job) => job.deliveries)).toEqual([['d1'], ['d2']]);
    jobs[1]?.end();
    await expect(waiting).resolves.toBeUndefined();
  });

  it('keeps each connection in its own jobs', async () => {
    const { jobs, enqueue } = controlledEnqueue();
    const grouper = createWebhookGrouper({ maximumWaitMs: 60_000, maximumDeliveries: 100, enqueue });
    const answers = [
      grouper.submit('shop', 's1'),
      grouper.submit('market', 'm1'),
      grouper.submit('shop', 's2'),
      grouper.submit('market', 'm2'),
    ];
    for (const job of jobs) job.end();
    await settle();
    for (const job of jobs.slice(2)) job.end();
    await Promise.all(answers);
    expect(jobs.map((job) => [job.connection, job.deliveries])).toEqual([
      ['shop', ['s1']],
      ['market', ['m1']],
      ['shop', ['s2']],
      ['market', ['m2']],
    ]);
  });
});
