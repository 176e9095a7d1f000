package dev.slabrace.cli;

import dev.slabrace.report.Baseline;
import dev.slabrace.report.FindingFilter;
import dev.slabrace.report.ReportOptions;
import dev.slabrace.report.Reporter;
import dev.slabrace.trace.RegionClass;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code slabrace analyze} subcommand: analyses each trace on its own (one at a time, or up to
 * {@code --jobs} at once, printed in order either way), streams its findings into the report and
 * returns {@link ExitCode#FINDINGS} (findings, or with a baseline findings not in it),
 * {@link ExitCode#CLEAN} or, if any trace or file could not be read or written,
 * {@link ExitCode#BAD_INPUT}. No finding is held beyond what the report needs.
 */
@Command(
    name = "analyze",
    sortOptions = false,
    description = "Analyse slab-allocator traces for data races, races with kfree, use-after-free and"
        + " double free, and print KCSAN-style reports. Each TRACE is analysed on its own; a trace that"
        + " cannot be read is reported on standard error and the others are still analysed.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:nothing found",
      "1:findings reported (with --baseline: findings not in the baseline)",
      "2:the input or the command line is wrong",
      "3:internal error (a bug in slabrace)"
    })
final class AnalyzeCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--report",
      paramLabel = "FORMAT",
      defaultValue = "text",
      converter = ReportFormat.Converter.class,
      description = "text: KCSAN splats, one per pair of code locations (default);"
          + " json: one JSON document per trace and line, with every finding;"
          + " html: one self-contained page for all traces, with a timeline per report (at most 1000"
          + " per trace); sarif: one SARIF 2.1.0 log for all traces, with every finding (at most"
          + " 10000 per trace)")
  private ReportFormat report;

  @Option(
      names = "--max-reports",
      paramLabel = "N",
      description = "print at most N text reports per trace (after folding repeats); the summary"
          + " line says how many were left out")
  private int maxReports = Integer.MAX_VALUE;

  @Option(
      names = "--jobs",
      paramLabel = "N",
      description = "analyse up to N traces at once, each on its own engine (default 1; no progress"
          + " bar above 1); reports and standard error come in the order of the traces, exactly as"
          + " with 1")
  private int jobs = 1;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "analyse each trace with N engines that split its address space (each replays"
          + " the synchronisation; default 1); findings are the same as with 1")
  private int threads = 1;

  @Option(
      names = "--baseline",
      paramLabel = "FILE",
      description = "known findings (from --write-baseline): exit with status 1 only for findings"
          + " whose key is not in FILE; every finding is still reported, and the summary lines say"
          + " how many are new")
  private String baselineFile;

  @Option(
      names = "--write-baseline",
      paramLabel = "FILE",
      description = "write the keys of this run's findings (all traces, after --only and"
          + " --ignore-func) to FILE; without --baseline the run then counts nothing as new")
  private String writeBaseline;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the report to FILE, not stdout")
  private String output;

  @Option(names = "--lenient", description = "skip malformed lines, count them, and go on")
  private boolean lenient;

  @Option(names = "--quiet", description = "print no summary line per trace and no progress bar on"
      + " standard error")
  private boolean quiet;

  @Option(
      names = "--only",
      paramLabel = "CLASS",
      split = ",",
      description = "report only findings on these classes of bytes: slab-meta, obj-ext, object, user")
  private Set<String> only = new TreeSet<>();

  @Option(
      names = "--ignore-func",
      paramLabel = "NAME",
      split = ",",
      description = "drop findings whose access is in function NAME (KCSAN's debugfs blacklist);"
          + " options can also come from a file: slabrace analyze @FILE TRACE")
  private Set<String> ignoreFunctions = new TreeSet<>();

  @Option(
      names = "--typesafe-cache",
      paramLabel = "NAME",
      split = ",",
      description = "treat kmem_cache NAME as SLAB_TYPESAFE_BY_RCU, for traces that cannot declare it"
          + " (ftrace): its frees are no assert-no-access check, and an RCU reader whose read-side"
          + " section began before a free may still access the object")
  private Set<String> typesafeCaches = new TreeSet<>();

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  private boolean help;

  @Parameters(arity = "1..*", paramLabel = "TRACE", description = "trace files (.jsonl, optionally gzipped)")
  private List<String> traces;

  private final TraceAnalyzer analyzer;

  /** Creates the command over the real reader and detector. */
  AnalyzeCommand() {
    this(TraceAnalyzer.DETECTOR);
  }

  /** Creates the command over {@code analyzer}. */
  AnalyzeCommand(TraceAnalyzer analyzer) {
    this.analyzer = analyzer;
  }

  /** What the analysis of all traces came to, gathered trace by trace. */
  private static final class Outcome {
    boolean failed;
    boolean fresh;
    final SortedSet<String> keys = new TreeSet<>();

    void add(TraceJob.Outcome trace) {
      failed |= trace.failed();
      fresh |= trace.fresh();
      keys.addAll(trace.keys());
    }
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    checkOptions();
    Baseline baseline = Baseline.NONE;
    if (baselineFile != null) {
      try {
        baseline = Baseline.read(Path.of(baselineFile), baselineFile);
      } catch (IOException | InvalidPathException e) {
        IOException io = e instanceof IOException i ? i : new IOException("invalid file name", e);
        err.println("slabrace: " + ErrorHandler.describe(baselineFile, io));
        err.flush();
        return ExitCode.BAD_INPUT.code();
      }
    }
    ExitCode exit;
    String writing = output == null ? "<stdout>" : output;
    try {
      Outcome outcome;
      if (output == null) {
        outcome = analyzeAll(spec.commandLine().getOut(), err, baseline);
      } else {
        try (Writer out = openOutput(output)) {
          outcome = analyzeAll(out, err, baseline);
        }
      }
      boolean fresh = outcome.fresh;
      if (writeBaseline != null) {
        writing = writeBaseline;
        try (Writer out = openOutput(writeBaseline)) {
          Baseline.ofKeys(outcome.keys).write(out);
        }
        // Without --baseline, the baseline just written is the one in force: nothing is new.
        fresh &= baseline.present();
      }
      exit = outcome.failed ? ExitCode.BAD_INPUT : fresh ? ExitCode.FINDINGS : ExitCode.CLEAN;
    } catch (IOException e) {
      // Only the report's and the baseline's writers throw here: analyzeAll handles each trace's own
      // failures.
      err.println("slabrace: " + ErrorHandler.describe(writing, e));
      exit = ExitCode.BAD_INPUT;
    }
    err.flush();
    return exit.code();
  }

  private void checkOptions() {
    if (threads < 1) {
      throw new ParameterException(spec.commandLine(), "--threads: expected a number of at least 1"
          + " but was " + threads);
    }
    if (jobs < 1) {
      throw new ParameterException(spec.commandLine(), "--jobs: expected a number of at least 1 but"
          + " was " + jobs);
    }
    if (maxReports < 0) {
      throw new ParameterException(spec.commandLine(), "--max-reports: expected a number of at least"
          + " 0 but was " + maxReports);
    }
    for (String c : only) {
      if (RegionClass.fromWireName(c) == null) {
        throw new ParameterException(spec.commandLine(), "--only: unknown class '" + c
            + "' (expected slab-meta, obj-ext, object or user)");
      }
    }
  }

  private Outcome analyzeAll(Writer out, PrintWriter err, Baseline baseline) throws IOException {
    Reporter reporter = report.reporter(new ReportOptions(maxReports, baseline));
    FindingFilter filter = only.isEmpty() && ignoreFunctions.isEmpty() ? FindingFilter.NONE
        : new FindingFilter(Set.copyOf(only), Set.copyOf(ignoreFunctions));
    TraceAnalyzer engines = (threads > 1 || !typesafeCaches.isEmpty())
        && analyzer == TraceAnalyzer.DETECTOR
        ? TraceAnalyzer.detector(threads, Set.copyOf(typesafeCaches)) : analyzer;
    TraceJob.Settings settings = new TraceJob.Settings(engines, lenient, report.timelines(), filter,
        baseline, quiet, writeBaseline != null);
    Outcome outcome = new Outcome();
    if (jobs == 1) {
      boolean showProgress = !quiet && System.console() != null;
      for (String trace : traces) {
        ProgressBar bar = showProgress ? new ProgressBar(trace, err, System::nanoTime) : null;
        outcome.add(new TraceJob(settings, trace, reporter.begin(trace, out), out, err, err, bar)
            .call());
      }
    } else {
      ParallelAnalysis.run(jobs, traces, reporter, settings, out, err, outcome::add);
    }
    reporter.finish(out);
    out.flush();
    return outcome;
  }

  private static Writer openOutput(String file) throws IOException {
    try {
      return Files.newBufferedWriter(Path.of(file), StandardCharsets.UTF_8);
    } catch (InvalidPathException e) {
      throw new IOException("invalid file name", e);
    }
  }
}
