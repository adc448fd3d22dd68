// "Preview a configuration": what an uploaded configuration would change on the live stock, as `stockwire diff`
// shows it. The runner computes it (POST /admin/configuration/preview) and changes nothing; neither does this page.
import { byId, element, fillTable, row } from './page-parts.js';

const signedFormat = (delta) => (delta > 0 ? `+${delta}` : String(delta));
const shown = (value) => (value === null || value === undefined ? '—' : String(value));
const preview = { file: '' };

/** Wires the form; `onSignedOut` shows the sign-in when the session has ended. */
export function setUpConfigurationPreview(onSignedOut) {
  // A picked file goes into the text box, so what is previewed is always what the admin sees (and may edit).
  byId('preview-file').addEventListener('change', async (event) => {
    const [file] = event.target.files;
    if (file === undefined) return;
    preview.file = file.name;
    byId('preview-text').value = await file.text();
  });
  byId('preview-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = byId('preview-submit');
    button.disabled = true;
    try {
      await submit(onSignedOut);
    } finally {
      button.disabled = false;
    }
  });
}

async function submit(onSignedOut) {
  const text = byId('preview-text').value;
  byId('preview-error').textContent = '';
  if (text.trim() === '') {
    showError('Pick a configuration file or paste its YAML first.');
    return;
  }
  const query = preview.file === '' ? '' : `?${new URLSearchParams({ file: preview.file })}`;
  byId('preview-summary').textContent = 'Computing…';
  const response = await fetch(`/admin/configuration/preview${query}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'text/yaml' },
    body: text,
  });
  if (response.status === 401) return onSignedOut();
  const answer = await response.json().catch(() => ({ error: `the runner answered ${response.status}` }));
  if (!response.ok) {
    showError(answer.error ?? `the runner answered ${response.status}`);
    return;
  }
  renderPreview(answer);
}

function showError(message) {
  byId('preview-summary').textContent = '';
  byId('preview-error').textContent = message;
  fillTable('preview', [], 'No preview');
  fillTable('preview-totals', [], '—');
}

function renderPreview(answer) {
  const { rows, totals } = answer;
  fillTable(
    'preview',
    rows.map((change) =>
      row([
        element('th', change.sku, { scope: 'row' }),
        change.channel,
        element('td', shown(change.currentQuantity), { class: 'number', title: change.currentWhy ?? '' }),
        element('td', shown(change.newQuantity), { class: 'number', title: change.newWhy ?? '' }),
        element('td', signedFormat(change.delta), { class: 'number' }),
        change.rule,
      ]),
    ),
    'No value changes: every SKU shows the same on every channel under both configurations.',
  );
  fillTable(
    'preview-totals',
    Object.entries(totals.deltaByChannel).map(([channel, delta]) =>
      row([element('th', channel, { scope: 'row' }), element('td', signedFormat(delta), { class: 'number' })]),
    ),
    'No change',
  );
  const values = totals.rowsChanged === 1 ? '1 value changes' : `${totals.rowsChanged} values change`;
  const skus = totals.skusAffected === 1 ? '1 SKU' : `${totals.skusAffected} SKUs`;
  const parts = [`${values} on ${skus}, on the live stock as of ${new Date(answer.asOf).toLocaleString()}.`];
  if (answer.truncated) parts.push(`Showing the first ${rows.length}; the totals cover all ${totals.rowsChanged}.`);
  for (const { connection, reason } of answer.uncheckedConnections) {
    parts.push(`Settings of ${connection} not checked: ${reason}.`);
  }
  byId('preview-summary').textContent = parts.join(' ');
}
