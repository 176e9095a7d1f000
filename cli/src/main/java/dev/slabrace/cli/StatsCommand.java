package dev.slabrace.cli;

import dev.slabrace.report.StatsReporter;
import dev.slabrace.report.StderrLines;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.TraceStats;
import dev.slabrace.trace.Traces;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

  @Mixin private LenientOption lenient;
  @Mixin private TableReportOption report;
  @Mixin private OutputOption output;
  @Mixin private HelpOption help;
  @Mixin private TraceArguments traces;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    return SafeOutput.run(output.file(), traces.typed(), spec.commandLine().getOut(), err,
        out -> printAll(out, err)).code();
  }

  /**
   * Prints each trace's statistics to {@code out}; returns {@link ExitCode#BAD_INPUT} if a trace could
   * not be read, {@link ExitCode#INTERNAL} if slabrace met a bug in one.
   */
  private ExitCode printAll(Writer out, PrintWriter err) {
    boolean[] first = {true};
    return EachTrace.run(traces.names(), err, trace -> {
      TraceStats stats = read(trace, lenient.lenient(), err);
      if (report.json()) {
        StatsReporter.printJson(stats, out);
      } else {
        if (!first[0]) {
          out.write('\n');
        }
        StatsReporter.print(stats, out);
      }
      first[0] = false;
      out.flush();
    });
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
