// The /demo dashboard. It polls the admin API and redraws. The server has all the state shown
// here, so a reload shows the same picture.
'use strict';

const TIMELINE_POLL_MS = 2000;
const LISTS_POLL_MS = 4000;
const MAX_SAMPLES = 900;
const TIER_COLORS = ['#1f5fbf', '#c26a00', '#2e8540', '#7b3fa0', '#a0522d', '#008080'];

Chart.defaults.animation = false;
Chart.defaults.font.size = 12;
Chart.defaults.color = '#1d232b';

const samples = [];
let lastSampleMillis = -1;
const charts = {};

function color(index) {
  return TIER_COLORS[index % TIER_COLORS.length];
}

function timeLabel(millis) {
  return new Date(millis).toLocaleTimeString([], {hour12: false});
}

function round(value, digits) {
  return value == null ? null : Number(value.toFixed(digits));
}

function dollars(value) {
  return '$' + Math.round(value || 0).toLocaleString('en-US');
}

function lineChart(canvas, yTitle, extraScales) {
  const scales = {
    x: {title: {display: true, text: 'time (local)'}, ticks: {maxTicksLimit: 8}},
    y: {title: {display: true, text: yTitle}, beginAtZero: true},
  };
  Object.assign(scales, extraScales || {});
  return new Chart(canvas, {
    type: 'line',
    data: {labels: [], datasets: []},
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: {mode: 'index', intersect: false},
      elements: {point: {radius: 0}, line: {borderWidth: 2}},
      plugins: {legend: {position: 'bottom', labels: {boxWidth: 14}}},
      scales: scales,
    },
  });
}

function tierNames() {
  const latest = samples[samples.length - 1];
  return latest ? latest.tiers.map((t) => t.tier) : [];
}

function series(tier, field, digits) {
  return samples.map((s) => {
    const entry = s.tiers.find((t) => t.tier === tier);
    return entry ? round(entry[field], digits) : null;
  });
}

function latestValue(tier, field) {
  const latest = samples[samples.length - 1];
  const entry = latest && latest.tiers.find((t) => t.tier === tier);
  return entry ? entry[field] : null;
}

function dataset(label, data, borderColor, extra) {
  return Object.assign({label, data, borderColor, backgroundColor: borderColor, spanGaps: true},
      extra || {});
}

function renderLimits(labels, tiers) {
  const chart = charts.limits;
  chart.data.labels = labels;
  // Limits change in steps, so the lines are drawn as steps, not slopes.
  chart.data.datasets = tiers.flatMap((tier, i) => [
    dataset(`${tier} limit (now ${round(latestValue(tier, 'limit_rps'), 1)})`,
        series(tier, 'limit_rps', 2), color(i), {stepped: 'before'}),
    dataset(`${tier} baseline (${round(latestValue(tier, 'baseline_rps'), 1)})`,
        series(tier, 'baseline_rps', 2), color(i),
        {borderDash: [6, 4], borderWidth: 1.5, stepped: 'before'}),
  ]);
  chart.update('none');
}

function renderTraffic(labels, tiers) {
  const container = document.getElementById('traffic-charts');
  tiers.forEach((tier) => {
    if (!charts.traffic[tier]) {
      const box = document.createElement('div');
      const title = document.createElement('h3');
      title.textContent = `${tier} (whole tier)`;
      const holder = document.createElement('div');
      holder.className = 'chart';
      const canvas = document.createElement('canvas');
      canvas.id = `chart-traffic-${tier}`;
      holder.appendChild(canvas);
      box.append(title, holder);
      container.appendChild(box);
      charts.traffic[tier] = lineChart(canvas, 'requests/s');
    }
    const chart = charts.traffic[tier];
    chart.data.labels = labels;
    chart.data.datasets = [
      dataset(`requests (${round(latestValue(tier, 'request_rps'), 1)})`,
          series(tier, 'request_rps', 2), '#5b6672'),
      dataset(`allowed (${round(latestValue(tier, 'allowed_rps'), 1)})`,
          series(tier, 'allowed_rps', 2), '#2e8540'),
      dataset(`denied (${round(latestValue(tier, 'denied_rps'), 1)})`,
          series(tier, 'denied_rps', 2), '#b3261e'),
    ];
    chart.update('none');
  });
}

