package dev.slabrace.cli;

import dev.slabrace.sim.SimConfig;
import dev.slabrace.sim.SimulationEventSource;
import dev.slabrace.sim.scenario.Scenario;
import dev.slabrace.sim.scenario.Scenarios;
import dev.slabrace.trace.EventWriter;
import dev.slabrace.trace.TraceFormat;
import dev.slabrace.trace.TraceOutputs;
import dev.slabrace.trace.jsonl.JsonlEventWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code slabrace simulate} subcommand: runs a named scenario on the simulated SLUB and writes its
 * trace, to a file whose name picks the format ({@link TraceOutputs}), or as JSON Lines to standard
 * output. The trace is streamed: however long, it is never held in memory.
 */
@Command(
    name = "simulate",
    sortOptions = false,
    description = "Run a scenario on a seeded simulation of SLUB on N CPUs and write the trace of"
        + " everything it did. The same scenario, seed, CPUs and events give the same bytes."
        + " 'slabrace scenarios' lists the scenarios.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:the trace was written",
      "2:the command line is wrong or the output cannot be written",
      "3:internal error (a bug in slabrace)"
    })
final class SimulateCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SCENARIO", description = "the scenario to run")
  private String scenario;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "seed of the scheduler and the workloads (default: 1)")
  private long seed;

  @Option(names = "--cpus", paramLabel = "N",
      description = "CPUs of the machine (default: 4, or the scenario's roles if more); CPUs beyond"
          + " a scenario's roles run a clean background workload")
  private int cpus;

  @Option(names = "--events", paramLabel = "N",
      description = "length of the trace, for open-ended scenarios (mixed: default 10000, exact)")
  private long events;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "write the trace to FILE: .jsonl (JSON Lines) or .simbin/.bin (binary), .gz for"
          + " compressed (default: JSON Lines to stdout)")
  private String output;

  @Option(names = "--quiet", description = "print no summary line on standard error")
  private boolean quiet;

  @Mixin private HelpOption help;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    ExitCode exit = simulate(err);
    err.flush();
    return exit.code();
  }

  private ExitCode simulate(PrintWriter err) {
    if (output != null && !output.equals("-") && !TraceOutputs.isWritable(output)) {
      err.println("slabrace: cannot tell the output format from '"
          + output.substring(output.lastIndexOf('/') + 1)
          + "' (expected " + TraceFormat.writableEndings() + ", optionally .gz)");
      return ExitCode.BAD_INPUT;
    }
    Scenario s = Scenarios.byName(scenario).orElse(null);
    if (s == null) {
      err.println("slabrace: unknown scenario '" + scenario + "'; the scenarios are: "
          + Scenarios.names());
      return ExitCode.BAD_INPUT;
    }
    SimulationEventSource source;
    try {
      source = new SimulationEventSource(s, new SimConfig(seed, cpus, events));
    } catch (IllegalArgumentException e) {
      err.println("slabrace: " + e.getMessage());
      return ExitCode.BAD_INPUT;
    }
    boolean toStdout = output == null || output.equals("-");
    String target = toStdout ? "<stdout>" : output;
    long n;
    // a file is replaced only by a complete trace: a failed run leaves the old file, or none
    try (SafeOutput file = toStdout ? null : SafeOutput.create(output)) {
      try (EventWriter writer = open(file, source)) {
        n = source.writeTo(writer);
      }
      if (file != null) {
        file.commit();
      }
    } catch (IllegalArgumentException e) {
      err.println("slabrace: " + e.getMessage());
      return ExitCode.BAD_INPUT;
    } catch (IOException e) {
      err.println("slabrace: " + ErrorHandler.describe(target, e));
      return ExitCode.BAD_INPUT;
    }
    if (!quiet) {
      err.println("slabrace: " + target + ": " + n + " events of " + s.name() + " (seed " + seed
          + ", " + source.header().get("cpus") + " cpus)");
    }
    return ExitCode.CLEAN;
  }

  private EventWriter open(SafeOutput file, SimulationEventSource source) throws IOException {
    if (file == null) {
      return new JsonlEventWriter(new CharOutputStream(spec.commandLine().getOut()), source);
    }
    return TraceOutputs.open(file.stream(), output, source);
  }
}
