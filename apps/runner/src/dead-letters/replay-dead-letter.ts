import type { JobRequest } from '../jobs/job-requests.ts';
import type { DeadLetter, DeadLetterStore } from './dead-letter-store.ts';

export type ReplayResult =
  | { readonly id: string; readonly replayed: true; readonly request: JobRequest }
  | { readonly id: string; readonly replayed: false; readonly reason: string };

/** Why a kind of dead letter has nothing to re-drive, and where the fix is instead. */
const fixAtTheSource: Partial<Record<DeadLetter['kind'], string>> = {
  'item-failure':
    'the item never became an event; fix the mapping (aliases, locations) or the data, then have the source send it again',
};

/**
 * Re-drives one dead letter: enqueues the job it failed in again (it runs with the current configuration and
 * connector), then removes the entry. A failure on replay lands as a new dead letter.
 */
export async function replayDeadLetter(
  store: DeadLetterStore,
  enqueue: (request: JobRequest) => Promise<void>,
  id: string,
): Promise<ReplayResult> {
  const letter = await store.get(id);
  if (letter === undefined) return { id, replayed: false, reason: `there is no dead letter ${id}` };
  if (letter.replay === undefined) {
    return { id, replayed: false, reason: fixAtTheSource[letter.kind] ?? 'it has nothing to re-drive' };
  }
  await enqueue(letter.replay);
  await store.remove(id);
  return { id, replayed: true, request: letter.replay };
}

/** Replays every entry that can be replayed, oldest first; the others stay. */
export async function replayAllDeadLetters(
  store: DeadLetterStore,
  enqueue: (request: JobRequest) => Promise<void>,
): Promise<ReplayResult[]> {
  const letters: DeadLetter[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await store.list({ limit: 500, ...(before === undefined ? {} : { before }) });
    letters.push(...page);
    if (page.length < 500) break;
    before = page.at(-1)?.id;
  }
  const results: ReplayResult[] = [];
  for (const letter of letters.reverse()) results.push(await replayDeadLetter(store, enqueue, letter.id));
  return results;
}
