package dev.slabrace.cli;

import dev.slabrace.report.Baseline;
import dev.slabrace.report.Finding;
import dev.slabrace.report.FindingFilter;
import dev.slabrace.report.FindingKind;
import dev.slabrace.report.ReportOptions;
import dev.slabrace.report.Reporter;
import dev.slabrace.report.TraceResult;
import dev.slabrace.report.TraceWarning;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import dev.slabrace.trace.RegionClass;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code slabrace analyze} subcommand: analyses each trace on its own, in order, prints the report
 * and returns {@link ExitCode#FINDINGS} (findings, or with a baseline findings not in it),
 * {@link ExitCode#CLEAN} or, if any trace or file could not be read or written,
 * {@link ExitCode#BAD_INPUT}.
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
  /** How many warnings of one trace reach standard error; the rest are only counted. */
  static final int MAX_WARNINGS = 20;

  @Spec private CommandSpec spec;

  @Option(
      names = "--report",
      paramLabel = "FORMAT",
      defaultValue = "text",
      converter = ReportFormat.Converter.class,
      description = "text: KCSAN splats, one per pair of code locations (default);"
          + " json: one JSON document per trace and line, with every finding;"
          + " html: one self-contained page for all traces, with a timeline per report;"
          + " sarif: one SARIF 2.1.0 log for all traces, with every finding")
  private ReportFormat report;

  @Option(
      names = "--max-reports",
      paramLabel = "N",
      description = "print at most N text reports per trace (after folding repeats); the summary"
          + " line says how many were left out")
  private int maxReports = Integer.MAX_VALUE;

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

  /** What the analysis of all traces came to. */
  private record Outcome(boolean failed, boolean fresh, List<Finding> findings) {}

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
      boolean fresh = outcome.fresh();
      if (writeBaseline != null) {
        writing = writeBaseline;
        try (Writer out = openOutput(writeBaseline)) {
          Baseline.of(outcome.findings()).write(out);
        }
        // Without --baseline, the baseline just written is the one in force: nothing is new.
        fresh &= baseline.present();
      }
      exit = outcome.failed() ? ExitCode.BAD_INPUT : fresh ? ExitCode.FINDINGS : ExitCode.CLEAN;
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
    boolean failed = false;
    boolean fresh = false;
    boolean showProgress = !quiet && System.console() != null;
    List<TraceResult> document = new ArrayList<>();
    List<Finding> all = new ArrayList<>();
    for (String trace : traces) {
      ProgressBar bar = showProgress ? new ProgressBar(trace, err, System::nanoTime) : null;
      TraceResult result;
      try {
        result = analyzer.analyze(trace, lenient, report.timelines(),
            bar == null ? Progress.NONE : bar);
      } catch (IOException e) {
        if (bar != null) {
          bar.finish(0);
        }
        err.println("slabrace: " + ErrorHandler.describe(trace, e));
        failed = true;
        continue;
      }
      if (bar != null) {
        bar.finish(result.events());
      }
      result = filter.apply(result);
      printWarnings(trace, result.warnings(), err);
      for (String note : result.notes()) {
        err.println("slabrace: " + trace + ": note: " + note);
      }
      if (report.document()) {
        document.add(result);
      } else {
        reporter.print(result, out);
        out.flush();
      }
      if (!quiet) {
        err.println(summary(trace, result, baseline));
      }
      fresh |= baseline.countNew(result.findings()) > 0;
      all.addAll(result.findings());
    }
    if (report.document()) {
      reporter.print(document, out);
      out.flush();
    }
    return new Outcome(failed, fresh, all);
  }

  private static Writer openOutput(String file) throws IOException {
    try {
      return Files.newBufferedWriter(Path.of(file), StandardCharsets.UTF_8);
    } catch (InvalidPathException e) {
      throw new IOException("invalid file name", e);
    }
  }

  /** Prints the first {@link #MAX_WARNINGS} warnings of a trace and counts the rest. */
  static void printWarnings(String trace, List<TraceWarning> warnings, PrintWriter err) {
    int shown = Math.min(MAX_WARNINGS, warnings.size());
    for (TraceWarning w : warnings.subList(0, shown)) {
      err.println("slabrace: " + trace + ":" + w.position() + ": warning: " + w.message());
    }
    int rest = warnings.size() - shown;
    if (rest > 0) {
      err.println("slabrace: " + trace + ": ... " + plural(rest, "more warning"));
    }
  }

  /** Returns the summary line of one analysed trace. */
  static String summary(String trace, TraceResult result) {
    return summary(trace, result, Baseline.NONE);
  }

  /** Returns the summary line of one analysed trace, with how many findings are new if a baseline is given. */
  static String summary(String trace, TraceResult result, Baseline baseline) {
    StringBuilder sb = new StringBuilder("slabrace: ").append(trace).append(": ")
        .append(plural(result.events(), "event")).append(", ");
    List<Finding> findings = result.findings();
    if (findings.isEmpty()) {
      sb.append("no findings");
    } else {
      Map<FindingKind, Integer> byKind = new EnumMap<>(FindingKind.class);
      findings.forEach(f -> byKind.merge(f.kind(), 1, Integer::sum));
      StringJoiner kinds = new StringJoiner(", ", " (", ")");
      byKind.forEach((kind, n) -> kinds.add(n + " " + kind.wireName()));
      sb.append(plural(findings.size(), "finding")).append(kinds);
    }
    if (baseline.present()) {
      sb.append(", ").append(baseline.countNew(findings)).append(" new");
    }
    if (result.skipped() > 0) {
      sb.append(", ").append(plural(result.skipped(), "malformed line")).append(" skipped");
    }
    return sb.toString();
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
