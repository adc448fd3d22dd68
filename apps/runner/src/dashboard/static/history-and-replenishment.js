// The board's two slower sections: the configurations runners started with, and the replenishment suggestions.
import { byId, element, fillTable, number, row } from './page-parts.js';

/**
 * Several runners share the history, so the newest start may be another runner's: the row marked current is the
 * start of the runner serving this page, and an other start with the same content says so.
 */
export function renderConfigurationHistory(answer) {
  fillTable(
    'configuration-history',
    answer.starts.map((start) =>
      row([
        element('th', start.contentHash.slice(0, 12), { scope: 'row', title: `sha256:${start.contentHash}` }),
        start.file,
        start.ownerName ?? String(start.ownerUid),
        element('td', new Date(start.startedAt).toLocaleString(), { title: start.startedAt }),
        `${start.host} (pid ${start.pid})`,
        start.thisRunner ? 'current' : start.current ? 'same as current' : '',
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
