#!/usr/bin/env bash
# The test command (README, .ci/run): starts RabbitMQ and PostgreSQL (scripts/services.sh; installs RabbitMQ if
# missing), builds the solution in Release, runs every test project of the solution one after the other (they
# share the broker's default virtual host), and ends with one line: "N passed, N failed" (skipped tests, the explicit
# ones, are counted on a line of their own before it).
# Exits non-zero when the build fails or any test fails. Test results (TRX) are left in TestResults/.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results="$root/TestResults"

log() { printf '[test] %s\n' "$*" >&2; }

scripts/services.sh start || { log "could not start RabbitMQ and PostgreSQL"; exit 1; }

log "building DeployQueue.sln (Release)"
dotnet build DeployQueue.sln -c Release || { log "build failed"; exit 1; }

# A test project is a project of the solution that references the test SDK.
test_projects=()
while IFS= read -r project; do
  grep -q 'Microsoft.NET.Test.Sdk' "$project" && test_projects+=("$project")
done < <(dotnet sln DeployQueue.sln list | grep -E '\.csproj$')

rm -rf "$results"
mkdir -p "$results"

counter() { # counter NAME TRX-FILE: an attribute of the TRX's <Counters> element, 0 if absent
  grep -o '<Counters [^>]*>' "$2" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]\+' || echo 0
}

passed=0 failed=0 skipped=0
for project in "${test_projects[@]}"; do
  name="$(basename "$project" .csproj)"
  log "testing $name"
  dotnet test "$project" --no-build -c Release \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --blame-hang-timeout 15m --blame-hang-dump-type none
  status=$?
  trx="$results/$name.trx"
  if [ ! -f "$trx" ]; then
    log "$name produced no test results: counted as one failure"
    failed=$((failed + 1))
    continue
  fi
  total=$(counter total "$trx")
  p=$(counter passed "$trx")
  f=$(( $(counter failed "$trx") + $(counter error "$trx") + $(counter timeout "$trx") + $(counter aborted "$trx") ))
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
    log "$name's test run ended abnormally (exit $status): counted as one failure"
    f=1
  fi
  s=$(( total - p - f )); [ "$s" -lt 0 ] && s=0
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
done

[ "${#test_projects[@]}" -eq 0 ] && log "no test project in DeployQueue.sln"
[ "$skipped" -gt 0 ] && log "$skipped skipped (explicit tests, run by name only)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
