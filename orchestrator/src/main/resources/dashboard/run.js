'use strict';
// The run page (run.html?id=RUN[&job=JOB]): families → jobs (attempts, agent, duration) →
// failures first with message and traceback → every result grouped by step and component.
const runKey = param('id');
const onlyJob = param('job');
// A family's cell with several jobs (Python versions, images) links to the family's jobs.
const onlyFamily = param('family');

// A job's results are read a page at a time by cursor (?after=), so every result of a job of any
// size is reachable while the browser holds a bounded number: the failures in full (up to
// FAILURES_SHOWN, what a reader came for), the other results in windows of RESULTS_PAGE with
// previous/next. A job with more failures than that pages through all its results instead.
const RESULTS_PAGE = 1000;
const FAILURES_SHOWN = 5000;
// job id → the window shown: cursor of its start (null: the first), earlier windows' cursors, number of its first result.
const windows = new Map();
let rerender = null;

function windowOf(jobId) {
  if (!windows.has(jobId)) windows.set(jobId, { after: null, back: [], first: 0 });
  return windows.get(jobId);
}

function resultsPath(job, only, limit, after) {
  return apiPath(API_PATHS.JOB_RESULTS, job.id) + `?limit=${limit}` + (only ? `&only=${only}` : '') + (after ? `&after=${encodeURIComponent(after)}` : '');
}

/** The job's failing results, up to FAILURES_SHOWN, and whether there are more. */
async function failuresOf(job) {
  const out = [];
  let after = null;
  do {
    const page = await getPage(resultsPath(job, 'failures', Math.min(5000, FAILURES_SHOWN - out.length), after));
    out.push(...page.items);
    after = page.next;
  } while (after && out.length < FAILURES_SHOWN);
  return { failing: out, more: after !== null };
}

function navButton(action, text, onClick) {
  const b = el('button', { type: 'button', 'data-action': action }, text);
  b.addEventListener('click', onClick);
  return b;
}

/** First / previous / next for a job's window of results; each moves the window and renders again. */
function windowNav(job, w, page) {
  const show = next => () => { windows.set(job.id, next); if (rerender) rerender(); };
  const size = RESULTS_PAGE.toLocaleString('en');
  const buttons = [];
  if (w.back.length) {
    buttons.push(navButton('first-results', 'First', show({ after: null, back: [], first: 0 })));
    buttons.push(navButton('previous-results', `◀ Previous ${size}`,
      show({ after: w.back[w.back.length - 1], back: w.back.slice(0, -1), first: Math.max(0, w.first - RESULTS_PAGE) })));
  }
  if (page.next) {
    buttons.push(navButton('next-results', `Next ${size} ▶`,
      show({ after: page.next, back: [...w.back, w.after], first: w.first + page.items.length })));
  }
  return buttons.length ? el('p', { class: 'pager' }, ...buttons.flatMap((b, i) => i ? [' ', b] : [b])) : null;
}

function metaRow(term, ...value) {
  return [el('dt', {}, term), el('dd', {}, ...value)];
}

// A submission-time warning that no longer holds is shown as resolved, not as a standing problem:
// "no agent for F" once an agent has taken F's job.
function warningRow(run, warning) {
  const m = /^no agent for (\S+)$/.exec(warning);
  const job = m && run.jobs.find(j => j.family === m[1]);
  if (job && (job.attempt > 0 || job.agent_id)) {
    return metaRow('Resolved', `${warning} when the run was submitted; since served by ${job.agent_id || 'an agent'}`);
  }
  return metaRow('Warning', warning);
}

