import type { SandboxFaultKind, SandboxRequest, SandboxResponse } from './sandbox-types.ts';

/** Limits a fault to matching requests, e.g. only the inventory endpoint. */
export type SandboxRequestFilter = (request: SandboxRequest) => boolean;

export interface RateLimitFaultOptions {
  /** Sent as `Retry-After` (seconds). `null` sends no Retry-After, as some vendors do. Default 1. */
  retryAfterSeconds?: number | null;
  /** Extra or vendor-specific headers, e.g. `{ 'x-amzn-ratelimit-limit': '0.5' }`. */
  headers?: Record<string, string>;
  body?: unknown;
  when?: SandboxRequestFilter;
}

export interface ServerErrorFaultOptions {
  /** Default 503. */
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  when?: SandboxRequestFilter;
}

export interface SimpleFaultOptions {
  when?: SandboxRequestFilter;
}

/** Faults configured while the sandbox runs; each applies to the next N matching requests, in the order added. */
export interface SandboxFaults {
  /** Delays every answer (including fault answers) by this much. 0 turns it off. */
  setLatency(milliseconds: number): void;
  /** The next `count` matching requests get 429 Too Many Requests. */
  rateLimitNext(count: number, options?: RateLimitFaultOptions): void;
  /** The next `count` matching requests get a 5xx answer. */
  failNext(count: number, options?: ServerErrorFaultOptions): void;
  /** The next `count` matching requests never get an answer, until the client gives up or the sandbox closes. */
  hangNext(count: number, options?: SimpleFaultOptions): void;
  /** The next `count` matching requests have their connection destroyed: the client sees ECONNRESET. */
  resetNext(count: number, options?: SimpleFaultOptions): void;
  /** Removes every pending fault and the added latency. */
  clear(): void;
}

/** What the server does with one request, decided by the fault queue. */
export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'answer'; fault: Extract<SandboxFaultKind, 'rate-limited' | 'server-error'>; response: SandboxResponse }
  | { kind: 'hang' }
  | { kind: 'connection-reset' };

interface PendingFault {
  remaining: number;
  when: SandboxRequestFilter | undefined;
  decide: () => FaultDecision;
}

export interface SandboxFaultQueue extends SandboxFaults {
  readonly latencyMs: number;
  /** Takes the first pending fault that matches the request, if any. */
  take(request: SandboxRequest): FaultDecision;
}

export function createSandboxFaultQueue(): SandboxFaultQueue {
  let latencyMs = 0;
  let pending: PendingFault[] = [];

  const add = (count: number, when: SandboxRequestFilter | undefined, decide: () => FaultDecision) => {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`fault count must be a positive integer: ${count}`);
    pending.push({ remaining: count, when, decide });
  };

  return {
    get latencyMs() {
      return latencyMs;
    },
    setLatency(milliseconds) {
      if (!(milliseconds >= 0)) throw new RangeError(`latency must be zero or more milliseconds: ${milliseconds}`);
      latencyMs = milliseconds;
    },
    rateLimitNext(count, options = {}) {
      const retryAfterSeconds = options.retryAfterSeconds === undefined ? 1 : options.retryAfterSeconds;
      const headers: Record<string, string> = { ...options.headers };
      if (retryAfterSeconds !== null) headers['retry-after'] = String(retryAfterSeconds);
      const body = options.body ?? { errors: 'Too Many Requests (sandbox fault)' };
      add(count, options.when, () => ({
        kind: 'answer',
        fault: 'rate-limited',
        response: { status: 429, headers, body },
      }));
    },
    failNext(count, options = {}) {
      const status = options.status ?? 503;
      const body = options.body ?? { errors: `sandbox fault: HTTP ${status}` };
      const headers = options.headers ?? {};
      add(count, options.when, () => ({ kind: 'answer', fault: 'server-error', response: { status, headers, body } }));
    },
    hangNext(count, options = {}) {
      add(count, options.when, () => ({ kind: 'hang' }));
    },
    resetNext(count, options = {}) {
      add(count, options.when, () => ({ kind: 'connection-reset' }));
    },
    clear() {
      latencyMs = 0;
      pending = [];
    },
    take(request) {
      const fault = pending.find((candidate) => candidate.when === undefined || candidate.when(request));
      if (fault === undefined) return { kind: 'none' };
      fault.remaining--;
      if (fault.remaining === 0) pending = pending.filter((candidate) => candidate !== fault);
      return fault.decide();
    },
  };
}
