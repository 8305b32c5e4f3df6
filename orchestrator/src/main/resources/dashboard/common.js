'use strict';
// Shared by every dashboard page: reading the API, verdict words and symbols, live updates.
// Each page has its own script named after it (matrix.js, run.js, history.js). Routes come only
// from api-paths.js (API_PATHS, apiPath), which the orchestrator writes from protocol's ApiPaths.

// Colour is never the only cue: every verdict has a symbol and a word.
const VERDICTS = {
  queued: { symbol: '○', word: 'queued' },
  running: { symbol: '▶', word: 'running' },
  passed: { symbol: '✔', word: 'passed' },
  failed: { symbol: '✘', word: 'failed' },
  infra_error: { symbol: '⚠', word: 'infra error' },
  timed_out: { symbol: '◷', word: 'timed out' },
  cancelled: { symbol: '⊘', word: 'cancelled' },
  expired: { symbol: '⊘', word: 'expired' },
  no_agent: { symbol: '∅', word: 'no agent' },
};

const TEST_STATUS = {
  passed: { symbol: '✔', word: 'passed', bad: false },
  expected_failure: { symbol: '✔', word: 'expected failure', bad: false },
  skipped: { symbol: '↷', word: 'skipped', bad: false },
  failed: { symbol: '✘', word: 'failed', bad: true },
  error: { symbol: '✘', word: 'error', bad: true },
  unexpected_success: { symbol: '✘', word: 'unexpected success', bad: true },
  crashed: { symbol: '☠', word: 'crashed', bad: true },
  timed_out: { symbol: '◷', word: 'timed out', bad: true },
};

/** The verdict a person reads for a job: a leased job is running; an expired job no agent ever took is "no agent". */
function jobVerdict(job) {
  if (job.state === 'leased') return 'running';
  if (job.state === 'expired' && job.attempt <= 1) return 'no_agent';
  return job.state;
}

// The verdict over several jobs (a family's, one per Python version): unfinished while any is,
// else the worst outcome, as the orchestrator's run verdict.
function familyVerdict(jobs) {
  const keys = jobs.map(jobVerdict);
  for (const k of ['running', 'queued', 'infra_error', 'no_agent', 'expired', 'timed_out', 'failed', 'cancelled']) {
    if (keys.includes(k)) return k;
  }
  return 'passed';
}

// What sets a job apart from its family's other jobs in the run: "gfx94X-dcgpu py3.11 ubi10".
function jobLabel(job) {
  return job.family + (job.python_version ? ' py' + job.python_version : '') + (job.image ? ' ' + job.image : '');
}

function runVerdict(run) {
  return run.verdict === 'leased' ? 'running' : run.verdict;
}

function verdictText(key) {
  const v = VERDICTS[key] || { symbol: '?', word: key };
  return `${v.symbol} ${v.word}`;
}

function statusText(status) {
  const s = TEST_STATUS[status] || { symbol: '?', word: status };
  return `${s.symbol} ${s.word}`;
}

function isFailure(status) {
  return (TEST_STATUS[status] || { bad: true }).bad;
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v; else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

// ---- where a run came from (its provenance): links to the repository, commit, pull request and CI run ----
// The orchestrator checks every part at intake; they are checked again here, because a link is
// where a stored string would become script: only an http(s) URL is ever put in an href, and
// a repository or commit only inside a URL this page builds. Anything else is shown as text.
const REPOSITORY_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,38}\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;
const COMMIT_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const MAX_LINK = 512;

/** The URL as an href when it is an absolute http(s) URL with a host and no credentials, else null. */
function webHref(s) {
  if (typeof s !== 'string' || !s || s.length > MAX_LINK) return null;
  let u;
  try { u = new URL(s); } catch (e) { return null; }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !u.hostname || u.username || u.password) return null;
  return u.href;
}

/** The hrefs of a run's provenance (null where there is nothing safe to link), and the short commit. */
function provenanceLinks(p) {
  if (!p) return null;
  const server = (webHref(p.server_url) && new URL(p.server_url).origin) || 'https://github.com';
  const repo = typeof p.repository === 'string' && REPOSITORY_NAME.test(p.repository) ? `${server}/${p.repository}` : null;
  const sha = typeof p.commit === 'string' && COMMIT_SHA.test(p.commit) ? p.commit : null;
  const pr = Number.isInteger(p.pull_request) && p.pull_request > 0 ? p.pull_request : null;
  return {
    repository: repo,
    commit: repo && sha ? `${repo}/commit/${sha}` : null,
    shortCommit: typeof p.commit === 'string' ? p.commit.slice(0, 7) : null,
    pullRequest: repo && pr ? `${repo}/pull/${pr}` : null,
    workflowRun: webHref(p.workflow_run_url),
  };
}

/** A link to somewhere outside the dashboard, or the text alone when href is null. */
function outLink(href, cls, text, title) {
  return href ? el('a', { href, class: cls, rel: 'noopener noreferrer', title }, text) : el('span', { class: cls + ' unlinked', title }, text);
}

async function fetchOk(path) {
  const r = await fetch(path, { cache: 'no-store' });
  if (!r.ok) {
    let why = 'HTTP ' + r.status;
    try { why = (await r.json()).error || why; } catch (e) { /* not JSON */ }
    throw new Error(why);
  }
  return r;
}

async function getJson(path) {
  return (await fetchOk(path)).json();
}

/** One page of a keyset-paged list: its items and the cursor of the next page (null: the last page). */
async function getPage(path) {
  const r = await fetchOk(path);
  return { items: await r.json(), next: r.headers.get('X-Next-After') };
}

function param(name) {
  return new URLSearchParams(location.search).get(name);
}

function age(iso) {
  if (!iso) return '';
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

function duration(fromIso, toIso) {
  if (!fromIso) return '';
  const ms = (toIso ? Date.parse(toIso) : Date.now()) - Date.parse(fromIso);
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

function localTime(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

function countsText(c) {
  return `${c.passed} passed · ${c.failed} failed · ${c.skipped} skipped`;
}

function showError(e) {
  const box = document.getElementById('error');
  if (box) { box.textContent = 'Could not load: ' + e.message; box.hidden = false; }
}

function clearError() {
  const box = document.getElementById('error');
  if (box) box.hidden = true;
}

/**
 * Re-renders the page when the orchestrator says something changed (server-sent events), at most
 * one render at a time; a change during a render triggers one more.
 */
function live(render) {
  let running = false;
  let again = false;
  const run = async () => {
    if (running) { again = true; return; }
    running = true;
    try {
      await render();
      clearError();
    } catch (e) {
      showError(e);
    } finally {
      running = false;
      if (again) { again = false; run(); }
    }
  };
  const status = document.getElementById('live');
  let source = null;
  const connect = () => {
    source = new EventSource(apiPath(API_PATHS.EVENTS));
    let opened = false;
    source.addEventListener('open', () => {
      status.textContent = '● live';
      status.dataset.state = 'live';
      // After a reconnect, changes may have been missed while the stream was down.
      if (opened) run();
      opened = true;
    });
    source.addEventListener('error', () => { status.textContent = '○ reconnecting…'; status.dataset.state = 'reconnecting'; });
    source.addEventListener('change', run);
  };
  // A page left open in the back/forward cache must not keep its stream: browsers allow only
  // six connections per host, and stale streams would starve the next page's requests.
  window.addEventListener('pagehide', () => { if (source) { source.close(); source = null; } });
  window.addEventListener('pageshow', e => { if (e.persisted) { connect(); run(); } });
  connect();
  run();
  return run;
}
