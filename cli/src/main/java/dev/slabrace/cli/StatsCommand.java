package dev.slabrace.cli;

import dev.slabrace.report.StatsReporter;
import dev.slabrace.report.StderrLines;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.Printable;
import dev.slabrace.trace.TraceStats;
import dev.slabrace.trace.Traces;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code slabrace stats} subcommand: what each trace holds (events per kind, tasks, CPUs, time
 * span, objects, lost events), read without analysing it.
 */
@Command(
    name = "stats",
    description = "Print what each trace holds: events per kind, tasks, CPUs, the time span of its"
        + " timestamps, objects allocated and freed, and lost events. The trace is read, not"
        + " analysed.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:the statistics were printed", "2:the input or the command line is wrong",
        "3:internal error"})
final class StatsCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--lenient", description = "skip malformed lines, count them, and go on")
  private boolean lenient;

  @Option(
      names = "--report",
      paramLabel = "FORMAT",
      defaultValue = "text",
      converter = TableFormat.Converter.class,
      description = "text: the statistics per trace (default); json: one JSON document per trace"
          + " and line (format slabrace-stats, docs/report.schema.json)")
  private TableFormat report;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the statistics to"
      + " FILE, not stdout")
  private String output;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  private boolean help;

  @Parameters(arity = "1..*", paramLabel = "TRACE", description = "trace files; '-' reads"
      + " standard input")
  private List<String> traces;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    return SafeOutput.run(output, traces, spec.commandLine().getOut(), err,
        out -> printAll(out, err)).code();
  }

  /**
   * Prints each trace's statistics to {@code out}; returns {@link ExitCode#BAD_INPUT} if a trace could
   * not be read, {@link ExitCode#INTERNAL} if slabrace met a bug in one.
   */
  private ExitCode printAll(Writer out, PrintWriter err) throws IOException {
    boolean failed = false;
    boolean internal = false;
    boolean first = true;
    for (String trace : names(traces)) {
      TraceStats stats;
      try {
        stats = read(trace, lenient, err);
      } catch (IOException e) {
        err.println("slabrace: " + ErrorHandler.describe(trace, e));
        failed = true;
        continue;
      } catch (StdoutWriter.StdoutFailure e) {
        // standard output failed, not the trace: the command ends (Main)
        throw e;
      } catch (RuntimeException | StackOverflowError e) {
        // a bug met in this trace alone: say so, and go on to the other traces
        err.println("slabrace: " + Printable.escape(trace) + ": " + ErrorHandler.internalError(e));
        internal = true;
        continue;
      }
      if (report == TableFormat.JSON) {
        StatsReporter.printJson(stats, out);
      } else {
        if (!first) {
          out.write('\n');
        }
        StatsReporter.print(stats, out);
      }
      first = false;
      out.flush();
    }
    return internal ? ExitCode.INTERNAL : failed ? ExitCode.BAD_INPUT : ExitCode.CLEAN;
  }

  private List<String> names(List<String> args) {
    try {
      return TraceFiles.names(args);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private static TraceStats read(String trace, boolean lenient, PrintWriter err)
      throws IOException {
    try (EventSource source = Traces.open(TraceFiles.open(trace), trace, lenient)) {
      TraceStats stats = TraceStats.of(source);
      if (stats.events() == 0) {
        err.println(StderrLines.emptyTrace(trace, source.whyEmpty()));
      }
      return stats;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
