import { describe, expect, it } from 'vitest';
import { ObservabilityConfigurationSchema, TracingConfigurationSchema } from './observability-configuration.ts';

describe('observability.tracing in the configuration', () => {
  it('defaults the service name to stockwire and records every trace', () => {
    expect(TracingConfigurationSchema.parse({ otlpEndpoint: 'http://collector:4318' })).toEqual({
      otlpEndpoint: 'http://collector:4318',
      serviceName: 'stockwire',
      sampleRatio: 1,
    });
  });

  it('leaves the endpoint to the environment when the file names none', () => {
    expect(TracingConfigurationSchema.parse({ sampleRatio: 0.25 }).otlpEndpoint).toBeUndefined();
  });

  it.each([
    [{ otlpEndpoint: 'collector:4318' }, 'otlpEndpoint'],
    [{ otlpEndpoint: 'grpc://collector:4317' }, 'otlpEndpoint'],
    [{ sampleRatio: 1.5 }, 'sampleRatio'],
    [{ serviceName: '' }, 'serviceName'],
  ])('refuses %j at %s', (tracing, field) => {
    const result = TracingConfigurationSchema.safeParse(tracing);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([field]);
  });

  it('refuses an unknown key, as every section does', () => {
    const result = ObservabilityConfigurationSchema.safeParse({ tracing: {}, tracng: {} });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['tracng'] });
  });
});
