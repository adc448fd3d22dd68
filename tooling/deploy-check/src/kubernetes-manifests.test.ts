import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { deployFolder, readRepositoryFile, readYamlDocuments, repositoryRoot, runCommand } from './repository-files.ts';

/** The Kubernetes API types the manifests use, each validated against the API's OpenAPI schema. */
const models: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly [field: string]: unknown;
}

async function kustomization(): Promise<{ resources: string[]; namespace: string }> {
  const [document] = await readYamlDocuments('deploy/kubernetes/kustomization.yaml');
  return document as { resources: string[]; namespace: string };
}

async function manifests(): Promise<Manifest[]> {
  const { resources } = await kustomization();
  const all: Manifest[] = [];
  for (const resource of resources)
    all.push(...((await readYamlDocuments(`deploy/kubernetes/${resource}`)) as Manifest[]));
  return all;
}

function find<T>(all: Manifest[], kind: string, name: string): T {
  const manifest = all.find((candidate) => candidate.kind === kind && candidate.metadata.name === name);
  if (manifest === undefined) throw new Error(`no ${kind} ${name} in deploy/kubernetes`);
  return manifest as T;
}

interface RunnerDeployment {
  spec: {
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        containers: Array<{
          args: string[];
          ports: Array<{ name: string; containerPort: number }>;
          env: Array<{ name: string; value?: string }>;
          livenessProbe: { httpGet: { path: string; port: string } };
          readinessProbe: { httpGet: { path: string; port: string } };
          resources: { requests: Record<string, string>; limits: Record<string, string> };
        }>;
      };
    };
  };
}

describe('the Kubernetes manifests (deploy/kubernetes)', () => {
  it('list every file of the folder in the kustomization, and nothing that is not there', async () => {
    const { resources } = await kustomization();
    const files = (await readdir(join(deployFolder, 'kubernetes'))).filter(
      (file) => file.endsWith('.yaml') && file !== 'kustomization.yaml',
    );
    expect([...resources].sort()).toEqual(files.sort());
  });

  it('validate against the Kubernetes API schemas, all in the kustomization’s namespace', async () => {
    const { namespace } = await kustomization();
    for (const manifest of await manifests()) {
      const Model = models[`${manifest.apiVersion}/${manifest.kind}`];
      expect(Model, `${manifest.apiVersion} ${manifest.kind} has no validator here`).toBeDefined();
      expect(
        () => new (Model as NonNullable<typeof Model>)(manifest as never).validate(),
        manifest.metadata.name,
      ).not.toThrow();
      if (manifest.kind !== 'Namespace') expect(manifest.metadata.namespace, manifest.metadata.name).toBe(namespace);
    }
  });

  it('probe the runner’s /healthz for liveness and /readyz for readiness on the port it serves, with requests set', async () => {
    const deployment = find<RunnerDeployment>(await manifests(), 'Deployment', 'stockwire-runner');
    const [container] = deployment.spec.template.spec.containers;
    if (container === undefined) throw new Error('the runner Deployment has no container');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    const served = container.ports.map((port) => port.name);
    expect(served).toContain(container.livenessProbe.httpGet.port);
    expect(served).toContain(container.readinessProbe.httpGet.port);
    const port = container.env.find((variable) => variable.name === 'PORT')?.value;
    expect(container.ports.map((entry) => String(entry.containerPort))).toContain(port);
    expect(container.resources.requests.cpu).toBeTruthy();
    expect(container.resources.requests.memory).toBeTruthy();
    expect(container.resources.limits.memory).toBeTruthy();
  });

  it('select the runner pods from the Service and the PodDisruptionBudget', async () => {
    const all = await manifests();
    const deployment = find<RunnerDeployment>(all, 'Deployment', 'stockwire-runner');
    const podLabels = deployment.spec.template.metadata.labels;
    expect(deployment.spec.selector.matchLabels).toEqual(podLabels);
    const service = find<{ spec: { selector: Record<string, string> } }>(all, 'Service', 'stockwire-runner');
    expect(service.spec.selector).toEqual(podLabels);
    const budget = find<{ spec: { selector: { matchLabels: Record<string, string> }; minAvailable: number } }>(
      all,
      'PodDisruptionBudget',
      'stockwire-runner',
    );
    expect(budget.spec.selector.matchLabels).toEqual(podLabels);
    expect(budget.spec.minAvailable).toBeGreaterThanOrEqual(1);
  });

  it('run Redis with append-only persistence and noeviction, as the runner requires', async () => {
    const redis = find<{ spec: { template: { spec: { containers: Array<{ args: string[] }> } } } }>(
      await manifests(),
      'StatefulSet',
      'stockwire-redis',
    );
    const args = redis.spec.template.spec.containers[0]?.args.join(' ');
    expect(args).toContain('--appendonly yes');
    expect(args).toContain('--maxmemory-policy noeviction');
  });

  it('carry a configuration that `stockwire check` accepts, whose secrets the Deployment’s Secret names', async () => {
    const all = await manifests();
    const config = find<{ data: Record<string, string> }>(all, 'ConfigMap', 'stockwire-config');
    const folder = await mkdtemp(join(tmpdir(), 'stockwire-configmap-'));
    try {
      const file = join(folder, 'stockwire.yaml');
      await writeFile(file, config.data['stockwire.yaml'] ?? '');
      const cli = join(repositoryRoot, 'apps', 'runner', 'src', 'cli.ts');
      const check = await runCommand(
        process.execPath,
        ['--conditions=@stockwire/source', cli, 'check', '--config', file],
        repositoryRoot,
      );
      expect(check.code, check.output).toBe(0);
      expect(check.output).toContain('is valid');
      const secrets = /environment variables at start-up: (.+)/.exec(check.output)?.[1]?.split(', ') ?? [];
      expect(secrets.length).toBeGreaterThan(0);
      const deploymentSource = await readRepositoryFile('deploy/kubernetes/deployment.yaml');
      for (const secret of [...secrets, 'STOCKWIRE_ADMIN_TOKEN']) {
        expect(deploymentSource, `the Secret recipe in deployment.yaml does not name ${secret}`).toContain(
          `--from-literal=${secret}=`,
        );
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
