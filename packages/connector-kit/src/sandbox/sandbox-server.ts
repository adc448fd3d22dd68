import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { maxEventsInWindow } from './observed-rate.ts';
import { readSandboxRequest } from './read-request.ts';
import { createSandboxFaultQueue, type SandboxFaults } from './sandbox-faults.ts';
import type { SandboxCall, SandboxHandler, SandboxResponse } from './sandbox-types.ts';
import { writeSandboxResponse } from './write-response.ts';

export interface SandboxServerOptions {
  /** Answers every request no fault intercepts. A router's `handle` fits here. */
  handle: SandboxHandler;
}

export interface SandboxServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Every request received, in arrival order. */
  readonly calls: readonly SandboxCall[];
  readonly faults: SandboxFaults;
  /** The most calls (optionally only those matching `filter`) that arrived within any window of `windowMs`. */
  maxCallsInWindow(windowMs: number, filter?: (call: SandboxCall) => boolean): number;
  /** Empties the call log, e.g. between the set-up and the part of a test that is measured. */
  clearCalls(): void;
  /** Stops listening and drops every open connection, including hung requests. Safe to call twice. */
  close(): Promise<void>;
}

/** Starts a local HTTP server on a free loopback port that plays a vendor API in tests and demos. */
export async function createSandboxServer(options: SandboxServerOptions): Promise<SandboxServer> {
  const calls: SandboxCall[] = [];
  const faults = createSandboxFaultQueue();
  const hung = new Set<ServerResponse>();

  const answer = async (incoming: IncomingMessage, outgoing: ServerResponse) => {
    // Taken before the body is read so the log shows when the request reached the vendor, not when it finished.
    const time = performance.timeOrigin + performance.now();
    const request = await readSandboxRequest(incoming);
    const call: SandboxCall = { ...request, time, status: undefined, fault: undefined, response: undefined };
    const respond = (response: SandboxResponse) => {
      call.status = writeSandboxResponse(outgoing, response);
      call.response = { ...response, status: call.status };
    };
    calls.push(call);
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    const decision = faults.take(request);
    if (decision.kind === 'hang') {
      call.fault = 'hang';
      hung.add(outgoing);
      outgoing.once('close', () => hung.delete(outgoing));
      return;
    }
    if (decision.kind === 'connection-reset') {
      call.fault = 'connection-reset';
      incoming.socket.destroy();
      return;
    }
    if (decision.kind === 'answer') {
      call.fault = decision.fault;
      respond(decision.response);
      return;
    }
    try {
      respond(await options.handle(request));
    } catch (error) {
      // A throwing handler is a bug in the sandbox; answer loudly instead of hanging the client.
      respond({ status: 500, body: { sandboxError: error instanceof Error ? error.message : String(error) } });
    }
  };

  const server = createServer((incoming, outgoing) => {
    answer(incoming, outgoing).catch((error: unknown) => {
      if (!outgoing.headersSent) outgoing.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    calls,
    faults,
    maxCallsInWindow(windowMs, filter) {
      const matching = filter === undefined ? calls : calls.filter(filter);
      return maxEventsInWindow(
        matching.map((call) => call.time),
        windowMs,
      );
    },
    clearCalls() {
      calls.length = 0;
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const response of hung) response.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
