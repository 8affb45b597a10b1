#!/usr/bin/env bash
# Measures the kynnys binary: size (as built and stripped), time from process
# start to /readyz 200 (new database: includes migrations; existing database),
# and resident memory when idle after start. Prints medians of N runs.
# Usage: bash scripts/measure-startup.sh [N] [DB]   (DB: a postgres:// URL; default a fresh SQLite file)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-9}
dsn=${2:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/kynnys" ./cmd/kynnys
go build -ldflags="-s -w" -o "$tmp/kynnys-stripped" ./cmd/kynnys
echo "binary bytes: $(stat -c %s "$tmp/kynnys") (stripped: $(stat -c %s "$tmp/kynnys-stripped"))"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

measure() { # $1: db  → prints "ms rss_kb"
  local port; port=$(free_port)
  local start; start=$(date +%s%N)
  "$tmp/kynnys" serve --addr "127.0.0.1:$port" --db "$1" >/dev/null 2>&1 &
  local pid=$!
  until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do sleep 0.002; done
  local ready; ready=$(date +%s%N)
  sleep 2
  local rss; rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" || true
  echo "$(( (ready - start) / 1000000 )) $rss"
}

: > "$tmp/new"; : > "$tmp/old"
for i in $(seq 1 "$runs"); do
  if [ -z "$dsn" ]; then db="$tmp/db$i.sqlite"; measure "$db" >> "$tmp/new"; measure "$db" >> "$tmp/old"
  else measure "$dsn" >> "$tmp/old"; fi
done
if [ -s "$tmp/new" ]; then
  echo "start to ready, new database (migrations included): median $(cut -d' ' -f1 "$tmp/new" | median) ms"
fi
echo "start to ready, existing database: median $(cut -d' ' -f1 "$tmp/old" | median) ms"
echo "idle RSS 2 s after start: median $(cut -d' ' -f2 "$tmp/old" | median) KiB"
