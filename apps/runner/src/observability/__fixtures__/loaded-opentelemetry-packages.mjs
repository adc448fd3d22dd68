// Run by tracing-lazy.test.ts in a process of its own: imports the whole runner, starts tracing with the
// environment named by argv[2] ("off": none, "on": an endpoint), and prints the OpenTelemetry packages resolved.
import { registerHooks } from 'node:module';

const resolved = new Set();
registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context);
    const name = /node_modules\/(@opentelemetry\/[^/]+)\//.exec(result.url)?.[1];
    if (name !== undefined) resolved.add(name);
    return result;
  },
});

const source = new URL('../../', import.meta.url);
await import(new URL('index.ts', source).href);
const { startTracing } = await import(new URL('observability/tracing.ts', source).href);
const { createLogger } = await import(new URL('observability/create-logger.ts', source).href);
// Port 9 (discard): nothing is exported, since no span is made; only what start-up loads is of interest.
const environment = process.argv[2] === 'on' ? { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' } : {};
const tracing = await startTracing(undefined, environment, createLogger({ level: 'silent' }));
await tracing?.shutdown();
process.stdout.write(JSON.stringify({ tracing: tracing !== undefined, packages: [...resolved].sort() }));
