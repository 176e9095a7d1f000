package dev.slabrace.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.sim.scenario.Scenario;
import dev.slabrace.sim.scenario.Scenarios;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulator's sample traces in {@code sample-traces/sim-SCENARIO.jsonl} are what it generates
 * today, byte for byte: seed 1, the scenario's default CPUs, 2000 events for mixed. Run with
 * {@code -Dgolden.update=true} to rewrite them after an intended change, and review the diff.
 */
final class SampleTracesTest {
  static Iterable<Scenario> scenarios() {
    return Scenarios.all();
  }

  static Path sample(Scenario scenario) {
    String root = System.getProperty("slabrace.root", "..");
    return Path.of(root, "sample-traces", "sim-" + scenario.name() + ".jsonl");
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void sampleTrace_regeneratesByteForByte(Scenario scenario) throws IOException {
    byte[] generated = TraceBytes.jsonl(scenario, TraceBytes.sample(scenario));
    Path file = sample(scenario);
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(file.getParent());
      Files.write(file, generated);
    }
    assertTrue(Files.exists(file), file + " is missing; run with -Dgolden.update=true to create it");
    assertArrayEquals(Files.readAllBytes(file), generated, file + " differs from what the simulator"
        + " generates; run with -Dgolden.update=true and review the diff");
  }
}
