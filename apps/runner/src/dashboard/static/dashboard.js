// The runner's dashboard: reads the admin API with the session cookie and redraws itself every two seconds.
import { setUpConfigurationPreview } from './configuration-preview.js';
import { renderConfigurationHistory, renderReplenishment } from './history-and-replenishment.js';
import { drawLineChart } from './line-chart.js';
import { byId, element, fillTable, number, percent, quantity, row, seconds, stateNames } from './page-parts.js';
import { renderSkuPage, shownSku, skuHash } from './sku-page.js';

const refreshMs = 2_000;
const pageSize = 50;
const view = { offset: 0, search: '', total: 0 };
let timer;

class SignedOut extends Error {}

async function api(path, init = {}) {
  const response = await fetch(path, { credentials: 'same-origin', ...init });
  if (response.status === 401) throw new SignedOut();
  return response;
}

function age(since) {
  const elapsed = Math.max(0, (Date.now() - Date.parse(since)) / 1000);
  if (elapsed < 90) return `${Math.round(elapsed)} s`;
  if (elapsed < 5400) return `${Math.round(elapsed / 60)} min`;
  if (elapsed < 172_800) return `${Math.round(elapsed / 3600)} h`;
  return `${Math.round(elapsed / 86_400)} d`;
}

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
        failedSyncsCell(connection.failedSyncs),
      ]);
    }),
    'No connections',
  );
}

/** A share with a decimal when it is small, so that 1 failure in 300 does not read 0 %. */
const failedShare = (share) => (share < 0.1 && share > 0 ? `${(share * 100).toFixed(1)} %` : percent(share));

/** Failed ÷ all over the window, calls and pushed items apart (one push call carries many items). */
function failedSyncsCell(rates) {
  const parts = [];
  if (rates?.calls > 0) parts.push(`calls ${failedShare(rates.callRate)} (${rates.failedCalls} of ${rates.calls})`);
  if (rates?.pushedItems > 0) {
    parts.push(`items ${failedShare(rates.itemRate)} (${rates.failedItems} of ${rates.pushedItems})`);
  }
  const failing = (rates?.failedCalls ?? 0) + (rates?.failedItems ?? 0) > 0;
  return element('td', parts.length === 0 ? '—' : parts.join(' · '), { 'data-failing': String(failing) });
}

function renderGrid(status) {
  view.total = status.total;
  fillTable(
    'grid',
    status.rows.map((entry) => {
      const statusCell = element('td', stateNames[entry.state] ?? entry.state, { 'data-state': entry.state });
      const skuCell = element('th', undefined, { scope: 'row' });
      skuCell.append(
        element('a', entry.sku, { href: skuHash(entry.sku), title: `Open ${entry.sku}: positions and ledger` }),
      );
      return row([
        skuCell,
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

async function refreshSku(sku) {
  const response = await api(`/admin/skus/${encodeURIComponent(sku)}?limit=50`);
  const answer = await response.json();
  showPage('sku-page');
  if (!response.ok) {
    byId('sku-heading').textContent = `SKU ${sku}`;
    byId('sku-last-update').textContent = answer.error;
    for (const id of ['sku-positions', 'sku-channels', 'sku-ledger']) fillTable(id, [], '—');
    return;
  }
  renderSkuPage(answer);
}

async function refresh() {
  clearTimeout(timer);
  try {
    const sku = shownSku();
    if (sku !== null) {
      await refreshSku(sku);
      byId('updated').textContent = `Updated ${new Date().toLocaleTimeString()}`;
      timer = setTimeout(refresh, refreshMs);
      return;
    }
    const query = new URLSearchParams({ offset: String(view.offset), limit: String(pageSize) });
    if (view.search !== '') query.set('search', view.search);
    const [overview, status, drifts, failed, timeseries, replenishment, history] = await Promise.all(
      [
        '/admin/overview',
        `/admin/status?${query}`,
        '/admin/drifts',
        '/admin/dead-letters',
        '/admin/timeseries',
        '/admin/replenishment',
        '/admin/configuration-history?limit=20',
      ].map(async (path) => (await api(path)).json()),
    );
    showBoard();
    renderOverview(overview, timeseries.samples);
    renderGrid(status);
    renderDrifts(drifts.drifts);
    renderFailed(failed);
    renderCharts(timeseries);
    renderReplenishment(replenishment);
    renderConfigurationHistory(history);
    byId('updated').textContent = `Updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    if (error instanceof SignedOut) return showSignIn();
    byId('updated').textContent = `Could not refresh: ${error.message}`;
  }
  timer = setTimeout(refresh, refreshMs);
}

function showBoard() {
  showPage('board');
}

/** The board or a SKU's page, once signed in. */
function showPage(id) {
  byId('sign-in').hidden = true;
  byId('board').hidden = id !== 'board';
  byId('sku-page').hidden = id !== 'sku-page';
  byId('links').hidden = false;
}

function showSignIn() {
  clearTimeout(timer);
  byId('board').hidden = true;
  byId('sku-page').hidden = true;
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

byId('sku-back').addEventListener('click', (event) => {
  event.preventDefault();
  history.pushState(null, '', window.location.pathname);
  refresh();
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

window.addEventListener('hashchange', () => {
  window.scrollTo(0, 0);
  refresh();
});

setUpConfigurationPreview(showSignIn);
refresh();
