package dev.slabrace.cli;

import dev.slabrace.finding.TraceSummary;
import dev.slabrace.report.HandoffTableReporter;
import dev.slabrace.report.StderrLines;
import dev.slabrace.trace.Printable;
import java.io.IOException;
import java.io.PrintWriter;
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
 * The {@code slabrace handoffs} subcommand: for each trace, which allocation and free sites pass
 * objects between tasks, and how often with no ordering — "who breaks the slab contract?".
 */
@Command(
    name = "handoffs",
    description = "List, per pair of allocation and free sites, how many objects were freed by a task"
        + " other than the allocating one, and how many of those crossings no observed"
        + " happens-before path ordered. A site is the first frame outside the allocator's entry"
        + " points (kmalloc, kmem_cache_alloc*, __kmalloc*, kfree, kmem_cache_free, and their _noprof"
        + " forms). Works on traces without loads and stores.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:the tables were printed", "2:the input or the command line is wrong",
        "3:internal error"})
final class HandoffsCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--lenient", description = "skip malformed lines, count them, and go on")
  private boolean lenient;

  @Option(
      names = "--report",
      paramLabel = "FORMAT",
      defaultValue = "text",
      converter = TableFormat.Converter.class,
      description = "text: a table per trace (default); json: one JSON document per trace and line"
          + " (format slabrace-handoffs, docs/report.schema.json)")
  private TableFormat report;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the tables to FILE,"
      + " not stdout")
  private String output;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  private boolean help;

  @Parameters(arity = "1..*", paramLabel = "TRACE", description = "trace files; '-' reads"
      + " standard input")
  private List<String> traces;

  private final TraceAnalyzer analyzer;

  HandoffsCommand() {
    this(TraceAnalyzer.DETECTOR);
  }

  HandoffsCommand(TraceAnalyzer analyzer) {
    this.analyzer = analyzer;
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    return SafeOutput.run(output, traces, spec.commandLine().getOut(), err,
        out -> printAll(out, err)).code();
  }

  /**
   * Prints each trace's table to {@code out}; returns {@link ExitCode#BAD_INPUT} if a trace could not
   * be read, {@link ExitCode#INTERNAL} if slabrace met a bug in one.
   */
  private ExitCode printAll(Writer out, PrintWriter err) throws IOException {
    boolean failed = false;
    boolean internal = false;
    List<String> names;
    try {
      names = TraceFiles.names(traces);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    for (String trace : names) {
      TraceSummary result;
      try {
        // The table needs no findings: let them go as the engine decides them.
        result = analyzer.analyze(trace, TraceAnalyzer.Options.lenient(lenient), f -> { });
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
      if (result.whyEmpty() != null) {
        err.println(StderrLines.emptyTrace(trace, result.whyEmpty()));
      }
      if (report == TableFormat.JSON) {
        HandoffTableReporter.printJson(result, out);
      } else {
        HandoffTableReporter.print(result, out);
      }
      out.flush();
    }
    return internal ? ExitCode.INTERNAL : failed ? ExitCode.BAD_INPUT : ExitCode.CLEAN;
  }
}
