import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../examples.test-helpers.ts';

const cliPath = fileURLToPath(new URL('../cli.ts', import.meta.url));

/** The real CLI as a separate process, from the repository root, as `pnpm stockwire` runs it. */
function stockwire(...args: string[]): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@stockwire/source', cliPath, ...args], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

interface Comparison {
  seed: number;
  scenarios: Array<{
    scenario: string;
    rows: Array<{ kind: string; buffer: string; unitsOversold: number; hiddenStockUnitSeconds: number }>;
    dynamicVersusFixed: {
      oversold: { dynamic: number; fixed: number };
      hiddenStockUnitSeconds: { dynamic: number; fixed: number };
    };
  }>;
}

describe('stockwire simulate --compare-buffers', () => {
  it('prints oversold and hidden stock for the dynamic and the fixed buffer on flash-sale and steady, as in --json', async () => {
    const [text, json] = await Promise.all([
      stockwire('simulate', '--compare-buffers', '--seed', '3'),
      stockwire('simulate', '--compare-buffers', '--seed', '3', '--json'),
    ]);
    expect(text.exitCode).toBe(0);
    expect(json.exitCode).toBe(0);
    const comparison = JSON.parse(json.stdout) as Comparison;
    expect(comparison.seed).toBe(3);
    expect(comparison.scenarios.map((scenario) => scenario.scenario)).toEqual(['flash-sale', 'steady']);
    expect(text.stdout).toContain('Buffers compared on seed 3');
    for (const scenario of comparison.scenarios) {
      const { oversold, hiddenStockUnitSeconds: hidden } = scenario.dynamicVersusFixed;
      // The dynamic buffer pays for its lower hidden stock with no more oversold units than the fixed one.
      expect(oversold.dynamic, scenario.scenario).toBeLessThanOrEqual(oversold.fixed);
      expect(hidden.dynamic, scenario.scenario).toBeLessThan(hidden.fixed);
      expect(text.stdout).toContain(
        `${scenario.scenario}: dynamic vs fixed — oversold ${oversold.dynamic} vs ${oversold.fixed}, ` +
          `hidden ${Math.round(hidden.dynamic)} vs ${Math.round(hidden.fixed)} unit·s`,
      );
    }
  }, 60_000);

  it('compares one named scenario only, and still needs --scenario without --compare-buffers', async () => {
    const [one, missing] = await Promise.all([
      stockwire('simulate', '--compare-buffers', '--scenario', 'webhook-storm', '--json'),
      stockwire('simulate'),
    ]);
    expect(one.exitCode).toBe(0);
    const comparison = JSON.parse(one.stdout) as Comparison;
    expect(comparison.scenarios.map((scenario) => scenario.scenario)).toEqual(['webhook-storm']);
    expect(comparison.scenarios[0]?.rows.map((row) => row.kind)).toEqual(['none', 'fixed', 'fixed', 'dynamic']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('--scenario is required');
  }, 60_000);
});
