import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const probe = fileURLToPath(new URL('./__fixtures__/loaded-opentelemetry-packages.mjs', import.meta.url));

/** What a fresh process that imports the runner and starts tracing (`on` or `off`) has loaded of OpenTelemetry. */
async function loadedWith(mode: 'on' | 'off'): Promise<{ tracing: boolean; packages: string[] }> {
  const { stdout } = await run(process.execPath, ['--conditions=@stockwire/source', probe, mode], {
    env: { PATH: process.env.PATH ?? '' },
  });
  return JSON.parse(stdout) as { tracing: boolean; packages: string[] };
}

/** The SDK proper; `@opentelemetry/api` alone may come with another dependency and holds no-op defaults only. */
const sdkPackages = [
  '@opentelemetry/core',
  '@opentelemetry/exporter-trace-otlp-http',
  '@opentelemetry/resources',
  '@opentelemetry/sdk-trace-base',
];

describe('tracing costs nothing when off (#22)', () => {
  it('loads no OpenTelemetry SDK package in a runner without a tracing endpoint', async () => {
    const loaded = await loadedWith('off');
    expect(loaded.tracing).toBe(false);
    expect(loaded.packages.filter((name) => sdkPackages.includes(name))).toEqual([]);
  }, 30_000);

  it('loads the SDK, exporter included, once an endpoint turns tracing on', async () => {
    const loaded = await loadedWith('on');
    expect(loaded.tracing).toBe(true);
    expect(loaded.packages).toEqual(expect.arrayContaining(sdkPackages));
  }, 30_000);
});
