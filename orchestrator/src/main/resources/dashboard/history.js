'use strict';
// The test history page (history.html?family=F&test_id=T): one test across a family's recent runs.
const family = param('family');
const testId = param('test_id');
const LABELS = { new: 'NEW', still_failing: 'STILL FAILING', flaky: 'FLAKY' };

function streakText(s) {
  if (s.red) return `${s.family} is red since run ${s.went_red.run_id} (${age(s.went_red.created_at)}); last red run ${s.last_red.run_id}.`;
  if (s.went_red) return `${s.family} is green; it last went red in run ${s.went_red.run_id} (${age(s.went_red.created_at)}).`;
  if (s.last_green) return `${s.family} is green and has not been red.`;
  return `${s.family} has no verdict yet.`;
}

async function render() {
  document.getElementById('h-family').value = family || '';
  document.getElementById('h-test').value = testId || '';
  if (!family || !testId) return;
  const q = new URLSearchParams({ family, test_id: testId });
  const [h, streak] = await Promise.all([
    getJson(apiPath(API_PATHS.HISTORY) + '?' + q),
    getJson(apiPath(API_PATHS.FAMILY_LAST_RED, family)),
  ]);
  document.title = `gfxfleet: ${testId} on ${family}`;
  document.getElementById('history-title').replaceChildren('History of ', el('code', {}, testId), ` on ${family}`);
  document.getElementById('streak').textContent = streakText(streak);
  document.getElementById('history').hidden = false;
  const body = document.getElementById('history-body');
  if (!h.entries.length) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 8 }, `No runs of ${family} yet.`)));
    return;
  }
  body.replaceChildren(...h.entries.map(e => el('tr', { 'data-run': e.run_key, 'data-label': e.label || '', class: e.status && isFailure(e.status) ? 'bad' : '' },
    el('td', {}, el('a', { href: `run.html?id=${e.run_key}&job=${e.job_id}` }, e.run_id)),
    el('td', {}, e.version),
    el('td', {}, el('time', { datetime: e.created_at, title: localTime(e.created_at) }, age(e.created_at))),
    el('td', {}, verdictText(jobVerdict({ state: e.job_state, attempt: e.attempt }))),
    el('td', { class: 'status' }, e.status ? statusText(e.status) : '— not run'),
    el('td', {}, e.label ? el('span', { class: `label l-${e.label}` }, LABELS[e.label] || e.label) : ''),
    el('td', { class: 'message' }, e.message || ''),
    el('td', {}, e.earlier_attempts.map(a => `#${a.attempt} ${statusText(a.status)}`).join(', ')))));
}

live(render);
