package dev.slabrace.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.slabrace.finding.Access;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.TraceResult;
import dev.slabrace.report.Collect;
import dev.slabrace.sim.scenario.Expectation;
import dev.slabrace.sim.scenario.Scenario;
import dev.slabrace.sim.scenario.Scenarios;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each scenario's verdict under the engine, across 50 seeds and from no background CPU to four: every
 * buggy variant yields the finding its seed describes, and nothing outside the regions of its bug;
 * every fixed variant yields no finding and no warning at all. Lives in the detector module, which
 * depends on the simulator (the reverse dependency would be a cycle, even in test scope).
 */
final class ScenarioVerdictsTest {
  private static final int SEEDS = 50;

  static List<Scenario> focused() {
    return Scenarios.all().stream().filter(s -> !s.takesEvents()).toList();
  }

  private static TraceResult analyze(Scenario scenario, long seed) throws IOException {
    SimConfig config = new SimConfig(seed, scenario.minCpus() + (int) (seed % 5), 0);
    try (SimulationEventSource source = new SimulationEventSource(scenario, config)) {
      return Collect.analyze(source);
    }
  }

  @ParameterizedTest
  @MethodSource("focused")
  void verdict_across50Seeds(Scenario scenario) throws IOException {
    for (long seed = 1; seed <= SEEDS; seed++) {
      TraceResult result = analyze(scenario, seed);
      String where = scenario.name() + " seed " + seed;
      assertEquals(List.of(), result.summary().warnings(), where);
      if (scenario.expectation().isEmpty()) {
        assertEquals(List.of(), describe(result.findings()), where);
        continue;
      }
      Expectation expected = scenario.expectation().get();
      if (result.findings().stream().noneMatch(f -> matches(f, expected))) {
        fail(where + ": no " + expected + " in " + describe(result.findings()));
      }
      for (Finding f : result.findings()) {
        assertTrue(expected.allowedRegions().stream().anyMatch(p -> f.region().startsWith(p)),
            where + ": finding outside the bug's regions: " + describe(List.of(f)));
      }
    }
  }

  static boolean matches(Finding f, Expectation e) {
    return f.kind().wireName().equals(e.kind())
        && (f.region().equals(e.region()) || f.region().startsWith(e.region() + "+"))
        && inFrames(f.first(), e.firstFunction())
        && inFrames(f.second(), e.secondFunction());
  }

  private static boolean inFrames(Access access, String function) {
    return access.frames().stream().anyMatch(frame -> frame.startsWith(function + "+"));
  }

  private static List<String> describe(List<Finding> findings) {
    return findings.stream()
        .map(f -> f.kind().wireName() + " " + f.region() + " [" + f.first().topFrame() + " / "
            + f.second().topFrame() + "] events " + f.first().id() + "," + f.second().id())
        .collect(Collectors.toList());
  }
}