function renderMeta(run) {
  document.title = `gfxfleet: run ${run.run_id} ${run.version}`;
  const v = runVerdict(run);
  document.getElementById('run-title').replaceChildren(
    el('span', { class: `badge v-${v}`, id: 'run-verdict' }, verdictText(v)), ` Run ${run.run_id} · ${run.version}`);
  const rows = [
    metaRow('Platform', run.platform),
    metaRow('Artifact group', run.artifact_group),
    metaRow('Priority', run.priority),
    metaRow('Submitted', el('time', { datetime: run.created_at }, `${localTime(run.created_at)} (${age(run.created_at)})`)),
  ];
  rows.push(...provenanceRows(run.provenance));
  if (run.run_index_url) rows.push(metaRow('Run index', el('a', { href: run.run_index_url }, run.run_index_url)));
  if (run.find_links_url) rows.push(metaRow('Find-links page', el('a', { href: run.find_links_url }, run.find_links_url)));
  if (run.deps_index_url) rows.push(metaRow('Deps index', el('a', { href: run.deps_index_url }, run.deps_index_url)));
  for (const w of run.warnings) rows.push(warningRow(run, w));
  document.getElementById('run-meta').replaceChildren(...rows.flat());
  const scope = document.getElementById('scope');
  const job = onlyJob && run.jobs.find(j => j.id === onlyJob);
  scope.hidden = !job && !onlyFamily;
  if (job || onlyFamily) scope.replaceChildren(`Showing ${job ? jobLabel(job) : onlyFamily} only · `,
    el('a', { href: 'run.html?id=' + run.id }, allJobsText(run)));
}

// Repository, commit, pull request and CI run, each a link when it is safe to make one.
function provenanceRows(p) {
  const links = provenanceLinks(p);
  if (!links) return [];
  const rows = [];
  if (p.repository) rows.push(metaRow('Repository', outLink(links.repository, 'prov-repository', p.repository)));
  if (p.commit) rows.push(metaRow('Commit', outLink(links.commit, 'prov-commit', el('code', {}, links.shortCommit), p.commit)));
  if (p.pull_request != null) rows.push(metaRow('Pull request', outLink(links.pullRequest, 'prov-pull-request', `#${p.pull_request}`)));
  if (p.workflow_run_url) rows.push(metaRow('Workflow run', outLink(links.workflowRun, 'prov-workflow-run', p.workflow_run_url)));
  return rows;
}

function allJobsText(run) {
  const families = new Set(run.jobs.map(j => j.family)).size;
  return `all ${families} families of this run` + (run.jobs.length > families ? ` (${run.jobs.length} jobs)` : '');
}

