import { startRedisServer } from '@stockwire/testing';
import { measureRunnerMemory } from './runner-memory.ts';

/**
 * One `measureRunnerMemory` run for a size given on the command line (default 1,000,000), printed as JSON with
 * MiB figures: `node --conditions=@stockwire/source src/runner/try-runner-memory.ts 100000` after building the
 * runner. For looking into the runner's memory without the whole `pnpm bench` (#14). Any further arguments are the
 * runner's `node` options instead of the image's (`... 100000 --max-old-space-size=256 --max-semi-space-size=4`), to
 * compare heap settings; `-` alone means none.
 */
const positions = Number(process.argv[2] ?? 1_000_000);
const nodeArgumentsGiven = process.argv.slice(3);
const nodeArguments =
  nodeArgumentsGiven.length === 0 ? undefined : nodeArgumentsGiven.filter((argument) => argument !== '-');
const server = await startRedisServer();
try {
  const result = await measureRunnerMemory({
    redisUrl: server.url,
    positions,
    ...(nodeArguments === undefined ? {} : { nodeArguments }),
    onProgress: (text) => process.stderr.write(`${text}\n`),
    onSample: (sample) =>
      process.stderr.write(
        `${sample.seconds.toFixed(1)} s applied ${sample.applied} pushed ${sample.pushed} dirty ${sample.dirty} ` +
          `heap ${(sample.heapUsedBytes / 1_048_576).toFixed(0)} MiB resident ${(sample.residentBytes / 1_048_576).toFixed(0)} MiB\n`,
      ),
  });
  const mebibytes = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;
  console.log(
    JSON.stringify({
      positions,
      residentMiB: mebibytes(result.residentBytes),
      peakResidentMiB: mebibytes(result.peakResidentBytes),
      heapUsedMiB: mebibytes(result.heapUsedBytes),
      peakHeapUsedMiB: mebibytes(result.peakHeapUsedBytes),
      seconds: Math.round(result.seconds),
      cpuSeconds: result.cpuSeconds,
      nodeArguments: result.nodeArguments,
    }),
  );
} finally {
  await server.stop();
}
