'use strict';
// The matrix page (index.html): rows = runs newest first, columns = GPU families.
const PAGE_SIZE = 25;
const filters = {
  family: param('family') || '',
  platform: param('platform') || '',
  verdict: param('verdict') || '',
  version: param('version') || '',
  page: Math.max(0, parseInt(param('page') || '0', 10) || 0),
};
// Where each page starts: pageStarts[k] is the `next` cursor of page k-1 (keyset paging), so no run
// is skipped or shown twice when runs arrive while someone pages, and a page re-rendered on a live
// event stays where it was. A page reached by a link (?page=N, no cursor yet) falls back to an offset.
const pageStarts = [];

function initFilters() {
  const verdict = document.getElementById('f-verdict');
  for (const [key, v] of Object.entries(VERDICTS)) verdict.append(el('option', { value: key }, `${v.symbol} ${v.word}`));
  document.getElementById('f-platform').value = filters.platform;
  verdict.value = filters.verdict;
  document.getElementById('f-version').value = filters.version;
  const form = document.getElementById('filters');
  const apply = () => {
    filters.family = document.getElementById('f-family').value;
    filters.platform = document.getElementById('f-platform').value;
    filters.verdict = verdict.value;
    filters.version = document.getElementById('f-version').value.trim();
    filters.page = 0;
    pageStarts.length = 0;
    refresh();
  };
  form.addEventListener('change', apply);
  let typing;
  document.getElementById('f-version').addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(apply, 300); });
  form.addEventListener('submit', e => { e.preventDefault(); apply(); });
  form.addEventListener('reset', () => setTimeout(apply, 0));
  document.getElementById('prev').addEventListener('click', () => { filters.page = Math.max(0, filters.page - 1); refresh(); });
  document.getElementById('next').addEventListener('click', () => { filters.page += 1; refresh(); });
}

function query() {
  const q = new URLSearchParams();
  for (const k of ['family', 'platform', 'verdict', 'version']) if (filters[k]) q.set(k, filters[k]);
  if (filters.page) q.set('page', filters.page);
  return q;
}

function familyOptions(families) {
  const select = document.getElementById('f-family');
  const known = new Set(families);
  if (filters.family) known.add(filters.family);
  select.replaceChildren(el('option', { value: '' }, 'all'), ...[...known].sort().map(f => el('option', { value: f }, f)));
  select.value = filters.family;
}

function lastRedText(s) {
  if (s.red) {
    const since = s.went_red;
    return el('span', { class: 'streak red' }, `✘ red since ${since.run_id}`, el('br'), age(since.created_at));
  }
  if (s.last_green) {
    const parts = ['✔ green'];
    if (s.went_red) parts.push(`last went red ${s.went_red.run_id}, ${age(s.went_red.created_at)}`);
    return el('span', { class: 'streak green' }, parts[0], parts[1] ? el('br') : null, parts[1] || null);
  }
  return el('span', { class: 'streak' }, 'no verdict yet');
}

async function renderHeader(families) {
  const head = document.getElementById('matrix-head');
  const cells = families.map(f => el('th', { scope: 'col', 'data-family': f },
    el('a', { href: '?family=' + encodeURIComponent(f), title: 'only ' + f }, f),
    el('div', { class: 'last-red' }, '…')));
  head.replaceChildren(el('th', { scope: 'col' }, 'Run'), ...cells);
  const streaks = await Promise.all(families.map(f => getJson(apiPath(API_PATHS.FAMILY_LAST_RED, f)).catch(() => null)));
  streaks.forEach((s, i) => cells[i].querySelector('.last-red').replaceChildren(s ? lastRedText(s) : ''));
}

