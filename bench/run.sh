#!/usr/bin/env bash
# End-to-end benchmark of slabrace, run by hand (never in CI). Builds once, generates a trace of N events
# in each format, then per format times, with /usr/bin/time, R runs of parse-only (read every event and
# count: dev.slabrace.bench.ParseOnly) and R runs of `slabrace analyze --quiet --report json -o
# /dev/null`, each a fresh JVM, JVM start included. Prints the medians: events/s by wall time and by CPU
# time (user + sys of every JVM thread), analyze/parse CPU ratio, peak RSS and peak heap; and, to compare
# with, the rate at which `cat` merely reads the file (from the page cache, CPU time). Finally the same on
# the 5,000,017-event STD trace that peers.md measured RAPID on. The analysing JVM gets the JIT and
# collector options that ./slabrace would give it for the same file (launcher_options).
#
#   bench/run.sh [--events N] [--reps R] [--xmx SIZE] [--formats LIST] [--trace NAME=FILE]...
#                [--dir DIR] [--no-pin] [--no-rapid] [--keep]
#
#   --events N     events per trace (ftrace: event lines), default 20000000
#   --reps R       runs per measurement, default 3; medians are printed
#   --xmx SIZE     -Xmx of every measured JVM (e.g. 4g), default the JVM's own
#   --formats L    comma-separated subset of std,bin,jsonl,ftrace,sim (sim only with simulator/)
#   --trace N=F    also measure the existing trace F, shown as N (repeatable; never deleted)
#   --dir DIR      where traces go, default ${TMPDIR:-/tmp}/slabrace-bench; traces there are reused
#   --no-pin       do not pin the measured JVMs to one core (default: taskset -c 0, so the JVM sees
#                  one CPU, as the targets are stated for one core)
#   --no-rapid     skip the RAPID-comparison run
#   --keep         keep the traces (default: delete them at the end)
#
# Traces: std = StdGenerator N 8 100000 64 0.1 1 (RAPID's shape); bin and jsonl = `slabrace convert` of
# the std trace; ftrace = dev.slabrace.bench.FtraceGenerator N 32 4 1 (a slab workload: allocations,
# frees, slab_access lines, wakeups, switches, skipped noise); sim = `slabrace simulate mixed` when the
# simulator module is in the tree. Rates for ftrace count lines, as its target does.
set -euo pipefail

root="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
events=20000000
reps=3
xmx=""
formats="std,bin,jsonl,ftrace,sim"
dir="${TMPDIR:-/tmp}/slabrace-bench"
pin=1
rapid=1
keep=0
extra=()
while (($#)); do
  case "$1" in
    --events) events="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --xmx) xmx="$2"; shift 2 ;;
    --formats) formats="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --no-pin) pin=0; shift ;;
    --no-rapid) rapid=0; shift ;;
    --keep) keep=1; shift ;;
    --trace) extra+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/run.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
done

say() { echo "bench: $*" >&2; }

if [[ ! -x /usr/bin/time ]]; then
  say "installing GNU time (/usr/bin/time) ..."
  if [[ $(id -u) -eq 0 ]]; then apt-get install -y -qq time >/dev/null; else sudo apt-get install -y -qq time >/dev/null; fi
fi
pinned=()
if ((pin)) && command -v taskset >/dev/null; then
  pinned=(taskset -c 0)
fi
jvm=(java)
[[ -n "$xmx" ]] && jvm+=("-Xmx$xmx")

say "building ..."
(cd "$root" && mvn -B -q -DskipTests package 2>&1 | sed 's/\x1b\[[0-9;]*m//g') >&2
# measure copies of the jars, so that a rebuild during a long run changes nothing
mkdir -p "$dir/jars"
cp "$root/cli/target/slabrace.jar" "$root/benchmarks/target/benchmarks.jar" "$dir/jars/"
jar="$dir/jars/slabrace.jar"
bench="$dir/jars/benchmarks.jar"

