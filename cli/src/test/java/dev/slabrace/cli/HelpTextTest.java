package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The help text of every subcommand, word for word, as a user sees it with {@code slabrace COMMAND
 * --help}: the options the commands share (-o, --lenient, --report, TRACE..., -h) come from one picocli
 * mixin each, so each is described alike wherever it appears.
 */
final class HelpTextTest {
  private static final String ANALYZE = """
      Usage: slabrace analyze [-h] [--lenient] [--quiet] [--report-value-change-only]
                              [--baseline=FILE] [--jobs=N] [--kallsyms=FILE]
                              [--kprobe-events=FILE] [--max-reports=N] [-o=FILE]
                              [--report=FORMAT] [--threads=N] [--vmlinux=FILE]
                              [--write-baseline=FILE] [--ignore-func=NAME[,
                              NAME...]]... [--only=CLASS[,CLASS...]]...
                              [--only-func=NAME[,NAME...]]... [--typesafe-cache=NAME[,
                              NAME...]]... TRACE...
      Analyse slab-allocator traces for data races, races with kfree, use-after-free
      and double free, and print KCSAN-style reports. Each TRACE is analysed on its
      own; a trace that cannot be read is reported on standard error and the others
      are still analysed.
            TRACE...               trace files in any supported format, optionally
                                     gzipped; '-' reads standard input
            --report=FORMAT        text: KCSAN splats for races, KASAN reports for
                                     use-after-free and double free, one per pair of
                                     code locations (default); json: one JSON
                                     document per trace and line, with every finding;
                                     html: one self-contained page for all traces,
                                     with a timeline per report (at most 1000 per
                                     trace); sarif: one SARIF 2.1.0 log for all
                                     traces, a run per trace and a result per text
                                     report, for GitHub code scanning (at most 25000
                                     results per run)
            --max-reports=N        print at most N text reports per trace (after
                                     folding repeats); the summary line says how many
                                     were left out
            --jobs=N               analyse up to N traces at once, each on its own
                                     engine (default 1; no progress bar above 1);
                                     reports and standard error come in the order of
                                     the traces, exactly as with 1
            --threads=N            analyse each trace with N engines that split its
                                     address space (each replays the synchronisation;
                                     default 1); findings are the same as with 1
            --baseline=FILE        known findings (from --write-baseline): exit with
                                     status 1 only for findings whose key is not in
                                     FILE; every finding is still reported, and the
                                     summary lines say how many are new
            --write-baseline=FILE  write the keys of this run's findings (all traces,
                                     after --only, --ignore-func, --only-func and
                                     --report-value-change-only) to FILE; without
                                     --baseline the run then counts nothing as new
        -o, --output=FILE          write the report to FILE (replaced only when the
                                     run succeeds; never a trace of the run), not
                                     stdout ('-')
            --lenient              skip malformed lines, count them, and go on
            --quiet                print no summary line per trace and no progress
                                     bar on standard error
            --only=CLASS[,CLASS...]
                                   report only findings on these classes of bytes:
                                     slab-meta, obj-ext, object, user
            --ignore-func=NAME[,NAME...]
                                   drop findings whose access is in function NAME
                                     (KCSAN's debugfs blacklist); options can also
                                     come from a file: slabrace analyze @FILE TRACE
            --kprobe-events=FILE   the kprobe events the ftrace trace was captured
                                     with, as written to tracefs kprobe_events: each
                                     memory fetch argument (+0x18(%di):u32, +8
                                     ($arg2), @sym+4) whose base is fetched too
                                     becomes a plain load at the probe
            --kallsyms=FILE        the kernel's symbols (/proc/kallsyms or the
                                     build's System.map): addresses of functions for
                                     --vmlinux and of @SYM kprobe fetches; default
                                     with --vmlinux: the System.map beside it, if any
            --vmlinux=FILE         the kernel image with debug info: frames gain file:
                                     line and inlined calls, read from its line
                                     tables by llvm-symbolizer or addr2line (one
                                     process for the run), like
                                     scripts/decode_stacktrace.sh
            --typesafe-cache=NAME[,NAME...]
                                   treat kmem_cache NAME as SLAB_TYPESAFE_BY_RCU, for
                                     traces that cannot declare it (ftrace): its
                                     frees are no assert-no-access check, and an RCU
                                     reader whose read-side section began before a
                                     free may still access the object
            --only-func=NAME[,NAME...]
                                   report only findings whose accesses are both in
                                     the functions NAME (KCSAN's debugfs whitelist:
                                     each side's top frame must be listed)
            --report-value-change-only
                                   drop plain-vs-plain data races whose values the
                                     trace shows unchanged: a write storing the value
                                     the other write stored or the read saw
                                     (KCSAN_REPORT_VALUE_CHANGE_ONLY; functions named
                                     *rcu_*, *_rcu*, *_srcu* are always reported)
        -h, --help                 show this help and exit

      Exit status:
        0   nothing found
        1   findings reported (with --baseline: findings not in the baseline)
        2   the input or the command line is wrong
        3   internal error (a bug in slabrace)
      """;

