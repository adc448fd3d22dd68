// The board's two slower sections: the configurations runners started with, and the replenishment suggestions.
import { byId, element, fillTable, number, row } from './page-parts.js';

/** The newest start is the configuration in force: every runner records the file it starts with. */
export function renderConfigurationHistory(answer) {
  fillTable(
    'configuration-history',
    answer.starts.map((start, index) =>
      row([
        element('th', start.contentHash.slice(0, 12), { scope: 'row', title: `sha256:${start.contentHash}` }),
        start.file,
        start.ownerName ?? String(start.ownerUid),
        element('td', new Date(start.startedAt).toLocaleString(), { title: start.startedAt }),
        `${start.host} (pid ${start.pid})`,
        index === 0 ? 'current' : '',
      ]),
    ),
    'No configuration recorded yet',
  );
}

/** Suggestions, never orders: nothing here places one, and the caption says so. */
export function renderReplenishment(answer) {
  const note = byId('replenishment-note');
  if (!answer.configured) {
    note.textContent = 'Not configured: add a replenishment section with suppliers to the configuration.';
    fillTable('replenishment', [], 'No suggestions');
    return;
  }
  note.textContent = `Sales over the last ${answer.windowDays} days, as of ${new Date(answer.asOf).toLocaleString()}.`;
  fillTable(
    'replenishment',
    answer.suggestions.map((suggestion) =>
      row([
        element('th', suggestion.sku, { scope: 'row' }),
        suggestion.location,
        suggestion.supplier,
        element('td', number(suggestion.velocityPerDay, 2), { class: 'number' }),
        element('td', number(suggestion.daysOfCover, 1), { class: 'number' }),
        element('td', String(suggestion.position), { class: 'number' }),
        element('td', String(suggestion.reorderPoint), { class: 'number' }),
        element('td', String(suggestion.suggestedQuantity), {
          class: 'number',
          title: `${suggestion.packs} × ${suggestion.packSize}`,
        }),
        `${suggestion.packs} × ${suggestion.packSize}`,
      ]),
    ),
    'No suggestions',
  );
}