std="$dir/std-$events.std"
generate() { # FORMAT FILE: writes the trace unless it is already there
  local f="$1" out="$2"
  [[ -s "$out" ]] && return 0
  say "generating $out ..."
  case "$f" in
    std) java -cp "$bench" dev.slabrace.trace.std.StdGenerator "$events" 8 100000 64 0.1 1 "$out.tmp" ;;
    bin|jsonl) generate std "$std"; java -jar "$jar" convert "$std" "$out.tmp.$f" 2>/dev/null
      mv "$out.tmp.$f" "$out.tmp" ;;
    ftrace) java -cp "$bench" dev.slabrace.bench.FtraceGenerator "$events" 32 4 1 "$out.tmp" ;;
    sim) java -jar "$jar" simulate mixed --events "$events" -o "$out.tmp.jsonl" --quiet
      java -jar "$jar" convert "$out.tmp.jsonl" "$out.tmp.bin" 2>/dev/null
      rm -f "$out.tmp.jsonl"; mv "$out.tmp.bin" "$out.tmp" ;;
  esac
  mv "$out.tmp" "$out"
}

# shellcheck source=bench/launcher-options.sh
source "$root/bench/launcher-options.sh"

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# measure KIND FILE: runs R times, sets wall, cpu (seconds), rss (MiB), heap (MiB), count (events read)
measure() {
  local kind="$1" file="$2" i walls="" cpus="" rsss="" heaps="" t="$dir/time.out" g="$dir/gc.log"
  local options=()
  [[ "$kind" == analyze ]] && read -r -a options <<<"$(launcher_options "$file")"
  for ((i = 0; i < reps; i++)); do
    local cmd=("${jvm[@]}" "-Xlog:gc,gc+heap+exit:file=$g::filecount=0")
    if [[ "$kind" == parse ]]; then
      cmd+=(-cp "$bench" dev.slabrace.bench.ParseOnly "$file")
    elif [[ "$kind" == analyze ]]; then
      cmd+=("${options[@]}" -jar "$jar" analyze --quiet --report json -o /dev/null "$file")
    else # read: the file's bytes and nothing else, the speed to compare with; 4 times, as it is quick
      cmd=(sh -c 'for i in 1 2 3 4; do cat "$1"; done' sh "$file")
      : >"$g"
    fi
    local status=0
    local out="$dir/stdout"
    [[ "$kind" == read ]] && out=/dev/null
    "${pinned[@]}" /usr/bin/time -o "$t" -f '%e %U %S %M' "${cmd[@]}" >"$out" 2>"$dir/stderr" \
      || status=$?
    if [[ "$kind" != analyze && $status -ne 0 ]] || ((status > 1)); then
      say "$kind $file failed with status $status:"; cat "$dir/stderr" >&2; exit 1
    fi
    [[ "$kind" == parse ]] && count="$(sed -n 's/^[^:]*: \([0-9]*\) events.*/\1/p' "$dir/stdout")"
    local line; line="$(tail -n 1 "$t")"
    walls+="$(awk '{print $1}' <<<"$line")"$'\n'
    cpus+="$(awk '{print $2 + $3}' <<<"$line")"$'\n'
    rsss+="$(awk '{print $4 / 1024}' <<<"$line")"$'\n'
    # peak heap: the largest heap before a collection, or the heap used at exit
    heaps+="$(awk '
      match($0, /[0-9]+M->[0-9]+M\([0-9]+M\)/) { v = substr($0, RSTART); sub(/M.*/, "", v); if (v + 0 > m) m = v + 0 }
      /gc,heap,exit/ && /(heap|generation) +total/ { u = $0; sub(/.*used /, "", u); sub(/K.*/, "", u); e += u / 1024 }
      END { print (e > m ? e : m) }' "$g")"$'\n'
  done
  wall="$(median <<<"$walls")"; cpu="$(median <<<"$cpus")"
  rss="$(median <<<"$rsss")"; heap="$(median <<<"$heaps")"
}

rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.2f", n / s / 1e6; else print "-" }'; }

