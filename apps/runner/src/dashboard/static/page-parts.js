// Small helpers every part of the dashboard's page shares.

export const byId = (id) => document.getElementById(id);

/** A table cell or other element with text (never HTML: every value comes from outside). */
export function element(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

export function row(cells) {
  const tr = document.createElement('tr');
  tr.append(...cells.map((cell) => (cell instanceof Node ? cell : element('td', cell))));
  return tr;
}

export function fillTable(id, rows, emptyText) {
  const body = byId(id).tBodies[0];
  const columns = byId(id).tHead.rows[0].cells.length;
  body.replaceChildren(...(rows.length > 0 ? rows : [row([element('td', emptyText, { colspan: String(columns) })])]));
}

export const quantity = (value) => (value === undefined || value === null ? '—' : String(value.quantity ?? value));
export const number = (value, digits = 1) => (value === null || value === undefined ? '—' : value.toFixed(digits));
export const percent = (share) => (share === null || share === undefined ? '—' : `${Math.round(share * 100)} %`);
export const seconds = (value) =>
  value === null || value === undefined ? '—' : value < 1 ? `${Math.round(value * 1000)} ms` : `${value.toFixed(2)} s`;

export const stateNames = {
  'in-sync': 'in sync',
  pending: 'waiting to push',
  differs: 'differs on channel',
  'not-computed': 'not computed',
};
