import type { TracingConfiguration } from '@stockwire/model';

/** What the tracer provider is built from, once the file and the environment are merged. */
export interface TracingSettings {
  /** The full OTLP/HTTP traces URL (`…/v1/traces`). */
  readonly tracesUrl: string;
  readonly serviceName: string;
  readonly sampleRatio: number;
}

const tracingSettingErrorMarker = Symbol.for('stockwire.runner.tracing-setting-error');

/** An OpenTelemetry variable the runner cannot use: start-up stops rather than run without the traces asked for. */
export class TracingSettingError extends Error {
  readonly [tracingSettingErrorMarker] = true;
  readonly retryable = false;

  constructor(message: string) {
    super(message);
    this.name = 'TracingSettingError';
  }

  static isInstance(value: unknown): value is TracingSettingError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[tracingSettingErrorMarker] === true
    );
  }
}

/**
 * Merges `observability.tracing` with the standard OpenTelemetry variables; each variable that is set wins over its
 * field (as `STOCKWIRE_ALERT_*` do over `alerts:`), so one file serves every deployment:
 *
 * - `OTEL_SDK_DISABLED=true` turns tracing off whatever else is set;
 * - `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (the traces URL as is), else `OTEL_EXPORTER_OTLP_ENDPOINT`, else
 *   `otlpEndpoint` (both a base URL that `/v1/traces` is appended to, as the OTLP exporter specification says);
 * - `OTEL_SERVICE_NAME`, else `serviceName`.
 *
 * Undefined (tracing off) when no endpoint is known.
 */
export function resolveTracingSettings(
  configured: TracingConfiguration | undefined,
  environment: NodeJS.ProcessEnv,
): TracingSettings | undefined {
  if (environment.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  const tracesEndpoint = present(environment.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  const baseEndpoint = present(environment.OTEL_EXPORTER_OTLP_ENDPOINT);
  let tracesUrl: string | undefined;
  if (tracesEndpoint !== undefined) tracesUrl = httpUrl(tracesEndpoint, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  else if (baseEndpoint !== undefined) tracesUrl = withTracesPath(httpUrl(baseEndpoint, 'OTEL_EXPORTER_OTLP_ENDPOINT'));
  else if (configured?.otlpEndpoint !== undefined) tracesUrl = withTracesPath(configured.otlpEndpoint);
  if (tracesUrl === undefined) return undefined;
  return {
    tracesUrl,
    serviceName: present(environment.OTEL_SERVICE_NAME) ?? configured?.serviceName ?? 'stockwire',
    sampleRatio: configured?.sampleRatio ?? 1,
  };
}

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed.length === 0 ? undefined : trimmed;
}

function httpUrl(value: string, variable: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new TracingSettingError(
      `${variable} is "${value}", not an http(s) URL: set it to the OTLP/HTTP collector, e.g. http://otel-collector:4318, or unset it`,
    );
  }
  return value;
}

function withTracesPath(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/v1/traces`;
}