machine() {
  local model cores mem
  model="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  cores="$(nproc)"
  mem="$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "machine: $cores cores, $model, $mem RAM; $(java -version 2>&1 | head -n 1)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
}

table_header() {
  printf '%-9s %11s %6s | %7s | %9s %9s | %9s %9s | %6s | %8s %8s | %8s %8s\n' format events MB \
    read "parse" "parse" "analyze" "analyze" ratio "parse" "analyze" "parse" "analyze"
  printf '%-9s %11s %6s | %7s | %9s %9s | %9s %9s | %6s | %8s %8s | %8s %8s\n' "" "(lines)" "" \
    "M/s CPU" "M/s wall" "M/s CPU" "M/s wall" "M/s CPU" "CPU" "RSS MiB" "RSS MiB" "heap MiB" \
    "heap MiB"
}

run_format() { # NAME FILE
  local name="$1" file="$2" n mb
  cat "$file" >/dev/null # into the page cache: every format is read from memory
  measure read "$file"
  local rc; rc="$(awk -v c="$cpu" 'BEGIN { print c / 4 }')"
  measure parse "$file"
  local pw="$wall" pc="$cpu" pr="$rss" ph="$heap"
  n="$count"
  if [[ "$name" == ftrace* ]]; then n="$(wc -l <"$file")"; fi
  measure analyze "$file"
  mb="$(du -m "$file" | cut -f1)"
  printf '%-9s %11s %6s | %7s | %9s %9s | %9s %9s | %6s | %8.0f %8.0f | %8.0f %8.0f\n' "$name" "$n" \
    "$mb" "$(rate "$n" "$rc")" \
    "$(rate "$n" "$pw")" "$(rate "$n" "$pc")" "$(rate "$n" "$wall")" "$(rate "$n" "$cpu")" \
    "$(awk -v a="$cpu" -v p="$pc" 'BEGIN { printf "%.2f", a / p }')" "$pr" "$rss" "$ph" "$heap"
}

machine
echo "events: $events, runs per measurement: $reps (medians), ${xmx:+-Xmx$xmx, }$( ((${#pinned[@]})) && echo 'pinned to CPU 0' || echo 'not pinned')"
echo
table_header
files=()
IFS=, read -r -a wanted <<<"$formats"
for f in "${wanted[@]}"; do
  case "$f" in
    std) file="$std" ;;
    bin) file="$dir/std-$events.bin" ;;
    jsonl) file="$dir/std-$events.jsonl" ;;
    ftrace) file="$dir/ftrace-$events.txt" ;;
    sim)
      if [[ ! -d "$root/simulator" ]]; then say "no simulator/ in this tree: skipping sim"; continue; fi
      file="$dir/sim-$events.bin" ;;
    *) say "unknown format '$f'"; exit 2 ;;
  esac
  generate "$f" "$file"
  files+=("$file")
  run_format "$f" "$file"
done

for t in "${extra[@]}"; do
  run_format "${t%%=*}" "${t#*=}"
done

if ((rapid)); then
  echo
  echo "RAPID comparison: 5,000,017-event STD trace, 8 threads, 100,000 variables, 64 locks (peers.md:"
  echo "RAPID HBEpoch 20.4 s wall, about 0.25 M events/s, 1.6-1.9 GiB resident; parse-and-count 15.1 s)"
  rapid_file="$dir/rapid-5000017.std"
  if [[ ! -s "$rapid_file" ]]; then
    java -cp "$bench" dev.slabrace.trace.std.StdGenerator 5000017 8 100000 64 0.1 1 "$rapid_file"
  fi
  files+=("$rapid_file")
  table_header
  run_format std-5M "$rapid_file"
  awk -v w="$wall" 'BEGIN { printf "analyze: %.2f s wall median, %.1fx RAPID HBEpoch'"'"'s 20.4 s\n", w, 20.4 / w }'
fi
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$dir/time.out" "$dir/gc.log" "$dir/stdout" "$dir/stderr"
rm -rf "$dir/jars"
if ((!keep)); then
  rm -f "${files[@]}" "$std"
fi