function renderForecast(labels, tiers) {
  const chart = charts.forecast;
  chart.data.labels = labels;
  chart.data.datasets = tiers.flatMap((tier, i) => [
    dataset(`${tier} forecast demand`, series(tier, 'forecast_rps', 2), color(i)),
    dataset(`${tier} surge probability`,
        samples.map((s) => {
          const entry = s.tiers.find((t) => t.tier === tier);
          return entry && entry.surge_probability != null
            ? round(entry.surge_probability * 100, 1) : null;
        }),
        color(i), {borderDash: [2, 3], yAxisID: 'probability'}),
  ]);
  chart.update('none');
}

function renderRevenue(labels) {
  const total = (field) => samples.map((s) =>
    round(s.tiers.reduce((sum, t) => sum + t[field], 0), 2));
  const chart = charts.revenue;
  chart.data.labels = labels;
  const actual = total('revenue_per_hour');
  const baseline = total('baseline_revenue_per_hour');
  chart.data.datasets = [
    dataset(`adaptive limits, actual (now ${dollars(actual[actual.length - 1])}/h)`,
        actual, '#1f5fbf'),
    dataset(`static limits, estimate (now ${dollars(baseline[baseline.length - 1])}/h)`,
        baseline, '#5b6672', {borderDash: [6, 4]}),
  ];
  chart.update('none');
}

function renderBanner() {
  const banner = document.getElementById('surge-banner');
  const latest = samples[samples.length - 1];
  const alarming = latest ? latest.tiers.filter((t) =>
    t.surge_class === 'SURGE' || t.surge_class === 'DDOS') : [];
  if (alarming.length === 0) {
    banner.hidden = true;
    return;
  }
  banner.textContent = alarming.map((t) =>
    `${t.surge_class === 'DDOS' ? 'DDoS' : 'Surge'} predicted for ${t.tier}: forecast `
      + `${round(t.forecast_rps, 1)} requests/s, probability `
      + `${round(t.surge_probability * 100, 0)}%`).join(' · ');
  banner.hidden = false;
}

async function pollTimeline() {
  try {
    const response = await fetch(`/admin/timeline?since=${lastSampleMillis}`);
    const body = await response.json();
    body.samples.forEach((s) => samples.push(s));
    samples.splice(0, Math.max(0, samples.length - MAX_SAMPLES));
    if (samples.length > 0) {
      lastSampleMillis = samples[samples.length - 1].time_millis;
    }
    const labels = samples.map((s) => timeLabel(s.time_millis));
    const tiers = tierNames();
    renderLimits(labels, tiers);
    renderTraffic(labels, tiers);
    renderForecast(labels, tiers);
    renderRevenue(labels);
    renderBanner();
    setStatus(`updated ${timeLabel(Date.now())}, ${samples.length} samples`);
  } catch (error) {
    setStatus(`cannot reach ratewise: ${error.message}`);
  }
}

function setStatus(text) {
  document.getElementById('status').textContent = text;
}

function adminHeaders() {
  const headers = {'Content-Type': 'application/json'};
  const token = document.getElementById('admin-token').value.trim();
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  return headers;
}

async function postJson(path, body) {
  const response = await fetch(path, {method: 'POST', headers: adminHeaders(),
    body: JSON.stringify(body)});
  const answer = await response.json();
  if (!response.ok) {
    throw new Error(`${response.status} ${answer.error}: ${answer.message}`);
  }
  return answer;
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) {
    td.className = className;
  }
  return td;
}

async function decide(id, verb) {
  const message = document.getElementById('approvals-message');
  try {
    const answer = await postJson(`/admin/approvals/${encodeURIComponent(id)}/${verb}`,
        {reason: `${verb} from the /demo dashboard`});
    message.textContent = `${id} ${answer.approval.state.replace('APPROVAL_STATE_', '')
      .toLowerCase()}: ${answer.limit.rule} is now ${answer.limit.effective} per `
      + `${answer.limit.unit.toLowerCase()}`;
  } catch (error) {
    message.textContent = `${verb} ${id} failed: ${error.message}`;
  }
  pollLists();
}

