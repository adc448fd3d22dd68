/** One configured location of the connection, as the configuration maps it: the vendor's id and the canonical one. */
export interface ConnectionCheckLocationV2 {
  readonly externalLocation: string;
  readonly location: string;
}

/** What the runner asks a connector to check: the connection's configured locations, which must exist at the vendor. */
export interface ConnectionCheckRequestV2 {
  readonly locations: readonly ConnectionCheckLocationV2[];
}

/**
 * One named check (`credentials`, `scopes`, `locations`, …) and its outcome. A failure says what is wrong and what to
 * do; when a typed error caused it, `errorName` is that error's stable `name` (AuthenticationError, …).
 */
export interface ConnectionCheckStepV2 {
  readonly name: string;
  readonly ok: boolean;
  readonly message: string;
  readonly errorName?: string | undefined;
}

/** The result of `check()`: every check that ran, and whether all of them passed. Data only: safe to print or send. */
export interface ConnectionCheckResultV2 {
  readonly ok: boolean;
  readonly checks: readonly ConnectionCheckStepV2[];
}

/**
 * A connection check, the way Airbyte's `check` and Kafka Connect's validate work: it calls the vendor (each call
 * bounded by a timeout) to see that the credentials work, the scopes the connector needs are granted (where the
 * vendor tells) and the configured locations exist. It never throws for an expected failure: bad credentials, a
 * missing scope or an unknown location are failed checks carrying the typed error's message.
 */
export interface CheckCapabilityV2 {
  /** The names of the checks this connector runs, in order (data, for `stockwire check` and docs). */
  readonly checks: readonly string[];
  check(request: ConnectionCheckRequestV2): Promise<ConnectionCheckResultV2>;
}
