package dev.slabrace.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slabrace.finding.Finding;
import dev.slabrace.finding.TraceResult;
import dev.slabrace.report.Collect;
import dev.slabrace.sim.scenario.Scenario;
import dev.slabrace.sim.scenario.Scenarios;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.EventWriter;
import dev.slabrace.trace.TraceOutputs;
import dev.slabrace.trace.Traces;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A simulation written to a file in each trace format and read back is analysed exactly as the
 * simulation itself: same number of events, same findings between the same events.
 */
final class TraceFilesTest {
  @TempDir Path dir;

  static List<Scenario> scenarios() {
    return Scenarios.all();
  }

  private static SimConfig config(Scenario scenario) {
    return new SimConfig(3, 6, scenario.takesEvents() ? 4000 : 0);
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void everyFormat_analysedLikeTheSimulation(Scenario scenario) throws IOException {
    TraceResult direct;
    try (SimulationEventSource source = new SimulationEventSource(scenario, config(scenario))) {
      direct = Collect.analyze(source);
    }
    for (String extension : List.of(".jsonl", ".jsonl.gz", ".simbin")) {
      Path file = dir.resolve(scenario.name() + extension);
      try (SimulationEventSource source = new SimulationEventSource(scenario, config(scenario));
          EventWriter writer = TraceOutputs.open(file, source)) {
        source.writeTo(writer);
      }
      TraceResult fromFile;
      try (EventSource source = Traces.open(file, file.toString(), false)) {
        fromFile = Collect.analyze(source);
      }
      assertEquals(direct.summary().events(), fromFile.summary().events(), extension);
      assertEquals(describe(direct.findings()), describe(fromFile.findings()), extension);
    }
  }

  private static List<String> describe(List<Finding> findings) {
    return findings.stream()
        .map(f -> f.kind().wireName() + " " + f.first().id() + " " + f.second().id() + " "
            + f.region() + " " + f.first().frames() + " " + f.second().frames())
        .toList();
  }
}
