import { Agent } from 'node:https';
import { connect, type Socket } from 'node:net';

/**
 * An `https.Agent` whose connections are plain TCP sockets to the local sandbox. `amazon-sp-api` always builds
 * `https://…:443` requests and lets its caller supply the agent (`options.https_proxy_agent`), so this is how the
 * real SDK reaches the sandbox without a fork or patch: every host it names (SP-API, Login with Amazon, the
 * presigned S3 document URLs) arrives at one local server, which routes on the `Host` header.
 */
export class SandboxAgent extends Agent {
  readonly #port: number;

  constructor(port: number) {
    super({ keepAlive: true });
    this.#port = port;
  }

  override createConnection(): Socket {
    return connect({ host: '127.0.0.1', port: this.#port });
  }
}

export function createSandboxAgent(port: number): SandboxAgent {
  return new SandboxAgent(port);
}
