#!/usr/bin/env bash
# Re-records agent/src/main/cds/agent.classlist: the classes one `agent run --once` job loads (a
# passing job of the sample packages, served by a local orchestrator), as the launcher runs the agent
# (serial GC), with -XX:DumpLoadedClassList. Run after `mvn -DskipTests -Dgfxfleet.dist.skip=true
# package`; ClassListsTest fails when a list names classes that no longer exist. The publish list has
# its own recording (see the header of orchestrator/src/main/cds/publish.classlist).
#
#   agent/src/main/cds/record.sh [WORK_DIR]      (default: a fresh temporary folder, deleted after)
set -euo pipefail
root="$(cd "$(dirname "$0")/../../../.." && pwd)"
list="$root/agent/src/main/cds/agent.classlist"
agent_jar=$(ls "$root"/agent/target/agent-*.jar | grep -v original | head -1)
service_jar=$(ls "$root"/orchestrator/target/orchestrator-*.jar | grep -v -e original -e -build -e -tests | head -1)
build_jar=$(ls "$root"/orchestrator/target/orchestrator-*-build.jar | head -1)
work="${1:-$(mktemp -d)}"
keep="${1:-}"
trap 'kill "${orchestrator_pid:-}" 2>/dev/null || true; [[ -n "$keep" ]] || rm -rf "$work"' EXIT
version=7.10.0a20261203 family=gfx94X-dcgpu

java -jar "$service_jar" samples build --out "$work/samples" --rocm-version "$version" --families "$family" >/dev/null
java -jar "$build_jar" publish --packages-dir "$work/samples/dist" --run-id record1 --artifact-group "$family" \
  --output-dir "$work/packages" >/dev/null
java -jar "$build_jar" deps publish --packages-dir "$work/samples/deps" --output-dir "$work/packages" >/dev/null
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
java -jar "$service_jar" orchestrator serve --port "$port" --data-dir "$work/orchestrator" --packages-dir "$work/packages" \
  >"$work/orchestrator.log" 2>&1 &
orchestrator_pid=$!
until curl -sf -o /dev/null "$base/api/v1/health"; do
  kill -0 "$orchestrator_pid" || { tail -20 "$work/orchestrator.log" >&2; exit 2; }
  sleep 0.5
done
echo record >"$work/token"
java -jar "$service_jar" submit --orchestrator "$base" --token-file "$work/token" --run-id record1 --platform linux \
  --artifact-group "$family" --rocm-version "$version" --families "$family" \
  --deps-index "$base/packages/python-deps/simple/" --run-index "$base/packages/record1-linux/python/$family/simple/" >/dev/null
java -XX:DumpLoadedClassList="$work/agent.classlist" -XX:+UseSerialGC -jar "$agent_jar" run --orchestrator "$base" \
  --gpu-family "$family" --once --work-dir "$work/agent" --agent-id record-agent --min-free-disk-gb 1 >"$work/agent.log" 2>&1 \
  || { echo "the job did not pass; see $work/agent.log" >&2; tail -20 "$work/agent.log" >&2; exit 2; }
# The header stays; generated classes (dynamic proxies, JFR's event handlers) cannot be archived.
{ grep '^#' "$list"; grep -v -e '\$Proxy[0-9]' -e '^jdk/jfr/internal/handlers/EventHandler' "$work/agent.classlist"; } >"$list.new"
mv "$list.new" "$list"
echo "recorded $(grep -vc '^#' "$list") lines into $list"