function renderApprovals(approvals) {
  const body = document.querySelector('#approvals tbody');
  body.replaceChildren();
  approvals.forEach((approval) => {
    const row = body.insertRow();
    cell(row, approval.id);
    cell(row, approval.rule);
    cell(row, `${approval.from} → ${approval.to}`);
    cell(row, approval.rationale, 'rationale');
    const actions = row.insertCell();
    [['approve', 'Approve'], ['reject', 'Reject']].forEach(([verb, label]) => {
      const button = document.createElement('button');
      button.className = verb;
      button.textContent = label;
      button.dataset.approvalId = approval.id;
      button.addEventListener('click', () => decide(approval.id, verb));
      actions.appendChild(button);
    });
  });
  document.getElementById('approvals-empty').hidden = approvals.length > 0;
}

function renderDecisions(cycles) {
  const list = document.getElementById('decisions');
  const open = new Set([...list.querySelectorAll('details[open]')].map((d) => d.dataset.id));
  list.replaceChildren();
  cycles.forEach((cycle) => {
    const item = document.createElement('li');
    const meta = document.createElement('div');
    meta.className = 'meta';
    const confidence = cycle.proposal ? round(cycle.proposal.confidence * 100, 0) : 0;
    const changes = cycle.changes.map((c) => `${c.rule} ${c.from}→${c.to} `
      + c.status.replace('CHANGE_STATUS_', '').toLowerCase()).join(', ');
    meta.textContent = `${cycle.id} · ${cycle.started_at} · advisor ${cycle.advisor}`
      + (cycle.fallback_reason ? ` (fallback: ${cycle.fallback_reason})` : '')
      + ` · confidence ${confidence}%` + (changes ? ` · ${changes}` : '');
    const rationale = document.createElement('div');
    rationale.textContent = cycle.proposal ? cycle.proposal.rationale : '';
    const details = document.createElement('details');
    details.dataset.id = cycle.id;
    details.open = open.has(cycle.id);
    const summary = document.createElement('summary');
    summary.textContent = 'prompt and raw answer';
    const prompt = document.createElement('pre');
    prompt.textContent = cycle.prompt || '(no prompt: the heuristic advisor answered)';
    const raw = document.createElement('pre');
    raw.textContent = cycle.raw_answer || '(no raw answer)';
    details.append(summary, prompt, raw);
    item.append(meta, rationale, details);
    list.appendChild(item);
  });
  document.getElementById('decisions-empty').hidden = cycles.length > 0;
}

async function pollLists() {
  try {
    const [approvals, decisions] = await Promise.all([
      fetch('/admin/approvals').then((r) => r.json()),
      fetch('/admin/decisions?limit=20').then((r) => r.json()),
    ]);
    renderApprovals(approvals.approvals);
    renderDecisions(decisions.cycles);
  } catch (error) {
    setStatus(`cannot read approvals or decisions: ${error.message}`);
  }
}

function appendChat(className, text) {
  const line = document.createElement('div');
  line.className = className;
  line.textContent = text;
  const log = document.getElementById('explain-log');
  log.appendChild(line);
  log.scrollTop = log.scrollHeight;
}

document.getElementById('explain-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = document.getElementById('explain-question');
  const question = input.value.trim();
  if (!question) {
    return;
  }
  appendChat('question', question);
  input.value = '';
  try {
    const answer = await postJson('/admin/explain', {question});
    appendChat('answer', `${answer.answer} (answered by ${answer.answered_by})`);
  } catch (error) {
    appendChat('answer', `no answer: ${error.message}`);
  }
});

charts.limits = lineChart(document.getElementById('chart-limits'), 'requests/s per tenant');
charts.traffic = {};
charts.forecast = lineChart(document.getElementById('chart-forecast'),
    'demand, requests/s', {
      probability: {position: 'right', min: 0, max: 100,
        title: {display: true, text: 'surge probability, %'},
        grid: {drawOnChartArea: false}},
    });
charts.revenue = lineChart(document.getElementById('chart-revenue'), 'dollars per hour');

// Read by the browser test and handy in the console.
window.ratewiseDemo = {charts, samples};

pollTimeline();
pollLists();
setInterval(pollTimeline, TIMELINE_POLL_MS);
setInterval(pollLists, LISTS_POLL_MS);
