package dev.slabrace.cli;

import dev.slabrace.report.HandoffTableReporter;
import dev.slabrace.report.TraceResult;
import dev.slabrace.trace.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code slabrace handoffs} subcommand: for each trace, which allocation and free sites pass
 * objects between tasks, and how often with no ordering — "who breaks the slab contract?".
 */
@Command(
    name = "handoffs",
    description = "List, per pair of allocation and free sites, how many objects were freed by a task"
        + " other than the allocating one, and how many of those crossings no observed"
        + " happens-before path ordered. Works on traces without loads and stores.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:the tables were printed", "2:the input or the command line is wrong",
        "3:internal error"})
final class HandoffsCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--lenient", description = "skip malformed lines, count them, and go on")
  private boolean lenient;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  private boolean help;

  @Parameters(arity = "1..*", paramLabel = "TRACE", description = "trace files")
  private List<String> traces;

  private final TraceAnalyzer analyzer;

  HandoffsCommand() {
    this(TraceAnalyzer.DETECTOR);
  }

  HandoffsCommand(TraceAnalyzer analyzer) {
    this.analyzer = analyzer;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean failed = false;
    boolean internal = false;
    for (String trace : traces) {
      TraceResult result;
      try {
        // The table needs no findings: let them go as the engine decides them.
        result = analyzer.analyze(trace, lenient, false, Progress.NONE, f -> { });
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
      HandoffTableReporter.print(result, out);
      out.flush();
    }
    err.flush();
    return (internal ? ExitCode.INTERNAL : failed ? ExitCode.BAD_INPUT : ExitCode.CLEAN).code();
  }
}
