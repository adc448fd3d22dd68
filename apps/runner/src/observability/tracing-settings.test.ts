import { TracingConfigurationSchema } from '@stockwire/model';
import { describe, expect, it } from 'vitest';
import { exitCodes } from '../cli-support/cli-io.ts';
import { reportCommandError } from '../cli-support/report-command-error.ts';
import { resolveTracingSettings, TracingSettingError } from './tracing-settings.ts';

const file = TracingConfigurationSchema.parse({
  otlpEndpoint: 'http://collector.internal:4318/',
  serviceName: 'stockwire-eu',
  sampleRatio: 0.1,
});

describe('which tracing settings win: the environment over observability.tracing, field by field', () => {
  it('is off with neither the file nor an endpoint variable', () => {
    expect(resolveTracingSettings(undefined, {})).toBeUndefined();
    expect(resolveTracingSettings(TracingConfigurationSchema.parse({}), { OTEL_SERVICE_NAME: 'x' })).toBeUndefined();
  });

  it('takes the file alone, appending /v1/traces to its base URL', () => {
    expect(resolveTracingSettings(file, {})).toEqual({
      tracesUrl: 'http://collector.internal:4318/v1/traces',
      serviceName: 'stockwire-eu',
      sampleRatio: 0.1,
    });
  });

  it('takes the standard variables alone, with the default service name and every trace', () => {
    expect(resolveTracingSettings(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otlp.example.com/otlp' })).toEqual(
      { tracesUrl: 'https://otlp.example.com/otlp/v1/traces', serviceName: 'stockwire', sampleRatio: 1 },
    );
  });

  it('lets OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_SERVICE_NAME override the file, keeping its ratio', () => {
    expect(
      resolveTracingSettings(file, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://sidecar:4318', OTEL_SERVICE_NAME: 'sw-1' }),
    ).toEqual({ tracesUrl: 'http://sidecar:4318/v1/traces', serviceName: 'sw-1', sampleRatio: 0.1 });
  });

  it('uses OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as is, before the base endpoint', () => {
    const settings = resolveTracingSettings(file, {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://sidecar:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces-only:9999/custom/path',
    });
    expect(settings?.tracesUrl).toBe('http://traces-only:9999/custom/path');
  });

  it('is off with OTEL_SDK_DISABLED=true, whatever else is set', () => {
    expect(
      resolveTracingSettings(file, { OTEL_SDK_DISABLED: 'TRUE', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://sidecar:4318' }),
    ).toBeUndefined();
  });

  it('refuses an endpoint variable that is not an http(s) URL, naming the variable', () => {
    const resolve = () => resolveTracingSettings(file, { OTEL_EXPORTER_OTLP_ENDPOINT: 'sidecar:4317' });
    expect(resolve).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT is "sidecar:4317", not an http\(s\) URL/);
    try {
      resolve();
    } catch (error) {
      expect(TracingSettingError.isInstance(error)).toBe(true);
      expect((error as TracingSettingError).retryable).toBe(false);
    }
  });
});

describe('a bad tracing variable at `stockwire run`', () => {
  it('prints the message and exits 3, as other settings the process cannot start with', () => {
    let stderr = '';
    const io = {
      stdout: () => {},
      stderr: (text: string) => {
        stderr += text;
      },
      cwd: '.',
    };
    const error = new TracingSettingError('OTEL_EXPORTER_OTLP_ENDPOINT is "sidecar:4317", not an http(s) URL');
    expect(reportCommandError(error, io, 'run')).toBe(exitCodes.unavailable);
    expect(stderr).toBe('error: OTEL_EXPORTER_OTLP_ENDPOINT is "sidecar:4317", not an http(s) URL\n');
  });
});
