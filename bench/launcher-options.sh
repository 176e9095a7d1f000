# Sourced by the benchmark scripts (bench/run.sh, bench/shapes.sh), which set $root to the checkout.
#
# launcher_options FILE: the JIT and garbage-collector options ./slabrace picks for analysing FILE
# (C1 alone for a short trace, the serial collector, ...), as a stand-in `java` on the PATH prints
# them; the class-data-sharing options are left out, as the archive belongs to the launcher's jar.
# The launcher builds its jar first when the sources are newer, which needs the real `java`: the
# first call lets it do so (`slabrace --version`).
launcher_built=""
launcher_options() {
  if [[ -z "$launcher_built" ]]; then
    "$root/slabrace" --version >/dev/null
    launcher_built=1
  fi
  local fake; fake="$(mktemp -d)"
  printf '#!/bin/sh\necho "$*"\n' >"$fake/java"
  chmod +x "$fake/java"
  PATH="$fake:$PATH" JAVA_OPTS="" "$root/slabrace" analyze --quiet --report json -o /dev/null "$1" \
    </dev/null | sed 's/ -jar .*//' | tr ' ' '\n' | grep -v -e '^-Xlog:cds' -e '^-XX:SharedArchiveFile=' \
    | tr '\n' ' '
  rm -rf "$fake"
}
