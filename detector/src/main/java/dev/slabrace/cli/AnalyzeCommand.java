package dev.slabrace.cli;

import dev.slabrace.report.Finding;
import dev.slabrace.report.FindingFilter;
import dev.slabrace.report.FindingKind;
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
 * and returns {@link ExitCode#FINDINGS}, {@link ExitCode#CLEAN} or, if any trace could not be read,
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
      "1:findings reported",
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
          + " json: one JSON document per trace and line, with every finding")
  private ReportFormat report;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the report to FILE, not stdout")
  private String output;

  @Option(names = "--lenient", description = "skip malformed lines, count them, and go on")
  private boolean lenient;

  @Option(names = "--quiet", description = "print no summary line per trace on standard error")
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

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    ExitCode exit;
    try {
      if (output == null) {
        exit = analyzeAll(spec.commandLine().getOut(), err);
      } else {
        try (Writer out = openOutput(output)) {
          exit = analyzeAll(out, err);
        }
      }
    } catch (IOException e) {
      // Only the report's writer throws here: analyzeAll handles each trace's own failures.
      err.println("slabrace: " + ErrorHandler.describe(output == null ? "<stdout>" : output, e));
      exit = ExitCode.BAD_INPUT;
    }
    err.flush();
    return exit.code();
  }

  private ExitCode analyzeAll(Writer out, PrintWriter err) throws IOException {
    Reporter reporter = report.reporter();
    for (String c : only) {
      if (RegionClass.fromWireName(c) == null) {
        throw new ParameterException(spec.commandLine(), "--only: unknown class '" + c
            + "' (expected slab-meta, obj-ext, object or user)");
      }
    }
    FindingFilter filter = only.isEmpty() && ignoreFunctions.isEmpty() ? FindingFilter.NONE
        : new FindingFilter(Set.copyOf(only), Set.copyOf(ignoreFunctions));
    boolean failed = false;
    boolean found = false;
    for (String trace : traces) {
      TraceResult result;
      try {
        result = analyzer.analyze(trace, lenient);
      } catch (IOException e) {
        err.println("slabrace: " + ErrorHandler.describe(trace, e));
        failed = true;
        continue;
      }
      result = filter.apply(result);
      printWarnings(trace, result.warnings(), err);
      for (String note : result.notes()) {
        err.println("slabrace: " + trace + ": note: " + note);
      }
      reporter.print(result, out);
      out.flush();
      if (!quiet) {
        err.println(summary(trace, result));
      }
      found |= !result.findings().isEmpty();
    }
    return failed ? ExitCode.BAD_INPUT : found ? ExitCode.FINDINGS : ExitCode.CLEAN;
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
      err.println("slabrace: " + w.location(trace) + ": warning: event " + w.eventId() + ": "
          + w.message());
    }
    int rest = warnings.size() - shown;
    if (rest > 0) {
      err.println("slabrace: " + trace + ": ... " + plural(rest, "more warning"));
    }
  }

  /** Returns the summary line of one analysed trace. */
  static String summary(String trace, TraceResult result) {
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
    if (result.skipped() > 0) {
      sb.append(", ").append(plural(result.skipped(), "malformed line")).append(" skipped");
    }
    return sb.toString();
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
