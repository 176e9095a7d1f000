package dev.slabrace.sim;

import dev.slabrace.sim.scenario.Scenario;
import dev.slabrace.sim.scenario.Scenarios;
import dev.slabrace.trace.jsonl.JsonlEventWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Test helpers: a scenario's trace as JSON Lines bytes, and scenarios by name. */
final class TraceBytes {
  private TraceBytes() {}

  /** Returns the scenario called {@code name}. */
  static Scenario scenario(String name) {
    return Scenarios.byName(name).orElseThrow(() -> new AssertionError("no scenario " + name));
  }

  /** Returns the JSON Lines trace of one run. */
  static byte[] jsonl(Scenario scenario, SimConfig config) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SimulationEventSource source = new SimulationEventSource(scenario, config);
    try (JsonlEventWriter out = new JsonlEventWriter(bytes, source)) {
      source.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Returns the configuration of the sample trace of {@code scenario}: seed 1, default CPUs. */
  static SimConfig sample(Scenario scenario) {
    return new SimConfig(1, 0, scenario.takesEvents() ? 2000 : 0);
  }
}