function attemptsTable(attempts) {
  if (!attempts.length) return el('p', { class: 'muted' }, 'Not leased to an agent yet.');
  return el('table', { class: 'attempts' },
    el('thead', {}, el('tr', {}, ...['Attempt', 'Agent', 'Started', 'Duration', 'Ended'].map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...attempts.map(a => el('tr', {},
      el('td', {}, a.attempt), el('td', {}, a.agent_id), el('td', {}, localTime(a.granted_at)),
      el('td', {}, duration(a.granted_at, a.ended_at) + (a.ended_at ? '' : ' so far')), el('td', {}, a.outcome || 'live')))));
}

// Step logs, pip freeze of each venv and the JUnit report, as the agent uploaded them.
function logList(logs) {
  if (!logs.length) return el('p', { class: 'muted' }, 'No logs uploaded yet.');
  return el('ul', { class: 'logs' }, ...logs.map(l => el('li', {},
    el('a', { href: l.url, class: 'log' }, l.name), ` · attempt ${l.attempt} · ${(l.bytes / 1024).toFixed(1)} KiB`)));
}

function failureBlock(job, r) {
  return el('article', { class: 'failure', 'data-test-id': r.test_id },
    el('h5', {}, el('span', { class: 'badge bad' }, statusText(r.status)), ' ', el('code', { class: 'test-id' }, r.test_id)),
    el('p', { class: 'muted' }, `${r.step || 'step ?'} · ${r.component || 'component ?'}`,
      r.duration_millis != null ? ` · ${r.duration_millis} ms` : '', ' · ',
      el('a', { href: `history.html?family=${encodeURIComponent(job.family)}&test_id=${encodeURIComponent(r.test_id)}` }, 'history in ' + job.family)),
    r.message ? el('p', { class: 'message' }, r.message) : null,
    r.subtests.length ? el('ul', { class: 'subtests' }, ...r.subtests.map(s =>
      el('li', {}, el('span', { class: 'badge bad' }, statusText(s.status)), ` ${s.description}${s.message ? ': ' + s.message : ''}`,
        s.details ? el('pre', { class: 'traceback' }, s.details) : null))) : null,
    r.details ? el('pre', { class: 'traceback' }, r.details) : null);
}

function groupBy(items, key) {
  const m = new Map();
  for (const it of items) {
    const k = key(it) || '(none)';
    if (!m.has(k)) m.set(k, []);
    m.get(k).push(it);
  }
  return m;
}

function resultsByStep(job, results, openKeys) {
  const steps = groupBy(results, r => r.step);
  return [...steps].map(([step, inStep]) => {
    const key = `${job.id}/${step}`;
    const bad = inStep.filter(r => isFailure(r.status)).length;
    return el('details', { class: 'step', 'data-key': key, open: openKeys.has(key) },
      el('summary', {}, `Step ${step}: ${inStep.length} results${bad ? `, ${bad} failing` : ''}`),
      ...[...groupBy(inStep, r => r.component)].map(([component, rs]) => el('section', { class: 'component' },
        el('h6', {}, `Component ${component}`),
        el('table', { class: 'results' }, el('tbody', {},
          ...[...rs].sort((a, b) => isFailure(b.status) - isFailure(a.status)).map(r => el('tr', { class: isFailure(r.status) ? 'bad' : '', 'data-test-id': r.test_id },
            el('td', { class: 'status' }, statusText(r.status)),
            el('td', {}, el('code', {}, r.test_id)),
            el('td', { class: 'num' }, r.duration_millis != null ? `${r.duration_millis} ms` : ''))))))));
  });
}

async function renderJob(run, job, openKeys) {
  const w = windowOf(job.id);
  const [{ failing, more }, attempts, logs] = await Promise.all([failuresOf(job), getJson(apiPath(API_PATHS.JOB_ATTEMPTS, job.id)),
    getJson(apiPath(API_PATHS.JOB_LOGS, job.id)).catch(() => [])]);
  // With every failure shown above, the window pages through the rest; with too many to show, through everything.
  const only = more ? null : 'others';
  let page = await getPage(resultsPath(job, only, RESULTS_PAGE, w.after));
  if (!page.items.length && w.after) {
    // The window's start is gone (a new attempt replaced the results): back to the first.
    windows.delete(job.id);
    return renderJob(run, job, openKeys);
  }
  const key = jobVerdict(job);
  const what = only ? 'Other results' : 'All results';
  const range = page.items.length ? ` ${(w.first + 1).toLocaleString('en')}–${(w.first + page.items.length).toLocaleString('en')}` : '';
  return el('section', { class: 'job', id: 'job-' + job.id, 'data-job': job.id, 'data-family': job.family, 'data-verdict': key },
    el('h3', {}, el('span', { class: `badge v-${key}` }, verdictText(key)), ` ${jobLabel(job)}`),
    el('p', {}, `${countsText(job.counts)} · attempt ${job.attempt}`,
      job.python ? ` · Python ${job.python}` : '',
      job.agent_id ? ` · agent ${job.agent_id}` : '',
      job.started_at ? ` · ${duration(job.started_at, job.finished_at)}${job.finished_at ? '' : ' so far'}` : '',
      job.reason ? el('span', { class: 'reason' }, ` · ${job.reason}`) : null),
    el('h4', {}, 'Attempts'), attemptsTable(attempts),
    el('h4', {}, 'Logs'), logList(logs),
    el('h4', {}, failing.length ? `Failures (${failing.length.toLocaleString('en')}${more ? '+' : ''})` : 'Failures: none'),
    ...failing.map(r => failureBlock(job, r)),
    more ? el('p', { class: 'muted' }, `The first ${FAILURES_SHOWN.toLocaleString('en')} failures are shown; every result, failures included, is in the pages below.`) : null,
    el('h4', { class: 'results-window', 'data-first': w.first }, `${what}${range}` + (only ? ' (passed, skipped, expected failures)' : '')),
    windowNav(job, w, page),
    page.items.length ? resultsByStep(job, page.items, openKeys) : el('p', { class: 'muted' }, failing.length ? 'No other results.' : 'No results yet.'),
    windowNav(job, w, page));
}

async function render() {
  if (!runKey) throw new Error('no run given: open this page from the matrix');
  const run = await getJson(apiPath(API_PATHS.RUN_PROGRESS, runKey));
  renderMeta(run);
  // Re-rendering must not close what the reader opened.
  const openKeys = new Set([...document.querySelectorAll('details[open]')].map(d => d.dataset.key));
  const jobs = run.jobs.filter(j => (!onlyJob || j.id === onlyJob) && (!onlyFamily || j.family === onlyFamily));
  const sections = await Promise.all(jobs.map(j => renderJob(run, j, openKeys)));
  document.getElementById('jobs').replaceChildren(...sections);
}

rerender = live(render);
