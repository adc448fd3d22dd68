import type { Agent } from 'node:https';

/**
 * What the bench hands the Amazon connector that a configuration file cannot carry: the sandbox's HTTPS agent,
 * keyed by connection. The runner loads the connector module by path in this same process, so it reads this map.
 */
const agents = new Map<string, Agent>();

export function registerSandboxAgent(connection: string, agent: Agent): void {
  agents.set(connection, agent);
}

export function sandboxAgentOf(connection: string): Agent {
  const agent = agents.get(connection);
  if (agent === undefined) throw new Error(`the bench registered no sandbox agent for connection "${connection}"`);
  return agent;
}
