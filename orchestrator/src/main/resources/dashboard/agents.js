'use strict';
// The fleet: who is there, what it can test, what it runs; drain and un-quarantine need an operator token.
const STALE_MS = 10 * 60 * 1000;
const tokenInput = document.getElementById('token');
tokenInput.value = sessionStorage.getItem('gfxfleet-operator-token') || '';
tokenInput.addEventListener('change', () => sessionStorage.setItem('gfxfleet-operator-token', tokenInput.value));

function agentState(a) {
  const words = [];
  if (a.quarantined) words.push(`⛔ quarantined (${a.consecutive_infra_errors} infra errors)`);
  if (a.drained) words.push('⏸ drained');
  if (!words.length) words.push('● active');
  if (Date.now() - Date.parse(a.last_seen) > STALE_MS) words.push('◌ stale');
  return words.join(', ');
}

const ACTION_ROUTES = { drain: API_PATHS.AGENT_DRAIN, undrain: API_PATHS.AGENT_UNDRAIN, unquarantine: API_PATHS.AGENT_UNQUARANTINE };

async function act(agent, action) {
  // JSON, not a bare POST: the API refuses other types, which a cross-site form could send.
  const headers = { 'Content-Type': 'application/json' };
  if (tokenInput.value) headers.Authorization = 'Bearer ' + tokenInput.value;
  const r = await fetch(apiPath(ACTION_ROUTES[action], agent), { method: 'POST', headers, body: '{}' });
  if (!r.ok) {
    let why = 'HTTP ' + r.status;
    try { why = (await r.json()).error || why; } catch (e) { /* not JSON */ }
    throw new Error(`${action} ${agent}: ${why}`);
  }
}

function button(label, agent, action, refresh) {
  const b = el('button', { type: 'button', 'data-action': action }, label);
  b.addEventListener('click', () => act(agent, action).then(refresh).catch(showError));
  return b;
}

async function render() {
  const agents = await getJson(apiPath(API_PATHS.AGENTS));
  const body = document.getElementById('agents-body');
  if (!agents.length) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 8 }, 'No agent has asked for work yet.')));
    return;
  }
  body.replaceChildren(...agents.map(a => el('tr', { 'data-agent': a.id },
    el('th', { scope: 'row' }, a.id),
    el('td', {}, a.gfx_targets.join(', ') || '—'),
    el('td', {}, a.families.join(', ')),
    el('td', {}, a.labels.join(', ') || '—'),
    el('td', { class: 'agent-state' }, agentState(a)),
    el('td', {}, a.current_job ? a.current_job : 'idle'),
    el('td', { title: localTime(a.last_seen) }, age(a.last_seen)),
    el('td', {},
      a.drained ? button('Undrain', a.id, 'undrain', refresh) : button('Drain', a.id, 'drain', refresh),
      a.quarantined ? button('Lift quarantine', a.id, 'unquarantine', refresh) : null))));
}

const refresh = live(render);
