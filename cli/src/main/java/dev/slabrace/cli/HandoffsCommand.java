package dev.slabrace.cli;

import dev.slabrace.finding.TraceSummary;
import dev.slabrace.report.HandoffTableReporter;
import dev.slabrace.report.StderrLines;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

  @Mixin private LenientOption lenient;
  @Mixin private TableReportOption report;
  @Mixin private OutputOption output;
  @Mixin private HelpOption help;
  @Mixin private TraceArguments traces;

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
    return SafeOutput.run(output.file(), traces.typed(), spec.commandLine().getOut(), err,
        out -> printAll(out, err)).code();
  }

  /**
   * Prints each trace's table to {@code out}; returns {@link ExitCode#BAD_INPUT} if a trace could not
   * be read, {@link ExitCode#INTERNAL} if slabrace met a bug in one.
   */
  private ExitCode printAll(Writer out, PrintWriter err) {
    return EachTrace.run(traces.names(), err, trace -> {
      // The table needs no findings: let them go as the engine decides them.
      TraceSummary result = analyzer.analyze(trace,
          TraceAnalyzer.Options.lenient(lenient.lenient()), f -> { });
      if (result.whyEmpty() != null) {
        err.println(StderrLines.emptyTrace(trace, result.whyEmpty()));
      }
      if (report.json()) {
        HandoffTableReporter.printJson(result, out);
      } else {
        HandoffTableReporter.print(result, out);
      }
      out.flush();
    });
  }
}
