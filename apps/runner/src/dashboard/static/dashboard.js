// The runner's dashboard: reads the admin API with the session cookie and redraws itself every two seconds.
import { drawLineChart } from './line-chart.js';

const refreshMs = 2_000;
const pageSize = 50;
const view = { offset: 0, search: '', total: 0 };
let timer;

const byId = (id) => document.getElementById(id);

class SignedOut extends Error {}

async function api(path, init = {}) {
  const response = await fetch(path, { credentials: 'same-origin', ...init });
  if (response.status === 401) throw new SignedOut();
  return response;
}

/** A table cell or other element with text (never HTML: every value comes from outside). */
function element(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

function row(cells) {
  const tr = document.createElement('tr');
  tr.append(...cells.map((cell) => (cell instanceof Node ? cell : element('td', cell))));
  return tr;
}

function fillTable(id, rows, emptyText) {
  const body = byId(id).tBodies[0];
  const columns = byId(id).tHead.rows[0].cells.length;
  body.replaceChildren(...(rows.length > 0 ? rows : [row([element('td', emptyText, { colspan: String(columns) })])]));
}

const quantity = (value) => (value === undefined || value === null ? '—' : String(value.quantity ?? value));
const number = (value, digits = 1) => (value === null || value === undefined ? '—' : value.toFixed(digits));
const percent = (share) => (share === null || share === undefined ? '—' : `${Math.round(share * 100)} %`);
const seconds = (value) =>
  value === null || value === undefined ? '—' : value < 1 ? `${Math.round(value * 1000)} ms` : `${value.toFixed(2)} s`;

function age(since) {
  const elapsed = Math.max(0, (Date.now() - Date.parse(since)) / 1000);
  if (elapsed < 90) return `${Math.round(elapsed)} s`;
  if (elapsed < 5400) return `${Math.round(elapsed / 60)} min`;
  if (elapsed < 172_800) return `${Math.round(elapsed / 3600)} h`;
  return `${Math.round(elapsed / 86_400)} d`;
}

const stateNames = {
  'in-sync': 'in sync',
  pending: 'waiting to push',
  differs: 'differs on channel',
  'not-computed': 'not computed',
};

/** The newest value a sample has for `pick` (latency exists only for intervals with pushes). */
function newest(samples, pick) {
  for (let index = samples.length - 1; index >= 0; index--) {
    const value = pick(samples[index]);
    if (value !== null && value !== undefined) return value;
  }
  return null;
}

function renderOverview(overview, samples) {
  const latest = overview.latest;
  const tiles = [
    ['SKUs', overview.totals.skus],
    ['Channels', overview.totals.channels],
    ['SKUs on channels', overview.totals.channelSkus],
    ['Failed items', overview.totals.deadLetters],
    ['Events/s', number(latest?.eventsReceivedPerSecond)],
    ['Last push latency p50', seconds(newest(samples, (sample) => sample.latencyP50Seconds))],
    ['Last push latency p99', seconds(newest(samples, (sample) => sample.latencyP99Seconds))],
  ];
  if (overview.shadow) tiles.push(['Mode', 'shadow (no writes)']);
  byId('totals').replaceChildren(
    ...tiles.map(([name, value]) => {
      const tile = element('div');
      tile.append(element('dt', name), element('dd', value));
      return tile;
    }),
  );
  fillTable(
    'connections',
    overview.connections.map((connection) => {
      const sample = latest?.connections[connection.name];
      return row([
        element('th', connection.name, { scope: 'row' }),
        connection.connector,
        connection.capabilities.join(', '),
        number(sample?.callsPerSecond),
        number(sample?.rateLimitedPerSecond),
        percent(sample?.budgetUsed),
        connection.dirty ?? '—',
      ]);
    }),
    'No connections',
  );
}

function renderGrid(status) {
  view.total = status.total;
  fillTable(
    'grid',
    status.rows.map((entry) => {
      const statusCell = element('td', stateNames[entry.state] ?? entry.state, { 'data-state': entry.state });
      return row([
        element('th', entry.sku, { scope: 'row' }),
        entry.channel,
        quantity(entry.computed),
        quantity(entry.pushed),
        quantity(entry.remote),
        statusCell,
      ]);
    }),
    view.search === '' ? 'No SKU is listed on any channel' : `No SKU contains “${view.search}”`,
  );
  const last = Math.min(view.offset + status.rows.length, status.total);
  byId('grid-range').textContent = status.total === 0 ? '' : `${view.offset + 1}–${last} of ${status.total}`;
  byId('grid-previous').disabled = view.offset === 0;
  byId('grid-next').disabled = last >= status.total;
}

function renderDrifts(drifts) {
  fillTable(
    'drifts',
    drifts.map((drift) =>
      row([
        element('th', drift.sku, { scope: 'row' }),
        drift.target,
        drift.state,
        drift.expected ?? '—',
        drift.actual,
        drift.cause,
        element('td', age(drift.since), { title: drift.since }),
      ]),
    ),
    'No drift',
  );
}

function renderFailed(answer) {
  fillTable(
    'failed',
    answer.deadLetters.map((letter) => {
      const action = element('td');
      if (letter.replay === undefined) {
        action.textContent = 'fix at the source';
      } else {
        const button = element('button', 'Replay', { type: 'button', 'aria-label': `Replay ${letter.id}` });
        button.addEventListener('click', () => replay(letter.id, button));
        action.append(button);
      }
      return row([
        element('td', new Date(letter.at).toLocaleString(), { title: letter.id }),
        letter.kind,
        letter.connection ?? '—',
        letter.reason,
        action,
      ]);
    }),
    'No failed items',
  );
}

async function replay(id, button) {
  button.disabled = true;
  const answer = await (await api(`/admin/dead-letters/${encodeURIComponent(id)}/replay`, { method: 'POST' })).json();
  byId('replay-result').textContent = answer.replayed
    ? `Replayed ${id}: re-enqueued on ${answer.request.queue} (${answer.request.name})`
    : `Not replayed ${id}: ${answer.reason}`;
  button.closest('tr').dataset.replayed = String(answer.replayed);
  await refresh();
}

function renderCharts(timeseries) {
  const samples = timeseries.samples;
  const times = samples.map((sample) => sample.at);
  drawLineChart(byId('events-chart'), {
    title: 'Events per second',
    times,
    format: (value) => number(value),
    series: [
      { name: 'received', values: samples.map((sample) => sample.eventsReceivedPerSecond) },
      { name: 'applied', values: samples.map((sample) => sample.eventsAppliedPerSecond) },
    ],
  });
  drawLineChart(byId('latency-chart'), {
    title: 'Event-to-push latency',
    times,
    format: seconds,
    series: [
      { name: 'p50', values: samples.map((sample) => sample.latencyP50Seconds) },
      { name: 'p99', values: samples.map((sample) => sample.latencyP99Seconds) },
    ],
  });
  const budgeted = Object.keys(samples.at(-1)?.connections ?? {}).filter((name) =>
    samples.some((sample) => (sample.connections[name]?.budgetUsed ?? null) !== null),
  );
  drawLineChart(byId('budget-chart'), {
    title: 'API budget used',
    times,
    format: percent,
    reference: 1,
    series: budgeted.map((name) => ({
      name,
      values: samples.map((sample) => sample.connections[name]?.budgetUsed ?? null),
    })),
  });
}

async function refresh() {
  clearTimeout(timer);
  try {
    const query = new URLSearchParams({ offset: String(view.offset), limit: String(pageSize) });
    if (view.search !== '') query.set('search', view.search);
    const [overview, status, drifts, failed, timeseries] = await Promise.all(
      ['/admin/overview', `/admin/status?${query}`, '/admin/drifts', '/admin/dead-letters', '/admin/timeseries'].map(
        async (path) => (await api(path)).json(),
      ),
    );
    showBoard();
    renderOverview(overview, timeseries.samples);
    renderGrid(status);
    renderDrifts(drifts.drifts);
    renderFailed(failed);
    renderCharts(timeseries);
    byId('updated').textContent = `Updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    if (error instanceof SignedOut) return showSignIn();
    byId('updated').textContent = `Could not refresh: ${error.message}`;
  }
  timer = setTimeout(refresh, refreshMs);
}

function showBoard() {
  byId('sign-in').hidden = true;
  byId('board').hidden = false;
  byId('links').hidden = false;
}

function showSignIn() {
  clearTimeout(timer);
  byId('board').hidden = true;
  byId('links').hidden = true;
  byId('sign-in').hidden = false;
  byId('token').focus();
}

byId('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const response = await fetch('/dashboard/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: byId('token').value }),
  });
  if (!response.ok) {
    byId('sign-in-error').textContent = (await response.json()).error;
    return;
  }
  byId('token').value = '';
  byId('sign-in-error').textContent = '';
  await refresh();
});

byId('sign-out').addEventListener('click', async () => {
  await fetch('/dashboard/session', { method: 'DELETE' });
  showSignIn();
});

byId('grid-search').addEventListener('input', (event) => {
  view.search = event.target.value.trim();
  view.offset = 0;
  refresh();
});
byId('grid-previous').addEventListener('click', () => {
  view.offset = Math.max(0, view.offset - pageSize);
  refresh();
});
byId('grid-next').addEventListener('click', () => {
  view.offset += pageSize;
  refresh();
});

refresh();
