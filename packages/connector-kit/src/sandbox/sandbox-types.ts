/** A request as a sandbox handler sees it: everything already read, so handlers stay synchronous and simple. */
export interface SandboxRequest {
  readonly method: string;
  /** The path without the query string, e.g. `/admin/api/2025-01/inventory_levels.json`. */
  readonly path: string;
  /** Query parameters; a parameter given more than once becomes an array, in order. */
  readonly query: Readonly<Record<string, string | string[]>>;
  /** Header names in lower case; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body as text (empty string when there is none), e.g. to verify an HMAC over the exact bytes. */
  readonly bodyText: string;
  /** The body parsed as JSON when the content type says JSON and it parses; otherwise undefined. */
  readonly json: unknown;
}

export interface SandboxResponse {
  /** Defaults to 200. */
  status?: number;
  headers?: Record<string, string>;
  /** A string or bytes are sent as they are; anything else is sent as JSON. Omit for an empty body. */
  body?: unknown;
}

export type SandboxHandler = (request: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

/** What the sandbox did instead of calling the handler. */
export type SandboxFaultKind = 'rate-limited' | 'server-error' | 'hang' | 'connection-reset';

/** One entry of the call log: the request, when it arrived, and how it was answered. */
export interface SandboxCall extends SandboxRequest {
  /** Arrival time in epoch milliseconds, sub-millisecond precision, monotonic within the sandbox process. */
  readonly time: number;
  /** The status sent, or undefined while in flight, when the request hung, or when the connection was reset. */
  status: number | undefined;
  /** Set when an injected fault answered instead of the handler. */
  fault: SandboxFaultKind | undefined;
  /**
   * The answer as the handler (or an injected fault) gave it, with its status filled in: contract tests validate
   * it against the vendor's spec from the call log instead of wrapping handlers. Undefined like `status`.
   */
  response: AnsweredSandboxResponse | undefined;
}

/** A sandbox answer as sent: the status is always set. */
export interface AnsweredSandboxResponse extends SandboxResponse {
  readonly status: number;
}
