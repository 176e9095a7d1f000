#!/usr/bin/env bash
# The trace shapes whose cost once grew faster than the trace, run by hand (never in CI):
#
#   same-address  N tasks, one plain store each to one address, one code location: every pair of
#                 stores races; the engine reports one finding per later store (N - 1), folds the
#                 rest into a note and evicts the oldest named stores from the crowded granule
#   own-address   N tasks that never synchronise, one plain store each to an address of its own:
#                 no finding; what an unsynchronised task costs
#   marked-stores N tasks, each a WRITE_ONCE and then a plain read of one address (JSON Lines): the
#                 reads race with the other tasks' marked stores, a list of their own in the shadow
#   readers       N tasks, one plain read each of one address, then one store by another task
#                 (JSON Lines): no read is named before the store, so none is evicted; each read
#                 of a task with no cell there adds its own without a walk
#   rereaders     N tasks reading one address in 20 rounds (a plain read each per round), then one
#                 store: each read reuses its task's cell, found without a walk
#   pollers       as rereaders with READ_ONCE (JSON Lines): a task keeps a marked read cell per
#                 read while a dependency could still name it, so 20 each, and the store names them
#   lockers       N tasks that each take one lock, store to one address and unlock: no finding, but
#                 every task keeps clocks that name each task before it, in chunks of 32 shared
#                 with the lock's clock (memory quadratic in N, a few bytes per pair)
#   forkers       one task forks N tasks in turn, each stores to one address, and joins each before
#                 forking the next: no finding; the parent's clock names every task joined so far
#
#   bench/shapes.sh [--tasks N] [--xmx SIZE] [--shape S] [--jar JAR] [--dir DIR]
#
#   --tasks N   tasks, default 10000, 1000000 for own-address, 5000 for rereaders, pollers,
#               lockers and forkers
#   --xmx SIZE  -Xmx of the analysing JVM, default 256m
#   --shape S   one shape; default all eight
#   --jar JAR   the slabrace jar to time, default cli/target/slabrace.jar (built by ./slabrace)
#   --dir DIR   where the traces go, default ${TMPDIR:-/tmp}/slabrace-shapes
#
# Traces are RAPID's STD text (T<task>|w(V<n>)|<location>), or JSON Lines where marked accesses are
# needed. The JVM gets the JIT and collector options that ./slabrace would give it for the same file
# (launcher_options: C1 alone and the serial collector, for these short traces), and -Xmx SIZE.
# Prints exit status, wall and CPU time, peak RSS and the report's summary line and notes.
set -euo pipefail

root="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
tasks=""
xmx=256m
shapes="same-address own-address marked-stores readers rereaders pollers lockers forkers"
# shellcheck source=bench/launcher-options.sh
source "$root/bench/launcher-options.sh"
jar="$root/cli/target/slabrace.jar"
dir="${TMPDIR:-/tmp}/slabrace-shapes"
while (($#)); do
  case "$1" in
    --tasks) tasks="$2"; shift 2 ;;
    --xmx) xmx="$2"; shift 2 ;;
    --shape) shapes="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/shapes.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
done
if [[ "$jar" == "$root/cli/target/slabrace.jar" ]]; then
  "$root/slabrace" --version >/dev/null
fi
mkdir -p "$dir"
for shape in $shapes; do
  # one JSON Lines access: task, op, mo ("" for plain), code location
  access='function a(t, op, mo, ip) { printf "{\"op\":\"%s\",\"tid\":%d,\"addr\":\"0x1000\",\"size\":8,%s\"ip\":\"%s+0x1/0x10\"}\n", op, t, mo == "" ? "" : "\"mo\":\"" mo "\",", ip }'
  case "$shape" in
    same-address) n="${tasks:-10000}"; var='"V0"' ;;
    own-address) n="${tasks:-1000000}"; var='"V" i' ;;
    marked-stores) n="${tasks:-10000}"
      program="$access"' BEGIN { for (i = 1; i <= n; i++) { a(i, "store", "once", "w"); a(i, "load", "", "r") } }' ;;
    readers) n="${tasks:-10000}"
      program="$access"' BEGIN { for (i = 1; i <= n; i++) a(i, "load", "", "r"); a(n + 1, "store", "", "w") }' ;;
    rereaders) n="${tasks:-5000}"
      program='BEGIN { for (k = 0; k < 20; k++) for (i = 0; i < n; i++) print "T" i "|r(V0)|7"; print "T" n "|w(V0)|8" }' ;;
    pollers) n="${tasks:-5000}"
      program="$access"' BEGIN { for (k = 0; k < 20; k++) for (i = 0; i < n; i++) a(i, "load", "once", "r"); a(n, "store", "", "w") }' ;;
    lockers) n="${tasks:-5000}"
      program='BEGIN { for (i = 0; i < n; i++) print "T" i "|acq(L0)|1\nT" i "|w(V0)|2\nT" i "|rel(L0)|3" }' ;;
    forkers) n="${tasks:-5000}"
      program='BEGIN { for (i = 1; i <= n; i++) print "T0|fork(T" i ")|1\nT" i "|w(V0)|2\nT0|join(T" i ")|3" }' ;;
    *) echo "bench/shapes.sh: unknown shape '$shape'" >&2; exit 2 ;;
  esac
  case "$shape" in
    same-address | own-address)
      trace="$dir/$shape-$n.std"
      program="BEGIN { for (i = 0; i < n; i++) print \"T\" i \"|w(\" $var \")|7\" }" ;;
    rereaders | lockers | forkers) trace="$dir/$shape-$n.std" ;;
    *) trace="$dir/$shape-$n.jsonl" ;;
  esac
  if [[ ! -s "$trace" ]]; then
    awk -v n="$n" "$program" > "$trace"
  fi
  read -r -a options <<<"$(launcher_options "$trace")"
  set +e
  /usr/bin/time -f '%e s wall, %U s user, %S s sys, %M KiB peak RSS' -o "$dir/time" \
    java "${options[@]}" "-Xmx$xmx" -jar "$jar" analyze --report text -o "$dir/report.txt" "$trace" \
    2>"$dir/stderr"
  status=$?
  set -e
  echo "$shape, $n tasks, -Xmx$xmx: exit $status, $(tail -1 "$dir/time")"
  grep -h '^slabrace:' "$dir/report.txt" "$dir/stderr" | head -4 || true
done
