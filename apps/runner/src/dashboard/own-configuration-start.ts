import { hostname } from 'node:os';
import type { ConfigurationHistory, ConfigurationStart } from '../config/configuration-history.ts';

/**
 * The start this process recorded: `stockwire run` records its configuration, with its host and pid, before it
 * listens, so the newest entry with both is this runner's (an older one with the same pair is a previous
 * container that reused them). The history is shared by every runner of the installation, so its newest entry
 * may be another runner's; undefined for a runner no `stockwire run` started (a test's, the demo's).
 */
export async function ownConfigurationStart(
  history: Pick<ConfigurationHistory, 'list'>,
): Promise<ConfigurationStart | undefined> {
  const host = hostname();
  return (await history.list()).find((start) => start.host === host && start.pid === process.pid);
}
