import { z } from 'zod';

/**
 * Where the runner sends its OpenTelemetry traces. Tracing stays off (no SDK is loaded) unless an endpoint is known,
 * from here or from the standard `OTEL_EXPORTER_OTLP_ENDPOINT`; the runner's environment overrides these fields one by
 * one, as it does for alerts, so one file serves every deployment.
 */
export const TracingConfigurationSchema = z.strictObject({
  /**
   * The OTLP/HTTP collector's base URL, as `OTEL_EXPORTER_OTLP_ENDPOINT` takes it: spans go to `<otlpEndpoint>/v1/traces`
   * (e.g. `http://otel-collector:4318`).
   */
  otlpEndpoint: z.url({ protocol: /^https?$/ }).optional(),
  /** The `service.name` resource attribute every span carries. */
  serviceName: z.string().min(1).default('stockwire'),
  /** Share of new traces recorded (0–1); a trace continued from a queued job keeps the decision made at its start. */
  sampleRatio: z.number().min(0).max(1).default(1),
});
export type TracingConfiguration = z.output<typeof TracingConfigurationSchema>;
export type TracingConfigurationInput = z.input<typeof TracingConfigurationSchema>;

/** How the runner can be observed from outside beyond its metrics endpoint. */
export const ObservabilityConfigurationSchema = z.strictObject({
  /** OpenTelemetry traces: one trace from a webhook through the queues to the push it leads to. */
  tracing: TracingConfigurationSchema.optional(),
});
export type ObservabilityConfiguration = z.output<typeof ObservabilityConfigurationSchema>;
