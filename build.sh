#!/usr/bin/env bash
# IdentityOps build entry point. `./build.sh demo` and `./build.sh test` set up a fresh machine of
# this kind by themselves: Debian packages, local dotnet tools, NuGet packages. Nothing is
# downloaded from anywhere but the package registries.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$(pwd)

usage() {
  cat <<USAGE
usage: ./build.sh <command> [options]
  demo [--no-serve]   start a local PostgreSQL (or use IDENTITYOPS_DB), scan the sample tenant into out/demo/
                      (report.html, findings.json, findings.csv), then serve the web app on http://127.0.0.1:5080
  test                build everything and run every test project; last line: N passed, N failed, N skipped
  scan --snapshot DIR --out DIR [--as-of T] [--db ADMIN_CONNECTION]
                      assess an exported tenant offline (Graph SDK -> emulator -> collector -> PostgreSQL)
  bench [--sizes small,medium,large|none] [--speed 5]
                      collection benchmark against the emulator, then persistence (figures go to BENCHMARKS.md);
                      --sizes none measures persistence alone; --no-warmup skips the unmeasured small scan first
  trust [--db ADMIN_CONNECTION]
                      every trust claim with its live status against the local demo database (status, id, evidence)
  migrate             deployment schema step: Database__OwnerConnectionString, or IDENTITYOPS_DB as admin to provision first
  build               build the solution (warnings are errors)
USAGE
}

log() { printf '==> %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

pg_bin_dir() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

ensure_postgres_binaries() {
  [ -n "${IDENTITYOPS_DB:-}" ] && return
  if [ -z "$(pg_bin_dir)" ] || [ ! -x "$(pg_bin_dir)/initdb" ]; then
    log "installing PostgreSQL server binaries (apt)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
  fi
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    as_root useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  fi
}

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    log "installing Chromium (apt) for the browser tests"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
}

ensure_dotnet() {
  command -v dotnet >/dev/null 2>&1 || { echo "dotnet SDK 10 is required on PATH" >&2; exit 1; }
  dotnet tool restore >/dev/null
}

# A throwaway cluster for the demo, under /tmp so the unprivileged server user can reach it.
DEMO_PG_DIR="${TMPDIR:-/tmp}/identityops-demo-pg"
start_demo_postgres() {
  local bin port data="$DEMO_PG_DIR/data" run_as=()
  bin=$(pg_bin_dir)
  [ "$(id -u)" -eq 0 ] && run_as=(runuser -u postgres --)
  if [ ! -f "$data/PG_VERSION" ]; then
    rm -rf "$DEMO_PG_DIR"; mkdir -p "$DEMO_PG_DIR"; chmod 700 "$DEMO_PG_DIR"
    head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$DEMO_PG_DIR/password"
    [ "$(id -u)" -eq 0 ] && chown -R postgres: "$DEMO_PG_DIR"
    "${run_as[@]}" "$bin/initdb" -D "$data" -U postgres --auth=scram-sha-256 --pwfile="$DEMO_PG_DIR/password" -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  port=${IDENTITYOPS_DEMO_PG_PORT:-55432}
  if ! "${run_as[@]}" "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    "${run_as[@]}" "$bin/pg_ctl" -D "$data" -l "$DEMO_PG_DIR/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$DEMO_PG_DIR'" start >/dev/null
  fi
  DEMO_ADMIN_DB="Host=127.0.0.1;Port=$port;Username=postgres;Password=$(cat "$DEMO_PG_DIR/password");Database=postgres"
  log "PostgreSQL running on 127.0.0.1:$port (data in $data)"
}

stop_demo_postgres() {
  local run_as=()
  [ "$(id -u)" -eq 0 ] && run_as=(runuser -u postgres --)
  "${run_as[@]}" "$(pg_bin_dir)/pg_ctl" -D "$DEMO_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
}

cmd_build() {
  ensure_dotnet
  dotnet build IdentityOps.sln -c Release -nologo -v q -clp:ErrorsOnly >&2
}

