#!/usr/bin/env bash
# What the browser dashboard costs a live run: 60 s of scenes/naturalistic.json through the LN retina, paced at
# 30 Hz with no window, (a) without --ui, (b) with --ui and no browser, (c) with --ui and one headless chromium
# watching (tests/Dashboard.Browser/watch.mjs); the configurations take turns, ROUNDS times. Prints each run's
# closing JSON line (latency p50/p99, late and dropped frames). Needs a Release build and `npm ci` in
# tests/Dashboard.Browser.   Usage: tools/dashboard_overhead.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
unset DISPLAY WAYLAND_DISPLAY   # no live window: the dashboard is the only difference
vist=src/Simulator/bin/Release/net10.0/vist
run=(run --scene scenes/naturalistic.json --model ln --seconds 60)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for round in $(seq "${1:-2}"); do
  echo "round $round, no --ui:            $("$vist" "${run[@]}" | tail -1)"
  echo "round $round, --ui, no browser:   $("$vist" "${run[@]}" --ui 0 | tail -1)"
  "$vist" "${run[@]}" --ui 0 > "$log" &
  pid=$!
  until url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$log" | head -1) && [ -n "$url" ]; do sleep 0.2; done
  node tests/Dashboard.Browser/watch.mjs "$url" 57
  wait "$pid"
  echo "round $round, --ui, one browser:  $(tail -1 "$log")"
done
