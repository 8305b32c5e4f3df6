'use strict';
// The dashboard reads everything from /api/v1 and re-reads when the server says something changed.
const API = '/api/v1';
const SYMBOL = { passed: '✔', failed: '✘', infra_error: '⚠', timed_out: '⚠', queued: '⏳', leased: '▶', cancelled: '⊘', expired: '⊘' };
const WORD = { leased: 'running', infra_error: 'infra error', timed_out: 'timed out' };

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

async function getJson(path) {
  const r = await fetch(API + path, { cache: 'no-store' });
  if (!r.ok) throw new Error(path + ': HTTP ' + r.status);
  return r.json();
}

function verdictLabel(state) {
  return `${SYMBOL[state] || '?'} ${WORD[state] || state}`;
}

async function renderMatrix() {
  const runs = await getJson('/runs?limit=50');
  const families = [...new Set(runs.flatMap(r => r.jobs.map(j => j.family)))].sort();
  const head = document.getElementById('matrix-head');
  head.replaceChildren(el('th', { scope: 'col' }, 'Run'), ...families.map(f => el('th', { scope: 'col' }, f)));
  const body = document.getElementById('matrix-body');
  body.replaceChildren(...runs.map(run => {
    const row = el('tr', { 'data-run': run.id });
    row.append(el('th', { scope: 'row' },
      el('a', { href: '#run/' + run.id }, `${run.run_id} ${run.version}`),
      el('div', { class: 'counts' }, `${run.platform} · ${run.artifact_group} · ${new Date(run.created_at).toLocaleString()}`)));
    for (const f of families) {
      const job = run.jobs.filter(j => j.family === f).pop();
      if (!job) { row.append(el('td', {}, '—')); continue; }
      const c = job.counts;
      row.append(el('td', { class: `cell v-${job.state}`, 'data-family': f, 'data-state': job.state },
        el('a', { href: `#run/${run.id}/${job.id}` }, verdictLabel(job.state),
          el('div', { class: 'counts' }, `${c.passed} passed / ${c.failed} failed / ${c.skipped} skipped`))));
    }
    return row;
  }));
  if (!runs.length) body.replaceChildren(el('tr', {}, el('td', {}, 'No runs yet.')));
}

async function renderRun(runId, jobId) {
  const run = await getJson('/runs/' + runId);
  document.getElementById('run-title').textContent = `Run ${run.run_id} · ${run.version} · ${run.artifact_group}`;
  const out = document.getElementById('run-body');
  out.replaceChildren();
  for (const job of run.jobs) {
    if (jobId && job.id !== jobId) continue;
    const results = await getJson(`/jobs/${job.id}/results`);
    const failing = results.filter(r => ['failed', 'error', 'crashed', 'timed_out', 'unexpected_success'].includes(r.status));
    const section = el('section', { class: 'job', 'data-job': job.id },
      el('h3', {}, `${job.family}: ${verdictLabel(job.state)} (attempt ${job.attempt}${job.agent_id ? ', agent ' + job.agent_id : ''})`),
      el('p', {}, `${job.counts.passed} passed / ${job.counts.failed} failed / ${job.counts.skipped} skipped` + (job.reason ? ` · ${job.reason}` : '')));
    for (const r of failing) {
      section.append(el('div', { class: 'test-fail' },
        el('strong', { class: 'test-id' }, `${r.status.toUpperCase()}: ${r.test_id}`),
        el('div', {}, r.message || ''),
        ...r.subtests.map(s => el('div', { class: 'subtest' }, `${s.status} ${s.description}: ${s.message || ''}`)),
        el('pre', { class: 'traceback' }, r.details || '')));
    }
    const list = el('details', {}, el('summary', {}, `All ${results.length} results`),
      el('ul', {}, ...results.map(r => el('li', {}, `${r.status} ${r.test_id}`))));
    section.append(list);
    out.append(section);
  }
}

let current = '';
async function route() {
  current = location.hash;
  const m = location.hash.match(/^#run\/([\w-]+)(?:\/([\w-]+))?/);
  document.getElementById('run-section').hidden = !m;
  try {
    await renderMatrix();
    if (m) await renderRun(m[1], m[2]);
  } catch (e) {
    document.getElementById('live').textContent = 'error: ' + e.message;
  }
}

window.addEventListener('hashchange', route);
route();
const source = new EventSource(API + '/events');
let pending = false;
source.addEventListener('open', () => { document.getElementById('live').textContent = 'live'; });
source.addEventListener('error', () => { document.getElementById('live').textContent = 'reconnecting…'; });
source.addEventListener('change', () => {
  if (pending) return;
  pending = true;
  setTimeout(() => { pending = false; route(); }, 200);
});