  private static final String HANDOFFS = """
      Usage: slabrace handoffs [-h] [--lenient] [-o=FILE] [--report=FORMAT] TRACE...
      List, per pair of allocation and free sites, how many objects were freed by a
      task other than the allocating one, and how many of those crossings no observed
      happens-before path ordered. A site is the first frame outside the allocator's
      entry points (kmalloc, kmem_cache_alloc*, __kmalloc*, kfree, kmem_cache_free,
      and their _noprof forms). Works on traces without loads and stores.
            TRACE...          trace files in any supported format, optionally
                                gzipped; '-' reads standard input
        -h, --help            show this help and exit
            --lenient         skip malformed lines, count them, and go on
        -o, --output=FILE     write the report to FILE (replaced only when the run
                                succeeds; never a trace of the run), not stdout ('-')
            --report=FORMAT   text: the handoffs of each trace as text (default);
                                json: one JSON document per trace and line (format
                                slabrace-handoffs, docs/report.schema.json)

      Exit status:
        0   the tables were printed
        2   the input or the command line is wrong
        3   internal error
      """;

  private static final String STATS = """
      Usage: slabrace stats [-h] [--lenient] [-o=FILE] [--report=FORMAT] TRACE...
      Print what each trace holds: events per kind, tasks, CPUs, the time span of its
      timestamps, objects allocated and freed, and lost events. The trace is read,
      not analysed.
            TRACE...          trace files in any supported format, optionally
                                gzipped; '-' reads standard input
        -h, --help            show this help and exit
            --lenient         skip malformed lines, count them, and go on
        -o, --output=FILE     write the report to FILE (replaced only when the run
                                succeeds; never a trace of the run), not stdout ('-')
            --report=FORMAT   text: the stats of each trace as text (default); json:
                                one JSON document per trace and line (format
                                slabrace-stats, docs/report.schema.json)

      Exit status:
        0   the statistics were printed
        2   the input or the command line is wrong
        3   internal error
      """;

  private static final String CONVERT = """
      Usage: slabrace convert [-h] IN OUT
      Convert a trace between formats: IN in any readable format (JSON Lines, ftrace
      text, RAPID STD, binary; gzip by content), OUT by its name: .jsonl or .bin/.
      simbin, optionally .gz.
            IN       the trace to read; '-' reads standard input
            OUT      the trace to write (replaced only when complete; never IN); '-'
                       writes JSON Lines to standard output
        -h, --help   show this help and exit

      Exit status:
        0   converted
        2   the input or the command line is wrong
        3   internal error
      """;

  private static final String SIMULATE = """
      Usage: slabrace simulate [-h] [--quiet] [--cpus=N] [--events=N] [-o=FILE]
                               [--seed=N] SCENARIO
      Run a scenario on a seeded simulation of SLUB on N CPUs and write the trace of
      everything it did. The same scenario, seed, CPUs and events give the same
      bytes. 'slabrace scenarios' lists the scenarios.
            SCENARIO        the scenario to run
            --seed=N        seed of the scheduler and the workloads (default: 1)
            --cpus=N        CPUs of the machine (default: 4, or the scenario's roles
                              if more); CPUs beyond a scenario's roles run a clean
                              background workload
            --events=N      length of the trace, for open-ended scenarios (mixed:
                              default 10000, exact)
        -o, --output=FILE   write the trace to FILE: .jsonl (JSON Lines) or .simbin/.
                              bin (binary), .gz for compressed (default: JSON Lines
                              to stdout)
            --quiet         print no summary line on standard error
        -h, --help          show this help and exit

      Exit status:
        0   the trace was written
        2   the command line is wrong or the output cannot be written
        3   internal error (a bug in slabrace)
      """;

  private static final String SCENARIOS = """
      Usage: slabrace scenarios [-h]
      List the scenarios of 'slabrace simulate', one per line: name, whether it is
      the buggy or the fixed variant of its bug, and what it shows.
        -h, --help   show this help and exit
      """;

  private static String expected(String command) {
    return switch (command) {
      case "analyze" -> ANALYZE;
      case "handoffs" -> HANDOFFS;
      case "stats" -> STATS;
      case "convert" -> CONVERT;
      case "simulate" -> SIMULATE;
      case "scenarios" -> SCENARIOS;
      default -> throw new IllegalArgumentException(command);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"analyze", "handoffs", "stats", "convert", "simulate", "scenarios"})
  void help_isWordForWord(String command) {
    for (String flag : new String[] {"--help", "-h"}) {
      Cli r = Cli.run(command, flag);
      assertAll(command + " " + flag,
          () -> assertEquals(0, r.exit()),
          () -> assertEquals(expected(command), r.out().replace(System.lineSeparator(), "\n")),
          () -> assertEquals("", r.err()));
    }
  }
}
