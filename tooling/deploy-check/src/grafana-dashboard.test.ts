import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { grafanaDashboardSchema } from './grafana-dashboard-schema.ts';
import { locatePromtool, readRepositoryFile, runCommand } from './repository-files.ts';
import { runnerMetricNames, stockwireMetricsIn } from './runner-metric-names.ts';

interface DashboardPanel {
  readonly id: number;
  readonly title: string;
  readonly gridPos: { x: number; y: number; w: number; h: number };
  readonly targets: ReadonlyArray<{ refId: string; expr: string }>;
}

async function dashboard(): Promise<{ panels: DashboardPanel[] } & Record<string, unknown>> {
  return JSON.parse(await readRepositoryFile('deploy/grafana/stockwire-dashboard.json'));
}

/** Grafana's template variables, replaced by what Prometheus would receive, so promtool can parse the query. */
function asPrometheusQuery(expression: string): string {
  return expression.replaceAll('$connection', '.*').replaceAll('$__rate_interval', '5m');
}

const promtool = locatePromtool();

describe('the Grafana dashboard (deploy/grafana/stockwire-dashboard.json)', () => {
  it('has the shape Grafana imports: panels with unique ids, a grid position and Prometheus targets', async () => {
    const validate = new Ajv({ allErrors: true }).compile(grafanaDashboardSchema);
    const board = await dashboard();
    expect(validate(board), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const ids = board.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lays panels out on the 24-column grid without overlaps', async () => {
    const occupied = new Map<string, string>();
    for (const panel of (await dashboard()).panels) {
      expect(panel.gridPos.x + panel.gridPos.w, panel.title).toBeLessThanOrEqual(24);
      for (let x = panel.gridPos.x; x < panel.gridPos.x + panel.gridPos.w; x += 1) {
        for (let y = panel.gridPos.y; y < panel.gridPos.y + panel.gridPos.h; y += 1) {
          const cell = `${x},${y}`;
          expect(occupied.get(cell), `${panel.title} overlaps ${occupied.get(cell)} at ${cell}`).toBeUndefined();
          occupied.set(cell, panel.title);
        }
      }
    }
  });

  it('queries only metrics the runner serves', async () => {
    const served = await runnerMetricNames();
    for (const panel of (await dashboard()).panels) {
      for (const target of panel.targets) {
        const named = stockwireMetricsIn(target.expr);
        expect(named.length, `${panel.title} ${target.refId} names no Stockwire metric`).toBeGreaterThan(0);
        for (const metric of named) {
          expect(served.has(metric), `${panel.title} queries ${metric}, which the runner does not serve`).toBe(true);
        }
      }
    }
  });

  it.skipIf('missing' in promtool)('writes every query in valid PromQL (parsed by promtool)', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'stockwire-dashboard-queries-'));
    try {
      const rules = (await dashboard()).panels.flatMap((panel) =>
        panel.targets.map((target) => ({
          record: `dashboard:panel_${panel.id}_${target.refId}`,
          expr: asPrometheusQuery(target.expr),
        })),
      );
      await writeFile(join(folder, 'queries.yaml'), stringify({ groups: [{ name: 'dashboard', rules }] }));
      const result = await runCommand((promtool as { path: string }).path, ['check', 'rules', 'queries.yaml'], folder);
      expect(result.code, result.output).toBe(0);
      expect(result.output).toContain(`SUCCESS: ${rules.length} rules found`);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
