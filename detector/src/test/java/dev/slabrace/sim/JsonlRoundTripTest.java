package dev.slabrace.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slabrace.detect.Detector;
import dev.slabrace.report.Finding;
import dev.slabrace.report.TraceResult;
import dev.slabrace.sim.scenario.Scenario;
import dev.slabrace.sim.scenario.Scenarios;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.Traces;
import dev.slabrace.trace.jsonl.JsonlEventWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulator's JSON Lines are the project's: the shared reader reads them, the shared writer writes
 * them back byte for byte, and analysing the file finds what analysing the simulation directly finds.
 */
final class JsonlRoundTripTest {
  @TempDir Path dir;

  static List<Scenario> scenarios() {
    return Scenarios.all();
  }

  private static SimConfig config(Scenario scenario) {
    return new SimConfig(3, 6, scenario.takesEvents() ? 4000 : 0);
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void sharedReaderAndWriter_reproduceTheTrace_sameFindings(Scenario scenario) throws IOException {
    Path file = dir.resolve(scenario.name() + ".jsonl");
    try (SimulationEventSource source = new SimulationEventSource(scenario, config(scenario));
        JsonlOut out = new JsonlOut(Files.newOutputStream(file), source)) {
      TraceOutputs.copy(source, out);
    }
    ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
    TraceResult fromFile;
    try (EventSource source = Traces.open(file, file.toString(), false)) {
      JsonlEventWriter writer = new JsonlEventWriter(rewritten, source);
      EventCursor e = new EventCursor();
      while (source.next(e)) {
        writer.write(e);
      }
      writer.close();
    }
    assertArrayEquals(Files.readAllBytes(file), rewritten.toByteArray());
    try (EventSource source = Traces.open(file, file.toString(), false)) {
      fromFile = Detector.analyze(source);
    }
    TraceResult direct;
    try (SimulationEventSource source = new SimulationEventSource(scenario, config(scenario))) {
      direct = Detector.analyze(source);
    }
    assertEquals(direct.events(), fromFile.events());
    assertEquals(describe(direct.findings()), describe(fromFile.findings()));
  }

  private static List<String> describe(List<Finding> findings) {
    return findings.stream()
        .map(f -> f.kind().wireName() + " " + f.first().id() + " " + f.second().id() + " "
            + f.region())
        .toList();
  }
}
