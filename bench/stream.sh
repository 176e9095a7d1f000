#!/usr/bin/env bash
# Bounded-memory benchmark of slabrace, run by hand (never in CI): streams a simulator trace of N events
# through a named pipe into `slabrace analyze` under a fixed heap, so that a trace far larger than the
# disk or the heap is analysed without being stored. Prints the wall and CPU time, the events/s, peak
# RSS, and the live heap (after a full collection, `jmap -histo:live`) sampled every S seconds.
#
#   bench/stream.sh [--events N] [--xmx SIZE] [--scenario NAME] [--every S] [--dir DIR]
#
#   --events N     events of the trace, default 1000000000
#   --xmx SIZE     -Xmx of the analysing JVM, default 1g
#   --scenario S   simulator scenario, default mixed
#   --every S      seconds between live-heap samples, default 120
#   --dir DIR      where the pipe, logs and jar copy go, default ${TMPDIR:-/tmp}/slabrace-stream
#
# The simulator writes the binary format into the pipe from a second JVM (on the other core of a
# 2-core machine); the analysing JVM is not pinned. The live-heap samples force full collections,
# which cost the analysis a little time.
set -euo pipefail

root="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
events=1000000000
xmx=1g
scenario=mixed
every=120
dir="${TMPDIR:-/tmp}/slabrace-stream"
while (($#)); do
  case "$1" in
    --events) events="$2"; shift 2 ;;
    --xmx) xmx="$2"; shift 2 ;;
    --scenario) scenario="$2"; shift 2 ;;
    --every) every="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/stream.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
done

say() { echo "stream: $*" >&2; }

if [[ ! -x /usr/bin/time ]]; then
  say "installing GNU time (/usr/bin/time) ..."
  if [[ $(id -u) -eq 0 ]]; then apt-get install -y -qq time >/dev/null; else sudo apt-get install -y -qq time >/dev/null; fi
fi
say "building ..."
(cd "$root" && mvn -B -q -DskipTests -pl cli -am package 2>&1 | sed 's/\x1b\[[0-9;]*m//g') >&2
mkdir -p "$dir"
cp "$root/cli/target/slabrace.jar" "$dir/slabrace.jar"
jar="$dir/slabrace.jar"
pipe="$dir/trace.bin"
rm -f "$pipe"
mkfifo "$pipe"
trap 'rm -f "$pipe"' EXIT

say "streaming $events events of $scenario into analyze -Xmx$xmx ..."
java -jar "$jar" simulate "$scenario" --events "$events" -o "$pipe" 2>"$dir/simulate.err" &
sim=$!
/usr/bin/time -f '%e %U %S %M' -o "$dir/time.txt" \
  java "-Xmx$xmx" -jar "$jar" analyze --quiet --report json -o "$dir/report.json" "$pipe" \
  >"$dir/analyze.out" 2>"$dir/analyze.err" &
timer=$!
sleep 5
max_live=0
samples=0
while kill -0 "$timer" 2>/dev/null; do
  pid=$(pgrep -f -n "^java -Xmx$xmx -jar $jar analyze" || true)
  if [[ -n "$pid" ]]; then
    live=$(jmap -histo:live "$pid" 2>/dev/null | awk '/^Total/ {print $3}' || true)
    if [[ -n "$live" ]]; then
      samples=$((samples + 1))
      ((live > max_live)) && max_live=$live
      say "$(date +%T) live heap $((live / 1048576)) MiB"
    fi
  fi
  for ((i = 0; i < every; i++)); do
    kill -0 "$timer" 2>/dev/null || break
    sleep 1
  done
done
status=0
wait "$timer" || status=$?
wait "$sim" || true
read -r wall user sys rss <"$dir/time.txt"
awk -v n="$events" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v l="$max_live" -v k="$samples" \
  -v x="$xmx" -v st="$status" 'BEGIN {
    printf "events %d, -Xmx%s, exit %d\n", n, x, st
    printf "wall %.1f s (%.2f M events/s), cpu %.1f s (%.2f M events/s)\n", w, n / w / 1e6, u + s, n / (u + s) / 1e6
    printf "peak RSS %d MiB, largest live heap of %d samples %d MiB\n", r / 1024, k, l / 1048576
  }'
cat "$dir/analyze.err" >&2
