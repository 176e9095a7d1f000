package dev.slabrace.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slabrace.finding.TraceResult;
import dev.slabrace.report.Collect;
import dev.slabrace.sim.scenario.Scenarios;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The mixed workload under the engine: clean on any number of CPUs, and exactly as long as asked. Its
 * RCU readers finish before, or still run at, the synchronize_rcu and call_rcu that precede the free
 * of what they read (RcuTracesTest shows both happen): the contract's grace-period rule orders both.
 */
final class MixedAnalysisTest {
  @ParameterizedTest
  @CsvSource({
      "1, 1, 5000", "2, 2, 20000", "3, 4, 20000", "4, 8, 20000", "5, 16, 20000",
      "6, 4, 300000", "7, 2, 200000", "8, 4, 200000", "9, 8, 200000"})
  void mixed_clean_exactLength(long seed, int cpus, long events) throws IOException {
    SimConfig config = new SimConfig(seed, cpus, events);
    TraceResult result;
    try (SimulationEventSource source =
        new SimulationEventSource(Scenarios.byName("mixed").orElseThrow(), config)) {
      result = Collect.analyze(source);
    }
    assertEquals(events, result.summary().events());
    assertEquals(List.of(), result.summary().warnings());
    assertEquals(List.of(), result.findings());
  }
}
