import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployFolder, locatePromtool, readYamlDocuments, runCommand } from './repository-files.ts';
import { runnerMetricNames, stockwireMetricsIn } from './runner-metric-names.ts';

const promtool = locatePromtool();
const prometheusFolder = join(deployFolder, 'prometheus');

interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly labels?: { readonly severity?: string };
  readonly annotations?: { readonly summary?: string; readonly description?: string };
}

async function alertRules(): Promise<AlertRule[]> {
  const [file] = (await readYamlDocuments('deploy/prometheus/stockwire-alerts.yaml')) as Array<{
    groups: Array<{ rules: AlertRule[] }>;
  }>;
  return (file?.groups ?? []).flatMap((group) => group.rules);
}

describe('the Prometheus alert rules (deploy/prometheus)', () => {
  it.skipIf('missing' in promtool)(
    `pass promtool check rules ${'missing' in promtool ? `(skipped: ${promtool.missing})` : ''}`,
    async () => {
      const path = (promtool as { path: string }).path;
      const result = await runCommand(path, ['check', 'rules', 'stockwire-alerts.yaml'], prometheusFolder);
      expect(result.output).toContain('SUCCESS');
      expect(result.code, result.output).toBe(0);
    },
  );

  it.skipIf('missing' in promtool)(
    'fire on the series they are written for, and only those (promtool test rules)',
    async () => {
      const path = (promtool as { path: string }).path;
      const result = await runCommand(path, ['test', 'rules', 'stockwire-alerts.test.yaml'], prometheusFolder);
      expect(result.code, result.output).toBe(0);
      expect(result.output).toContain('SUCCESS');
    },
  );

  it('name only metrics the runner serves, and every alert says how bad and what to do', async () => {
    const served = await runnerMetricNames();
    const rules = await alertRules();
    expect(rules.length).toBeGreaterThanOrEqual(6);
    for (const rule of rules) {
      for (const metric of stockwireMetricsIn(rule.expr)) {
        expect(served.has(metric), `${rule.alert} names ${metric}, which the runner does not serve`).toBe(true);
      }
      expect(['page', 'ticket'], rule.alert).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      expect(rule.annotations?.description?.length ?? 0, rule.alert).toBeGreaterThan(40);
    }
  });

  it('has a unit test for every paging alert', async () => {
    const [tests] = (await readYamlDocuments('deploy/prometheus/stockwire-alerts.test.yaml')) as Array<{
      tests: Array<{ alert_rule_test: Array<{ alertname: string }> }>;
    }>;
    const tested = new Set(
      (tests?.tests ?? []).flatMap((test) => test.alert_rule_test.map((case_) => case_.alertname)),
    );
    const paging = (await alertRules()).filter((rule) => rule.labels?.severity === 'page');
    for (const rule of paging) expect(tested.has(rule.alert), `${rule.alert} has no promtool unit test`).toBe(true);
  });
});
