package dev.slabrace.cli;

import dev.slabrace.report.StatsReporter;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.Printable;
import dev.slabrace.trace.TraceStats;
import dev.slabrace.trace.Traces;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  private boolean help;

  @Parameters(arity = "1..*", paramLabel = "TRACE", description = "trace files")
  private List<String> traces;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean failed = false;
    boolean internal = false;
    boolean first = true;
    for (String trace : traces) {
      TraceStats stats;
      try {
        stats = read(trace, lenient);
      } catch (IOException e) {
        err.println("slabrace: " + ErrorHandler.describe(trace, e));
        failed = true;
        continue;
      } catch (RuntimeException | StackOverflowError e) {
        // a bug met in this trace alone: say so, and go on to the other traces
        err.println("slabrace: " + Printable.escape(trace) + ": " + ErrorHandler.internalError(e));
        internal = true;
        continue;
      }
      if (!first) {
        out.write('\n');
      }
      first = false;
      StatsReporter.print(stats, out);
      out.flush();
    }
    err.flush();
    return (internal ? ExitCode.INTERNAL : failed ? ExitCode.BAD_INPUT : ExitCode.CLEAN).code();
  }

  private static TraceStats read(String trace, boolean lenient) throws IOException {
    try (EventSource source = Traces.open(TraceFiles.existing(trace), trace, lenient)) {
      return TraceStats.of(source);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