# Node tools the tests start (Azurite for the queue-triggered worker, MailDev as the SMTP server), pinned in tests/node/package-lock.json.
ensure_test_node_tools() {
  command -v npm >/dev/null 2>&1 || { echo "node and npm are required on PATH (the tests start Azurite and MailDev)" >&2; exit 1; }
  if [ ! -x tests/node/node_modules/.bin/azurite-queue ] || [ ! -x tests/node/node_modules/.bin/maildev ] || [ tests/node/package-lock.json -nt tests/node/node_modules/.package-lock.json ]; then
    log "installing test tools (npm ci in tests/node)"
    (cd tests/node && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}

cmd_test() {
  ensure_postgres_binaries
  ensure_test_node_tools
  ensure_chromium
  cmd_build
  local results="$ROOT/out/test-results" status=0
  rm -rf "$results"
  dotnet test IdentityOps.sln -c Release --no-build -nologo \
    --logger "trx;LogFilePrefix=tests" --logger "console;verbosity=minimal" \
    --results-directory "$results" || status=$?

  local passed=0 failed=0 skipped=0 files=0 counters
  shopt -s nullglob
  for trx in "$results"/*.trx; do
    files=$((files + 1))
    counters=$(grep -o '<Counters [^>]*>' "$trx" || true)
    passed=$((passed + $(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")))
    failed=$((failed + $(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters") + $(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")))
    skipped=$((skipped + $(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")))
  done
  [ "$files" -eq 0 ] && status=1
  [ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1   # a crashed test host counts as a failure
  echo "$passed passed, $failed failed, $skipped skipped"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ] && [ "$status" -eq 0 ]
}

cmd_demo() {
  local serve=1
  for arg in "$@"; do [ "$arg" = "--no-serve" ] && serve=0; done
  ensure_postgres_binaries
  cmd_build
  local admin
  admin=$(admin_connection "")
  [ -z "${IDENTITYOPS_DB:-}" ] && [ "$serve" -eq 1 ] && trap stop_demo_postgres EXIT
  # Scan the sample tenant through the whole pipeline and write the CISO report and findings.
  local sample="${TMPDIR:-/tmp}/identityops-sample-tenant"
  rm -rf "$sample"
  dotnet cli/bin/Release/net10.0/IdentityOps.Cli.dll sample-tenant --out "$sample"
  Database__AdminConnectionString="$admin" Snapshot__DatabaseName=identityops_demo \
    dotnet cli/bin/Release/net10.0/IdentityOps.Cli.dll scan --snapshot "$sample" --out "$ROOT/out/demo" --as-of 2026-11-25T00:00:00Z
  if [ "$serve" -eq 0 ]; then
    return
  fi
  log "serving http://127.0.0.1:5080 (Ctrl+C to stop)"
  ASPNETCORE_ENVIRONMENT=Development Demo__AdminConnectionString="$admin" Demo__SampleTenantDirectory="$sample" \
    dotnet web/bin/Release/net10.0/IdentityOps.Web.dll --urls http://127.0.0.1:5080 --contentRoot "$ROOT/web"
}

# An admin connection for commands that need a database: --db, else IDENTITYOPS_DB, else the local cluster.
admin_connection() {
  local db="${1:-}"
  if [ -n "$db" ]; then echo "$db"; return; fi
  if [ -n "${IDENTITYOPS_DB:-}" ]; then echo "$IDENTITYOPS_DB"; return; fi
  start_demo_postgres >&2
  echo "$DEMO_ADMIN_DB"
}

cmd_scan() {
  local args=() db=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --db) db="${2:-}"; shift 2 ;;
      *) args+=("$1"); shift ;;
    esac
  done
  ensure_postgres_binaries
  cmd_build
  local admin
  admin=$(admin_connection "$db")
  Database__AdminConnectionString="$admin" dotnet cli/bin/Release/net10.0/IdentityOps.Cli.dll scan "${args[@]}"
}

cmd_trust() {
  local db=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --db) db="${2:-}"; shift 2 ;;
      *) echo "trust: unexpected argument '$1'" >&2; exit 2 ;;
    esac
  done
  ensure_postgres_binaries
  cmd_build
  local admin
  admin=$(admin_connection "$db")
  # The audit head signing key (ECDSA P-256) lives apart from the database and from the token key ring,
  # in a local key directory (created on first use, never in the repository).
  # The Functions worker (which `func` would host) attests once, as at its start-up, with its own key
  # ring and attestation key under out/keys: the claims only it holds are shown from that attestation.
  Database__AdminConnectionString="$admin" AuditAnchors__SigningKeyFile="${AuditAnchors__SigningKeyFile:-$ROOT/out/keys/audit-head-signing.pem}" \
    Trust__FunctionsHost="$ROOT/functions/bin/Release/net10.0/IdentityOps.Functions.dll" Trust__LocalKeyDirectory="$ROOT/out/keys" \
    dotnet cli/bin/Release/net10.0/IdentityOps.Cli.dll trust
}

cmd_bench() {
  ensure_postgres_binaries
  cmd_build
  # The benchmark is not in the solution (it is not a test project): build it explicitly, never run a stale binary.
  dotnet build tests/IdentityOps.Benchmarks -c Release -nologo -v q -clp:ErrorsOnly >&2
  dotnet tests/IdentityOps.Benchmarks/bin/Release/net10.0/IdentityOps.Benchmarks.dll collect "$@"
}

cmd_migrate() {
  ensure_dotnet
  cmd_build
  if [ -z "${Database__OwnerConnectionString:-}" ] && [ -n "${IDENTITYOPS_DB:-}" ]; then
    export Database__AdminConnectionString="$IDENTITYOPS_DB"
  fi
  dotnet cli/bin/Release/net10.0/IdentityOps.Cli.dll migrate
}

case "${1:-}" in
  demo) shift; cmd_demo "$@" ;;
  test) shift; cmd_test "$@" ;;
  scan) shift; cmd_scan "$@" ;;
  bench) shift; cmd_bench "$@" ;;
  trust) shift; cmd_trust "$@" ;;
  migrate) shift; cmd_migrate "$@" ;;
  build) shift; cmd_build "$@" ;;
  ""|-h|--help|help) usage ;;
  *) usage; exit 2 ;;
esac
