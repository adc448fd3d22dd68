import type { subscribeShopifyWebhooks as SubscribeShopifyWebhooks } from '@stockwire/connector-shopify';
import { ConnectorError } from '@stockwire/connector-spec';
import type { Command } from 'commander';
import { type CliIo, type CommandContext, type ExitCode, exitCodes } from '../cli-support/cli-io.ts';
import { reportCommandError } from '../cli-support/report-command-error.ts';
import { UsageError } from '../cli-support/usage-error.ts';
import { loadConfiguration } from '../config/load-configuration.ts';

export interface ShopifySubscribeOptions {
  readonly connection: string;
  readonly callbackUrl: string;
  readonly dryRun?: boolean;
  readonly config: string;
}

/** `stockwire shopify subscribe`: the webhook subscriptions a Shopify connection needs, created in the store. */
export function registerShopifySubscribeCommand(program: Command, context: CommandContext): void {
  const shopify = program.command('shopify').summary('Shopify set-up tasks for a connection');
  shopify
    .command('subscribe')
    .summary('create the webhook subscriptions a Shopify connection reads (idempotent)')
    .description(
      'Creates one HTTP webhook subscription per topic the Shopify connector reads (inventory levels, orders, ' +
        'order edits, refunds, fulfilments) at --callback-url, through Admin GraphQL webhookSubscriptionCreate with ' +
        "the connection's own settings and access token. A topic already subscribed at that address is left alone, " +
        'so running it again creates nothing. --dry-run only reads and prints what it would create.',
    )
    .requiredOption('--connection <name>', 'the Shopify connection of the configuration')
    .requiredOption('--callback-url <url>', "the runner's public webhook address, e.g. https://…/webhooks/shopify")
    .option('--dry-run', 'read the existing subscriptions and print what would be created, without creating any')
    .option('-c, --config <file>', 'the configuration file', 'stockwire.yaml')
    .addHelpText(
      'after',
      [
        '',
        'Exit codes: 0 done, 1 the configuration has problems, 2 wrong command line, 3 Shopify refused or is unreachable.',
        '',
        'Examples:',
        '  $ stockwire shopify subscribe --connection shopify --callback-url https://sync.example.com/webhooks/shopify --dry-run',
        '  $ stockwire shopify subscribe --connection shopify --callback-url https://sync.example.com/webhooks/shopify',
      ].join('\n'),
    )
    .action(async (options: ShopifySubscribeOptions) => {
      context.setExitCode(await runShopifySubscribe(options, context.io));
    });
}

export async function runShopifySubscribe(
  options: ShopifySubscribeOptions,
  io: CliIo,
  environment: NodeJS.ProcessEnv = process.env,
): Promise<ExitCode> {
  try {
    const { configuration, file } = await loadConfiguration(options.config, { cwd: io.cwd });
    const connection = configuration.connections[options.connection];
    const isShopify = (connector: string | undefined) =>
      connector === 'shopify' || connector === '@stockwire/connector-shopify';
    if (connection === undefined || !isShopify(connection.connector)) {
      const shopifyConnections = Object.entries(configuration.connections)
        .filter(([, candidate]) => isShopify(candidate.connector))
        .map(([name]) => name);
      throw new UsageError(
        `--connection "${options.connection}" is not a Shopify connection of ${file}` +
          ` (its Shopify connections: ${shopifyConnections.join(', ') || 'none'})`,
      );
    }
    if (!URL.canParse(options.callbackUrl) || !/^https?:$/.test(new URL(options.callbackUrl).protocol)) {
      throw new UsageError(`--callback-url "${options.callbackUrl}" is not an http(s) address`);
    }
    // Loaded here, not with the CLI: every `stockwire run` would otherwise hold the Shopify connector's modules (#14).
    const { subscribeShopifyWebhooks } = await import('@stockwire/connector-shopify');
    const plans = await subscribeShopifyWebhooks(
      (connection.settings ?? {}) as Parameters<typeof SubscribeShopifyWebhooks>[0],
      { connection: options.connection, environment },
      { callbackUrl: options.callbackUrl, dryRun: options.dryRun === true },
    );
    const verb = { exists: 'exists      ', created: 'created     ', 'to-create': 'would create' } as const;
    for (const plan of plans) {
      io.stdout(
        `${verb[plan.state]}  ${plan.graphqlTopic.padEnd(24)} ${plan.callbackUrl}${plan.id ? `  ${plan.id}` : ''}\n`,
      );
    }
    const created = plans.filter((plan) => plan.state === 'created').length;
    const missing = plans.filter((plan) => plan.state === 'to-create').length;
    io.stdout(
      options.dryRun === true
        ? `dry run: ${missing} to create, ${plans.length - missing} already subscribed; nothing was changed\n`
        : `${created} created, ${plans.length - created} already subscribed\n`,
    );
    return exitCodes.ok;
  } catch (error) {
    if (ConnectorError.isInstance(error)) {
      io.stderr(`error: ${error.message}\n`);
      return exitCodes.unavailable;
    }
    return reportCommandError(error, io, 'shopify subscribe');
  }
}
