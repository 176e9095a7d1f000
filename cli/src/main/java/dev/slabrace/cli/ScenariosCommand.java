package dev.slabrace.cli;

import dev.slabrace.sim.scenario.Scenario;
import dev.slabrace.sim.scenario.Scenarios;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code slabrace scenarios} subcommand: one line per scenario that {@code simulate} runs. */
@Command(
    name = "scenarios",
    description = "List the scenarios of 'slabrace simulate', one per line: name, whether it is the"
        + " buggy or the fixed variant of its bug, and what it shows.")
final class ScenariosCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private HelpOption help;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    int width = Scenarios.all().stream().mapToInt(s -> s.name().length()).max().orElse(0);
    for (Scenario s : Scenarios.all()) {
      out.printf("%-" + width + "s  %-5s  %s%n", s.name(), s.buggy() ? "buggy" : "clean",
          s.description());
    }
    out.flush();
    return ExitCode.CLEAN.code();
  }
}
