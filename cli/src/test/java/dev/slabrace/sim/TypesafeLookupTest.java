package dev.slabrace.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.finding.Finding;
import dev.slabrace.finding.TraceResult;
import dev.slabrace.report.Collect;
import dev.slabrace.sim.scenario.Scenarios;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.ForwardingEventSource;
import dev.slabrace.trace.Op;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The typesafe-lookup pair under the engine, beyond the verdict: the buggy lookup's plain reads
 * race with the next owner's initialisation and nothing else is reported (no use-after-free for the
 * reader inside its section, no assert race with the free); and the cache declaration is what makes
 * the fixed lookup clean: the same trace without it is full of use-after-free and assert races.
 */
final class TypesafeLookupTest {
  private static TraceResult analyze(String scenario, long seed, int cpus, boolean declared)
      throws IOException {
    SimConfig config = new SimConfig(seed, cpus, 0);
    EventSource source = new SimulationEventSource(Scenarios.byName(scenario).orElseThrow(), config);
    try (EventSource s = declared ? source : new WithoutCacheDeclarations(source)) {
      return Collect.analyze(s);
    }
  }

  @Test
  void plainPeek_racesWithTheNextOwnersInitialisation_only() throws IOException {
    for (long seed = 1; seed <= 20; seed++) {
      TraceResult result = analyze("typesafe-lookup-plain", seed, 2 + (int) (seed % 3), true);
      List<Finding> findings = result.findings();
      assertEquals(2, findings.size(), "seed " + seed + ": " + findings);
      for (Finding f : findings) {
        assertEquals("data-race", f.kind().wireName());
        assertEquals("slabsim_obj->state", f.region());
        assertEquals("slabsim_obj", f.typesafeCache());
        assertTrue(f.first().topFrame().startsWith("slabsim_obj_lookup+"), f.first().topFrame());
        assertTrue(f.second().topFrame().startsWith("slabsim_obj_insert+"), f.second().topFrame());
      }
    }
  }

  @Test
  void recheck_withoutTheCacheDeclaration_isFullOfUseAfterFree() throws IOException {
    TraceResult declared = analyze("typesafe-lookup-recheck", 1, 2, true);
    TraceResult undeclared = analyze("typesafe-lookup-recheck", 1, 2, false);
    assertEquals(List.of(), declared.findings());
    List<String> kinds = undeclared.findings().stream().map(f -> f.kind().wireName()).distinct()
        .sorted().toList();
    assertEquals(List.of("assert-race", "use-after-free"), kinds);
  }

  /** A source that drops the trace's cache events, as a trace from a tool that cannot write them. */
  private static final class WithoutCacheDeclarations extends ForwardingEventSource {
    WithoutCacheDeclarations(EventSource source) {
      super(source);
    }

    @Override
    public boolean next(EventCursor into) throws IOException {
      while (source.next(into)) {
        if (into.op != Op.CACHE) {
          return true;
        }
      }
      return false;
    }
  }
}
