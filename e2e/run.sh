#!/usr/bin/env bash
# Builds Kynnys, starts it in demo mode on a free loopback port with a fresh
# SQLite database, runs the browser checks (e2e/check.mjs) against it, stops
# it, and exits with the checks' status. Works from a clean clone:
#
#   bash e2e/run.sh [extra check.mjs options, e.g. --only home,staff]
#
# Needs: Go, Node 20+, npm, and Chromium at /usr/bin/chromium (or
# CHROMIUM_PATH); `apt-get install -y chromium` on Debian. E2E_OUT sets the
# screenshot directory (default e2e/out).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
started=$SECONDS

if ! command -v go >/dev/null && [ -x /usr/local/go/bin/go ]; then
  export PATH="/usr/local/go/bin:$PATH"
fi
for tool in go node npm; do
  command -v "$tool" >/dev/null || { echo "e2e: $tool is not installed" >&2; exit 2; }
done
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium_path" ]; then
  echo "e2e: no Chromium at $chromium_path (apt-get install -y chromium, or set CHROMIUM_PATH)" >&2
  exit 2
fi
out="${E2E_OUT:-$root/e2e/out}"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/kynnys-e2e.XXXXXX")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "e2e: building the server"
bin="$tmp/kynnys-e2e"
go build -buildvcs=false -o "$bin" ./cmd/kynnys

if [ ! -d e2e/node_modules ] || [ e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]; then
  echo "e2e: npm ci"
  (cd e2e && npm ci --no-audit --no-fund)
fi

# A free port: the kernel picks one, node reports it, the server takes it.
port="$(node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')"
base="http://127.0.0.1:$port"
mkdir -p "$out"
log="$out/server.log"
echo "e2e: starting kynnys serve --demo on $base (log: $log)"
"$bin" serve --demo --addr "127.0.0.1:$port" --db "$tmp/e2e.db" >"$log" 2>&1 &
server_pid=$!

ready=""
for _ in $(seq 1 150); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "e2e: the server exited while starting:" >&2
    tail -n 30 "$log" >&2
    server_pid=""
    exit 2
  fi
  if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$base/readyz"; then
    ready=yes
    break
  fi
  sleep 0.2
done
if [ -z "$ready" ]; then
  echo "e2e: $base/readyz did not answer 200 within 30 s:" >&2
  tail -n 30 "$log" >&2
  exit 2
fi

status=0
CHROMIUM_PATH="$chromium_path" node e2e/check.mjs --base "$base" --out "$out" "$@" || status=$?

kill "$server_pid" 2>/dev/null || true
wait "$server_pid" 2>/dev/null || true
server_pid=""

echo "e2e: screenshots in $out (server log: $log); $((SECONDS - started)) s in all; exit $status"
exit "$status"
