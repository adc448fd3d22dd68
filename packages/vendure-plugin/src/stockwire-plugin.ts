import {
  ConfigService,
  EventBus,
  type ID,
  Logger,
  type Order,
  OrderPlacedEvent,
  OrderService,
  OrderStateTransitionEvent,
  PluginCommonModule,
  ProductVariantService,
  type RequestContext,
  StockLevelService,
  type StockMovement,
  StockMovementEvent,
  VendurePlugin,
} from '@vendure/core';
import { DeliveryOutbox } from './delivery-outbox.ts';
import {
  orderTransitionTopic,
  type StockwireDelivery,
  type StockwireDeliveryTopic,
  type StockwireMovementPayload,
} from './delivery-payloads.ts';

const loggerContext = 'StockwirePlugin';

export interface StockwireTarget {
  /** The runner's webhook endpoint of the Stockwire connection for this channel: `<runner>/webhooks/<connection>`. */
  readonly url: string;
  /** The secret shared with the connection's `webhookSecret` setting. */
  readonly secret: string;
  /** Only events of the channel with this token; every channel when absent. */
  readonly channelToken?: string | undefined;
}

export interface StockwirePluginOptions {
  readonly targets: readonly StockwireTarget[];
  /** Deliveries held per target while the runner is unreachable (default 10 000). */
  readonly maxQueued?: number;
  readonly initialRetryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  readonly requestTimeoutMs?: number;
}

/**
 * Posts signed deliveries to Stockwire for what moves stock in Vendure: orders placed, cancelled and shipped, and
 * every stock movement with the level it leaves. Install with `StockwirePlugin.init({ targets: [...] })`.
 */
export class StockwirePlugin {
  static options: StockwirePluginOptions = { targets: [] };
  /** One outbox per target, in `options.targets` order (exposed for health checks and tests). */
  static outboxes: DeliveryOutbox[] = [];

  static init(options: StockwirePluginOptions): typeof StockwirePlugin {
    StockwirePlugin.options = options;
    return StockwirePlugin;
  }

  private readonly eventBus: EventBus;
  private readonly orderService: OrderService;
  private readonly stockLevelService: StockLevelService;
  private readonly productVariantService: ProductVariantService;
  private readonly configService: ConfigService;

  constructor(
    eventBus: EventBus,
    orderService: OrderService,
    stockLevelService: StockLevelService,
    productVariantService: ProductVariantService,
    configService: ConfigService,
  ) {
    this.configService = configService;
    this.eventBus = eventBus;
    this.orderService = orderService;
    this.stockLevelService = stockLevelService;
    this.productVariantService = productVariantService;
  }

  onApplicationBootstrap(): void {
    const options = StockwirePlugin.options;
    StockwirePlugin.outboxes = options.targets.map(
      (target) =>
        new DeliveryOutbox({
          url: target.url,
          secret: target.secret,
          maxQueued: options.maxQueued ?? 10_000,
          initialRetryDelayMs: options.initialRetryDelayMs ?? 500,
          maxRetryDelayMs: options.maxRetryDelayMs ?? 60_000,
          requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
          log: (level, message) =>
            level === 'error' ? Logger.error(message, loggerContext) : Logger.warn(message, loggerContext),
        }),
    );
    const handle = (work: () => Promise<void>) =>
      work().catch((error: unknown) =>
        Logger.error(`could not build a Stockwire delivery: ${(error as Error).message}`, loggerContext),
      );
    this.eventBus.ofType(OrderPlacedEvent).subscribe((event) => {
      void handle(() => this.deliverOrder(event.ctx, event.order, 'order.placed'));
    });
    this.eventBus.ofType(OrderStateTransitionEvent).subscribe((event) => {
      const topic = orderTransitionTopic(event.fromState, event.toState);
      if (topic !== undefined) void handle(() => this.deliverOrder(event.ctx, event.order, topic));
    });
    this.eventBus.ofType(StockMovementEvent).subscribe((event) => {
      void handle(() => this.deliverMovements(event.ctx, event.stockMovements));
    });
  }

  /** Ids as the Admin API shows them (the configured EntityIdStrategy), so the connector can match them. */
  private encode(id: ID): string {
    const strategy = this.configService.entityOptions.entityIdStrategy;
    return strategy === undefined ? String(id) : String(strategy.encodeId(id as never));
  }

  onApplicationShutdown(): void {
    for (const outbox of StockwirePlugin.outboxes) outbox.stop();
  }

  private enqueue(ctx: RequestContext, delivery: Omit<StockwireDelivery, 'channel' | 'occurredAt'>): void {
    const channel = ctx.channel.token;
    const full: StockwireDelivery = { ...delivery, channel, occurredAt: new Date().toISOString() };
    StockwirePlugin.options.targets.forEach((target, index) => {
      if (target.channelToken === undefined || target.channelToken === channel) {
        StockwirePlugin.outboxes[index]?.enqueue(full);
      }
    });
  }

  private async deliverOrder(ctx: RequestContext, order: Order, topic: StockwireDeliveryTopic): Promise<void> {
    // The event's order may not carry its lines' variants; read it whole.
    const whole = (await this.orderService.findOne(ctx, order.id, ['lines', 'lines.productVariant'])) ?? order;
    this.enqueue(ctx, {
      id: `${topic}:${whole.code}`,
      topic,
      order: {
        id: this.encode(whole.id),
        code: whole.code,
        state: whole.state,
        placedAt:
          whole.orderPlacedAt === undefined || whole.orderPlacedAt === null
            ? undefined
            : new Date(whole.orderPlacedAt).toISOString(),
        lines: (whole.lines ?? []).map((line) => ({
          id: this.encode(line.id),
          sku: line.productVariant.sku,
          quantity: line.quantity,
        })),
      },
    });
  }

  private async deliverMovements(ctx: RequestContext, movements: readonly StockMovement[]): Promise<void> {
    const payloads: StockwireMovementPayload[] = [];
    for (const movement of movements) {
      const variantId = movement.productVariant.id;
      // An adjustment carries only the variant's id; read its SKU and the level the movement left.
      const sku = movement.productVariant.sku ?? (await this.productVariantService.findOne(ctx, variantId))?.sku ?? '';
      const locationId = movement.stockLocationId ?? movement.stockLocation?.id;
      const level = await this.stockLevelService.getStockLevel(ctx, variantId, locationId);
      const levelReadAt = new Date().toISOString();
      payloads.push({
        id: this.encode(movement.id),
        type: String(movement.type),
        variantId: this.encode(variantId),
        sku,
        stockLocationId: this.encode(locationId),
        quantity: movement.quantity,
        stockOnHand: level.stockOnHand,
        stockAllocated: level.stockAllocated,
        createdAt: new Date(movement.createdAt ?? Date.now()).toISOString(),
        levelReadAt,
      });
    }
    if (payloads.length === 0) return;
    this.enqueue(ctx, {
      id: `stock.movement:${payloads.map((payload) => payload.id).join(',')}`,
      topic: 'stock.movement',
      movements: payloads,
    });
  }
}

// Applied as functions rather than decorator syntax, so the package builds with plain `tsc` (no
// experimentalDecorators) and Nest still sees the module and its constructor's dependencies.
(Reflect as unknown as { defineMetadata(key: string, value: unknown, target: object): void }).defineMetadata(
  'design:paramtypes',
  [EventBus, OrderService, StockLevelService, ProductVariantService, ConfigService],
  StockwirePlugin,
);
VendurePlugin({ imports: [PluginCommonModule], compatibility: '^3.0.0' })(StockwirePlugin);
