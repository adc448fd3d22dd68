import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type Context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  type Link,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_ERROR_TYPE, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Logger } from 'pino';
import type { RunnerTracing, SpanAttributes, SpanKindName, TraceCarrier, TracedSpan } from './tracing.ts';
import type { TracingSettings } from './tracing-settings.ts';

/** Loaded only through `startTracing`'s dynamic import: nothing here runs, or is even read, when tracing is off. */

const spanKinds: Record<SpanKindName, SpanKind> = {
  internal: SpanKind.INTERNAL,
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
};

export function createSdkTracing(settings: TracingSettings, logger: Logger): RunnerTracing {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: settings.serviceName }),
    // A trace continued from a job keeps the decision taken where it began; only new traces are sampled here.
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.sampleRatio) }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: settings.tracesUrl }))],
  });
  const tracer = provider.getTracer('@stockwire/runner');
  const propagator = new W3CTraceContextPropagator();
  // The runner's own current context, not the global OpenTelemetry one: registering a global context manager would
  // make every runner of the process (and anything else in it) share one provider.
  const current = new AsyncLocalStorage<Context>();

  const contextOf = (carrier: TraceCarrier): Context => propagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
  const linkOf = (carrier: TraceCarrier): Link | undefined => {
    const spanContext = trace.getSpanContext(contextOf(carrier));
    return spanContext === undefined ? undefined : { context: spanContext };
  };

  return {
    async inSpan(name, options, work) {
      const parent = options.parent === undefined ? (current.getStore() ?? ROOT_CONTEXT) : contextOf(options.parent);
      const links = (options.links ?? []).map(linkOf).filter((link): link is Link => link !== undefined);
      const span = tracer.startSpan(
        name,
        { kind: spanKinds[options.kind ?? 'internal'], attributes: definedOnly(options.attributes), links },
        parent,
      );
      try {
        return await current.run(trace.setSpan(parent, span), () => work(tracedSpan(span)));
      } catch (error) {
        if (options.isFailure?.(error) ?? true) failSpan(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
    currentCarrier() {
      const active = current.getStore();
      if (active === undefined || trace.getSpan(active) === undefined) return undefined;
      const carrier: Record<string, string> = {};
      propagator.inject(active, carrier, defaultTextMapSetter);
      const { traceparent, tracestate } = carrier;
      if (traceparent === undefined) return undefined;
      return tracestate === undefined ? { traceparent } : { traceparent, tracestate };
    },
    async shutdown() {
      try {
        await provider.shutdown();
      } catch (error) {
        logger.warn({ err: error }, 'tracing: the last spans could not be exported');
      }
    },
  };
}

function tracedSpan(span: Span): TracedSpan {
  return {
    setAttributes: (attributes) => span.setAttributes(definedOnly(attributes)),
    fail: (error) => failSpan(span, error),
  };
}

function failSpan(span: Span, error: unknown): void {
  const name = error instanceof Error ? error.name : typeof error;
  span.setAttribute(ATTR_ERROR_TYPE, name);
  if (error instanceof Error) span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

function definedOnly(attributes: SpanAttributes | undefined): Record<string, string | number | boolean> {
  const kept: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(attributes ?? {})) if (value !== undefined) kept[key] = value;
  return kept;
}
