// The status page's script: plain browser JavaScript, no build step. It renders what the JSON API
// returns and refreshes the parts a server-sent event says changed; uPlot (served from the ingest's
// node_modules, global `uPlot`) draws the pressure trends.

const TREND_WINDOW_MS = 15 * 60_000;
const charts = new Map(); // pointRef -> uPlot

/** An element with attributes and children (strings become text nodes: never parsed as HTML). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

function time(ms) {
  if (ms === null || ms === undefined) return '–';
  const date = new Date(ms);
  const today = new Date().toDateString() === date.toDateString();
  return today ? date.toLocaleTimeString() : date.toLocaleString();
}

async function api(path) {
  const response = await fetch(path, { cache: 'no-store' });
  const body = await response.json();
  if (!response.ok) throw new Error(body?.error?.message ?? `${path}: HTTP ${response.status}`);
  return body;
}

function replaceRows(tableId, rows, columns, empty) {
  const body = document.querySelector(`#${tableId} tbody`);
  body.replaceChildren(
    ...(rows.length > 0 ? rows : [el('tr', {}, el('td', { colspan: columns, class: 'muted' }, empty))]),
  );
}

async function renderBuildings() {
  const { buildings, ruleSetVersion } = await api('/api/buildings');
  document.getElementById('rule-set').textContent = `rule set ${ruleSetVersion}`;
  const rows = buildings.map((b) =>
    el(
      'tr',
      {
        'data-building': b.id,
        'data-colour': b.colour ?? 'unknown',
        class: `colour-${b.colour ?? 'unknown'}`,
      },
      el('td', {}, el('span', { class: `badge ${b.colour ?? ''}` }, b.colour ?? 'no data')),
      el(
        'td',
        {},
        el('strong', {}, b.name ?? b.id),
        el('div', { class: 'muted' }, `${b.id}${b.address ? ` · ${b.address}` : ''}`),
      ),
      el(
        'td',
        { class: 'why' },
        b.indicators.length === 0
          ? el('span', { class: 'muted' }, b.colour === 'green' ? 'all normal' : '–')
          : el(
              'ul',
              { class: 'reasons' },
              b.indicators.map((i) =>
                el(
                  'li',
                  { 'data-rule': i.rule },
                  i.summary,
                  ' ',
                  el('span', { class: 'rule' }, `${i.rule} · since ${time(i.since)}`),
                ),
              ),
            ),
      ),
      el('td', {}, time(b.since)),
      el('td', {}, b.gatewayIds.join(', ')),
    ),
  );
  replaceRows('buildings', rows, 5, 'no buildings yet: waiting for a gateway’s birth');
  return buildings;
}

async function renderEvents() {
  const { events } = await api('/api/events?active=true');
  const rows = events.map((e) =>
    el(
      'tr',
      { 'data-event': e.id },
      el('td', {}, el('span', { class: `kind ${e.kind}` }, e.kind)),
      el('td', {}, e.buildingId),
      el(
        'td',
        {},
        e.loop !== null && e.address !== null ? `loop ${e.loop} addr ${e.address}` : e.componentId,
        e.pointId ? ` ${e.pointId}` : '',
        e.description ? ` — ${e.description}` : '',
      ),
      el('td', {}, time(e.raisedAt)),
    ),
  );
  replaceRows('events', rows, 4, 'no active events');
}

async function renderGateways() {
  const { gateways } = await api('/api/gateways');
  const rows = gateways.map((g) => {
    const rejected = Object.entries(g.rejected)
      .map(([reason, count]) => `${reason} ${count}`)
      .join(', ');
    const gaps = g.openGaps
      .map((gap) => (gap.from === gap.to ? gap.from : `${gap.from}–${gap.to}`))
      .join(', ');
    return el(
      'tr',
      { 'data-gateway': g.gatewayId },
      el('td', {}, g.gatewayId),
      el('td', {}, g.buildingId ?? '–'),
      el('td', {}, g.online === null ? 'unknown' : g.online ? 'online' : 'offline'),
      el('td', {}, time(g.lastSeen)),
      el('td', {}, g.lastSequence ?? '–'),
      el('td', {}, String(g.batches)),
      el('td', {}, gaps || 'none'),
      el('td', {}, rejected || 'none'),
    );
  });
  replaceRows('gateways', rows, 8, 'no gateways yet');
}

async function renderTrends(buildingIds) {
  const container = document.getElementById('trends');
  for (const buildingId of buildingIds) {
    const status = await api(`/api/buildings/${encodeURIComponent(buildingId)}/status`);
    const to = Date.now();
    for (const point of status.points.filter((p) => p.kind === 'pressure')) {
      const { readings } = await api(
        `/api/points/${point.pointRef}/readings?from=${to - TREND_WINDOW_MS}&to=${to + 1}`,
      );
      const xs = readings.map((r) => r.time / 1000);
      const ys = readings.map((r) => r.value);
      const data = [xs, ys];
      const low = point.thresholds?.low;
      if (low !== undefined) data.push(xs.map(() => low));
      let chart = charts.get(point.pointRef);
      if (!chart) {
        const box = el('div', { class: 'trend', 'data-point': point.pointRef });
        box.append(
          el('h3', {}, `${status.name ?? buildingId} · ${point.name ?? point.pointId} (${point.unit})`),
        );
        container.querySelector('p.muted')?.remove();
        container.append(box);
        const series = [{}, { label: `${point.pointId} (${point.unit})`, stroke: '#2e86de', width: 2 }];
        if (low !== undefined)
          series.push({ label: `minimum ${low}`, stroke: '#d7263d', dash: [6, 4], width: 1 });
        chart = new uPlot({ width: 460, height: 200, series, scales: { x: { time: true } } }, data, box);
        charts.set(point.pointRef, chart);
      } else {
        chart.setData(data);
      }
    }
  }
  if (charts.size === 0)
    container.replaceChildren(el('p', { class: 'muted' }, 'no pressure points reported yet'));
}

// Refreshes, coalesced: many events in a burst give one fetch per part.
const pending = new Set();
const pendingTrends = new Set();
let timer;
function schedule(parts, buildingId) {
  for (const part of parts) pending.add(part);
  if (buildingId) pendingTrends.add(buildingId);
  clearTimeout(timer);
  timer = setTimeout(flush, 150);
}
async function flush() {
  const parts = new Set(pending);
  const trends = [...pendingTrends];
  pending.clear();
  pendingTrends.clear();
  try {
    if (parts.has('buildings')) await renderBuildings();
    if (parts.has('events')) await renderEvents();
    if (parts.has('gateways')) await renderGateways();
    if (trends.length > 0) await renderTrends(trends);
  } catch (error) {
    console.error('status page refresh failed', error);
  }
}

async function start() {
  const buildings = await renderBuildings();
  await Promise.all([renderEvents(), renderGateways()]);
  await renderTrends(buildings.map((b) => b.id));
  const live = document.getElementById('live');
  const stream = new EventSource('/api/stream');
  stream.addEventListener('open', () => {
    live.dataset.state = 'live';
    live.textContent = 'live';
    schedule(['buildings', 'events', 'gateways']); // whatever changed while disconnected
  });
  stream.addEventListener('error', () => {
    live.dataset.state = 'reconnecting';
    live.textContent = 'reconnecting…';
  });
  stream.addEventListener('status', () => schedule(['buildings', 'events']));
  stream.addEventListener('activity', (message) => {
    const { buildingId } = JSON.parse(message.data);
    schedule(['gateways'], buildingId);
  });
  // Time-based rules and "last seen" move without events: a slow full refresh as well.
  setInterval(() => schedule(['buildings', 'events', 'gateways']), 30_000);
}

start().catch((error) => {
  document.getElementById('live').textContent = `failed: ${error.message}`;
});
