import { parse } from 'graphql';
import type { VendureTestServer } from './vendure-test-server.ts';

const orderFields = '... on Order { id code state } ... on ErrorResult { errorCode message }';

interface OrderAnswer {
  readonly id?: string;
  readonly code?: string;
  readonly state?: string;
  readonly errorCode?: string;
  readonly message?: string;
}

function expectOrder(
  step: string,
  answer: OrderAnswer | null | undefined,
): Required<Pick<OrderAnswer, 'id' | 'code' | 'state'>> {
  if (answer?.code === undefined || answer.id === undefined || answer.state === undefined) {
    throw new Error(`the Shop API refused ${step}: ${answer?.errorCode ?? '(no answer)'} ${answer?.message ?? ''}`);
  }
  return { id: answer.id, code: answer.code, state: answer.state };
}

/**
 * A guest checkout through the Shop API as a storefront runs it: add the lines, name the customer, the address
 * and the shipping method, move to ArrangingPayment and pay with the test handler (settled at once, so Vendure
 * places the order and allocates its stock). Each checkout is its own guest session.
 */
export async function placeShopOrder(
  vendure: VendureTestServer,
  lines: ReadonlyArray<{ readonly variantId: string; readonly quantity: number }>,
  paymentMethod = 'test-payment',
): Promise<{ id: string; code: string; state: string }> {
  const shop = vendure.shopClient;
  await shop.asAnonymousUser();
  const query = <T>(document: string, variables: Record<string, unknown> = {}) =>
    shop.query<T>(parse(document), variables);
  for (const line of lines) {
    const added = await query<{ addItemToOrder: OrderAnswer }>(
      `mutation ($id: ID!, $quantity: Int!) { addItemToOrder(productVariantId: $id, quantity: $quantity) { ${orderFields} } }`,
      { id: line.variantId, quantity: line.quantity },
    );
    expectOrder(`adding variant ${line.variantId}`, added.addItemToOrder);
  }
  const email = `guest-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  await query(`mutation ($input: CreateCustomerInput!) { setCustomerForOrder(input: $input) { ${orderFields} } }`, {
    input: { emailAddress: email, firstName: 'Test', lastName: 'Guest' },
  });
  await query(`mutation ($input: CreateAddressInput!) { setOrderShippingAddress(input: $input) { ${orderFields} } }`, {
    input: { streetLine1: '1 Test Street', city: 'London', postalCode: 'N1 1AA', countryCode: 'GB' },
  });
  const methods = await query<{ eligibleShippingMethods: Array<{ id: string }> }>('{ eligibleShippingMethods { id } }');
  const method = methods.eligibleShippingMethods[0];
  if (method === undefined) throw new Error('the Shop API offers no shipping method');
  await query(`mutation ($ids: [ID!]!) { setOrderShippingMethod(shippingMethodId: $ids) { ${orderFields} } }`, {
    ids: [method.id],
  });
  const arranging = await query<{ transitionOrderToState: OrderAnswer }>(
    `mutation { transitionOrderToState(state: "ArrangingPayment") { ${orderFields} } }`,
  );
  expectOrder('moving to ArrangingPayment', arranging.transitionOrderToState);
  const paid = await query<{ addPaymentToOrder: OrderAnswer }>(
    `mutation ($input: PaymentInput!) { addPaymentToOrder(input: $input) { ${orderFields} } }`,
    { input: { method: paymentMethod, metadata: {} } },
  );
  return expectOrder('the payment', paid.addPaymentToOrder);
}

/** Cancels a whole order from the Admin API, as a merchant does in the dashboard. */
export async function cancelOrder(vendure: VendureTestServer, orderId: string): Promise<string> {
  const answer = await vendure.admin<{ cancelOrder: OrderAnswer }>(
    `mutation ($input: CancelOrderInput!) { cancelOrder(input: $input) { ${orderFields} } }`,
    { input: { orderId, reason: 'customer asked' } },
  );
  return expectOrder(`cancelling order ${orderId}`, answer.cancelOrder).state;
}

/** Ships every line of an order with Vendure's manual fulfilment handler, then marks the fulfilment Shipped. */
export async function shipOrder(vendure: VendureTestServer, orderId: string): Promise<string> {
  const order = await vendure.admin<{ order: { lines: Array<{ id: string; quantity: number }> } }>(
    'query ($id: ID!) { order(id: $id) { lines { id quantity } } }',
    { id: orderId },
  );
  const fulfilment = await vendure.admin<{
    addFulfillmentToOrder: { id?: string; errorCode?: string; message?: string };
  }>(
    `mutation ($input: FulfillOrderInput!) { addFulfillmentToOrder(input: $input) {
      ... on Fulfillment { id } ... on ErrorResult { errorCode message } } }`,
    {
      input: {
        lines: order.order.lines.map((line) => ({ orderLineId: line.id, quantity: line.quantity })),
        handler: {
          code: 'manual-fulfillment',
          arguments: [
            { name: 'method', value: 'Courier' },
            { name: 'trackingCode', value: 'TRACK-1' },
          ],
        },
      },
    },
  );
  const id = fulfilment.addFulfillmentToOrder.id;
  if (id === undefined) throw new Error(`Vendure refused the fulfilment: ${fulfilment.addFulfillmentToOrder.message}`);
  await vendure.admin(
    `mutation ($id: ID!) { transitionFulfillmentToState(id: $id, state: "Shipped") {
      ... on Fulfillment { id state } ... on ErrorResult { errorCode message } } }`,
    { id },
  );
  const shipped = await vendure.admin<{ order: { state: string } }>('query ($id: ID!) { order(id: $id) { state } }', {
    id: orderId,
  });
  return shipped.order.state;
}