// A family may have several jobs in a run (one per Python version, in an image): its cell shows
// the verdict over them (as the run's verdict over all jobs), and each job on hover.
function cell(run, family) {
  const jobs = run.jobs.filter(j => j.family === family);
  if (!jobs.length) return el('td', { class: 'cell none', 'data-family': family, 'data-verdict': 'none' }, el('span', { title: 'not tested' }, '—'));
  const key = familyVerdict(jobs);
  const counts = jobs.reduce((a, j) => ({ passed: a.passed + j.counts.passed, failed: a.failed + j.counts.failed,
    skipped: a.skipped + j.counts.skipped }), { passed: 0, failed: 0, skipped: 0 });
  const each = jobs.map(j => `${jobLabel(j)}: ${verdictText(jobVerdict(j))} ${countsText(j.counts)}`).join('\n');
  const target = jobs.length === 1 ? `run.html?id=${run.id}&job=${jobs[0].id}` : `run.html?id=${run.id}&family=${encodeURIComponent(family)}`;
  return el('td', { class: `cell v-${key}`, 'data-family': family, 'data-verdict': key, 'data-job': jobs.length === 1 ? jobs[0].id : null,
      'data-jobs': jobs.length },
    el('a', { href: target, title: `${family}: ${VERDICTS[key] ? VERDICTS[key].word : key}` + (jobs.length > 1 ? '\n' + each : '') },
      el('span', { class: 'verdict' }, verdictText(key)),
      el('span', { class: 'counts' }, countsText(counts)),
      jobs.length > 1 ? el('span', { class: 'jobs' }, `${jobs.length} jobs`) : null));
}

// Under a run: the commit it was built from and its pull request, each linked where present.
function provenanceLine(p) {
  const links = provenanceLinks(p);
  if (!links || (!p.commit && p.pull_request == null)) return null;
  const parts = [];
  if (p.commit) parts.push(outLink(links.commit, 'commit', el('code', {}, links.shortCommit), `commit ${p.commit}`));
  if (p.pull_request != null) parts.push(outLink(links.pullRequest, 'pull-request', `#${p.pull_request}`, `pull request ${p.pull_request}`));
  return el('div', { class: 'meta provenance' }, ...parts.flatMap((x, i) => i ? [' · ', x] : [x]));
}

async function render() {
  const q = query();
  history.replaceState(null, '', q.toString() ? '?' + q : location.pathname);
  const api = new URLSearchParams(q);
  api.delete('page');
  api.set('limit', PAGE_SIZE);
  if (pageStarts[filters.page]) api.set('before', pageStarts[filters.page]);
  else if (filters.page) api.set('offset', filters.page * PAGE_SIZE);
  const page = await getJson(apiPath(API_PATHS.MATRIX) + '?' + api);
  pageStarts[filters.page + 1] = page.next;
  familyOptions(page.families);
  const families = filters.family ? [filters.family] : page.families;
  const header = renderHeader(families);
  const body = document.getElementById('matrix-body');
  if (!page.runs.length) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: families.length + 1 }, page.total ? 'No runs on this page.' : 'No runs match.')));
  } else {
    body.replaceChildren(...page.runs.map(run => el('tr', { 'data-run': run.id, 'data-run-id': run.run_id },
      el('th', { scope: 'row', class: 'run' },
        el('a', { href: 'run.html?id=' + run.id }, el('span', { class: 'run-id' }, run.run_id), ' ', el('span', { class: 'version' }, run.version)),
        el('div', { class: 'meta' }, `${run.platform} · ${run.artifact_group} · `, el('time', { datetime: run.created_at, title: localTime(run.created_at) }, age(run.created_at))),
        provenanceLine(run.provenance)),
      ...families.map(f => cell(run, f)))));
  }
  // Counted in pages: a cursor's answer carries no offset.
  const first = page.total ? filters.page * PAGE_SIZE + 1 : 0;
  const last = filters.page * PAGE_SIZE + page.runs.length;
  document.getElementById('page-info').textContent = `runs ${first}–${last} of ${page.total}`;
  document.getElementById('prev').disabled = filters.page === 0;
  document.getElementById('next').disabled = !page.next;
  await header;
}

// Old links (#run/RUN[/JOB], e.g. printed by the demo) lead to the run page.
const legacy = location.hash.match(/^#run\/([\w-]+)(?:\/([\w-]+))?$/);
if (legacy) location.replace(`run.html?id=${legacy[1]}` + (legacy[2] ? `&job=${legacy[2]}` : ''));

initFilters();
const refresh = live(render);
