import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { readRepositoryFile } from './repository-files.ts';

async function instructions(): Promise<Instruction[]> {
  return DockerfileParser.parse(await readRepositoryFile('apps/runner/Dockerfile')).getInstructions();
}

/** An instruction as written, flags included (the parser's argument content leaves flags such as --from out). */
async function writtenText(selected: Instruction[]): Promise<string> {
  const lines = (await readRepositoryFile('apps/runner/Dockerfile')).split('\n');
  return selected
    .map((instruction) => {
      const { start, end } = instruction.getRange();
      return lines
        .slice(start.line, end.line + 1)
        .map((line) => line.replace(/\\$/, '').trim())
        .join(' ');
    })
    .join('\n');
}

function indexOf(all: Instruction[], keyword: string, argumentsContain: string): number {
  return all.findIndex(
    (instruction) =>
      instruction.getKeyword() === keyword && (instruction.getArgumentsContent() ?? '').includes(argumentsContain),
  );
}

/** The instructions after the last FROM: what the shipped image is made of. */
function runtimeStage(all: Instruction[]): Instruction[] {
  const lastFrom = all.map((instruction) => instruction.getKeyword()).lastIndexOf('FROM');
  return all.slice(lastFrom);
}

describe('the runner’s Dockerfile (apps/runner/Dockerfile)', () => {
  it('builds from a base image pinned to a release, not a moving tag', async () => {
    const all = await instructions();
    const baseArgument = all.find(
      (instruction) =>
        instruction.getKeyword() === 'ARG' && (instruction.getArgumentsContent() ?? '').startsWith('NODE_IMAGE='),
    );
    const image = baseArgument?.getArgumentsContent()?.split('=')[1] ?? '';
    expect(image).toMatch(/^node:\d+\.\d+\.\d+(-[a-z]+)*(@sha256:[0-9a-f]{64})?$/);
    for (const from of all.filter((instruction) => instruction.getKeyword() === 'FROM')) {
      expect(from.getArgumentsContent()).toMatch(/^\$\{NODE_IMAGE\} AS [a-z]+$/);
    }
  });

  it('fetches dependencies from the lockfile alone before it copies the sources', async () => {
    const all = await instructions();
    const copyLockfile = indexOf(all, 'COPY', 'pnpm-lock.yaml');
    const fetch = indexOf(all, 'RUN', 'pnpm fetch');
    const copySources = indexOf(all, 'COPY', '. .');
    const install = indexOf(all, 'RUN', 'pnpm install --frozen-lockfile --offline');
    expect(copyLockfile).toBeGreaterThan(-1);
    expect(copyLockfile).toBeLessThan(fetch);
    expect(fetch).toBeLessThan(copySources);
    expect(copySources).toBeLessThan(install);
  });

  it('ships a production deploy only, as a non-root user, with OCI labels, source maps and a health check', async () => {
    const runtime = runtimeStage(await instructions());
    const text = await writtenText(runtime);
    expect(text).toContain('COPY --from=build --chown=root:root /deploy /app');
    expect(text).not.toMatch(/COPY (?!--from)/);
    expect(text).toMatch(/^USER node$/m);
    expect(text).toContain('--enable-source-maps');
    for (const label of ['title', 'source', 'licenses', 'version', 'revision']) {
      expect(text).toContain(`org.opencontainers.image.${label}=`);
    }
    expect(runtime.some((instruction) => instruction.getKeyword() === 'HEALTHCHECK')).toBe(true);
  });
});
