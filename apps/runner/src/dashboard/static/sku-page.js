// One SKU's page: who sent the last valid update, its positions by state, its channels and its ledger.
import { byId, element, fillTable, quantity, row, stateNames } from './page-parts.js';

export const skuHash = (sku) => `#sku=${encodeURIComponent(sku)}`;
/** The SKU the page shows (`#sku=…`), or null for the board. */
export function shownSku() {
  const match = /^#sku=(.+)$/.exec(window.location.hash);
  return match === null ? null : decodeURIComponent(match[1]);
}

const time = (value) =>
  value === undefined || value === null || value === '' ? '—' : new Date(value).toLocaleString();
const timeCell = (value) => element('td', time(value), { class: 'time', title: value ?? '' });
const numberCell = (value) => element('td', value, { class: 'number' });

function detailText(detail) {
  return Object.entries(detail ?? {})
    .map(([field, value]) => `${field}=${typeof value === 'object' ? JSON.stringify(value) : value}`)
    .join(' ');
}

/** One SKU: who sent the last valid update, its positions, its channels and its ledger. */
export function renderSkuPage(view) {
  byId('sku-heading').textContent = `SKU ${view.sku}`;
  byId('sku-name').textContent = view.name ?? '';
  const kit = byId('sku-kit');
  kit.hidden = view.kitComponents.length === 0;
  kit.textContent = kit.hidden
    ? ''
    : `A kit of ${view.kitComponents.map(({ sku, quantity: count }) => `${count} × ${sku}`).join(', ')}: ` +
      'it has no stock or ledger of its own.';
  const last = view.updates[0];
  const callout = byId('sku-last-update');
  callout.replaceChildren();
  if (last === undefined) {
    callout.textContent = view.kitComponents.length > 0 ? 'See its components.' : 'No update in the ledger yet.';
  } else {
    callout.append(
      'Last valid update from ',
      element('strong', last.source),
      `: ${last.kind} at ${last.location}, happened ${time(last.occurredAt)}, applied ${time(last.appliedAt)}, event `,
      element('code', last.idempotencyKey),
    );
  }
  fillTable(
    'sku-positions',
    view.positions.map(({ location, quantities, lastUpdate }) =>
      row([
        element('th', location, { scope: 'row' }),
        ...[
          quantities.onHand,
          quantities.committed,
          quantities.reserved,
          quantities.damaged,
          quantities.qualityControl,
          quantities.safetyStock,
          quantities.inTransit,
          quantities.incoming,
        ].map(numberCell),
        lastUpdate === null ? '—' : `${lastUpdate.source}, ${time(lastUpdate.occurredAt)}`,
      ]),
    ),
    'No positions (a kit)',
  );
  fillTable(
    'sku-channels',
    view.channels.map((channel) =>
      row([
        element('th', channel.channel, { scope: 'row' }),
        channel.connection,
        channel.computed === undefined ? '—' : `${channel.computed.quantity} ${channel.computed.status}`,
        element('td', quantity(channel.pushed), { title: channel.pushed?.pushedAt ?? '' }),
        element('td', quantity(channel.remote), { title: channel.remote?.observedAt ?? '' }),
        element('td', stateNames[channel.state] ?? channel.state, { 'data-state': channel.state }),
      ]),
    ),
    'Listed on no channel',
  );
  fillTable(
    'sku-ledger',
    view.updates.map((update) =>
      row([
        timeCell(update.appliedAt),
        element('th', update.source, { scope: 'row' }),
        update.kind,
        update.location,
        timeCell(update.occurredAt),
        element('td', update.idempotencyKey, { class: 'detail' }),
        element('td', detailText(update.detail), { class: 'detail' }),
      ]),
    ),
    'No update in the ledger yet',
  );
}
