package dev.slabrace.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.sim.scenario.Scenario;
import dev.slabrace.sim.scenario.Scenarios;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.Op;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

final class SimulationTest {
  static Iterable<Scenario> scenarios() {
    return Scenarios.all();
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void sameScenarioAndSeed_byteIdenticalTraces(Scenario scenario) {
    SimConfig config = new SimConfig(7, 0, scenario.takesEvents() ? 3000 : 0);
    byte[] first = TraceBytes.jsonl(scenario, config);
    byte[] second = TraceBytes.jsonl(scenario, config);
    assertTrue(first.length > 0);
    assertArrayEquals(first, second, scenario.name());
  }

  @ParameterizedTest
  @ValueSource(strings = {"mixed", "stride-race", "tty-flush-acquire"})
  void differentSeeds_differentInterleavings(String name) {
    Scenario scenario = TraceBytes.scenario(name);
    SimConfig one = new SimConfig(1, 6, scenario.takesEvents() ? 3000 : 0);
    SimConfig two = new SimConfig(2, 6, scenario.takesEvents() ? 3000 : 0);
    assertFalse(Arrays.equals(TraceBytes.jsonl(scenario, one), TraceBytes.jsonl(scenario, two)));
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void everyScenario_endsOnAnyNumberOfCpus(Scenario scenario) {
    for (int extra = 0; extra <= 4; extra++) {
      for (long seed = 1; seed <= 10; seed++) {
        SimConfig config = new SimConfig(seed, scenario.minCpus() + extra,
            scenario.takesEvents() ? 1500 : 0);
        SimulationEventSource source = new SimulationEventSource(scenario, config);
        EventCursor e = new EventCursor();
        long n = 0;
        long previousId = -1;
        while (source.next(e)) {
          assertEquals(previousId + 1, e.id, "ids are line indices");
          previousId = e.id;
          n++;
        }
        assertTrue(n > 10, scenario.name() + " seed " + seed);
      }
    }
  }

  @Test
  void header_isTheFirstEventAndNamesTheRun() {
    SimulationEventSource source = new SimulationEventSource(TraceBytes.scenario("put-pid-refcount"),
        new SimConfig(3, 5, 0));
    EventCursor e = new EventCursor();
    assertTrue(source.next(e));
    assertEquals(Op.HEADER, e.op);
    assertEquals("put-pid-refcount", source.header().get("scenario"));
    assertEquals("clean", source.header().get("variant"));
    assertEquals("3", source.header().get("seed"));
    assertEquals("5", source.header().get("cpus"));
    assertEquals("sim:put-pid-refcount:seed=3:cpus=5", source.name());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 50, 2000, 12345})
  void mixed_hasExactlyTheRequestedEvents(long events) {
    SimulationEventSource source = new SimulationEventSource(TraceBytes.scenario("mixed"),
        new SimConfig(5, 3, events));
    EventCursor e = new EventCursor();
    long n = 0;
    while (source.next(e)) {
      n++;
    }
    assertEquals(events, n);
    assertFalse(source.next(e), "stays at the end");
  }

  @Test
  void mixed_streamsMillionsOfEventsWithoutHoldingThem() {
    // counts only: the source holds one step's events and the machine's live objects, so the run
    // needs no memory in proportion to its length
    SimulationEventSource source = new SimulationEventSource(TraceBytes.scenario("mixed"),
        new SimConfig(11, 8, 2_000_000));
    EventCursor e = new EventCursor();
    long n = 0;
    long allocs = 0;
    long frees = 0;
    while (source.next(e)) {
      n++;
      if (e.op == Op.ALLOC) {
        allocs++;
      } else if (e.op == Op.FREE) {
        frees++;
      }
    }
    assertEquals(2_000_000, n);
    assertEquals(2_000_000, source.delivered());
    assertTrue(allocs > 10_000 && frees > 10_000, allocs + " allocs, " + frees + " frees");
    assertTrue(allocs - frees < 8 * 64, "live objects stay bounded: " + (allocs - frees));
  }
}
