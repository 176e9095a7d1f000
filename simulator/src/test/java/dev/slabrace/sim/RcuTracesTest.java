package dev.slabrace.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the simulator's RCU puts in a trace: in {@code mixed}, readers that look entries up while
 * updaters delete them, and grace periods that keep the trace contract's rule (every read-side
 * section that began before gp_begin or call_rcu has ended by gp_end or the callback's start); in
 * the typesafe scenarios, one object's memory reused at once.
 */
final class RcuTracesTest {
  /** What one mixed trace shows of RCU. */
  private static final class Tally {
    int lookupsThatFound;
    int gracePeriods;
    int gracePeriodsWithRunningReaders;
    int callbacks;
    int callbacksWithRunningReaders;
    final List<String> violations = new ArrayList<>();
  }

  private static Tally tally(long seed, int cpus, long events) {
    SimulationEventSource source = new SimulationEventSource(TraceBytes.scenario("mixed"),
        new SimConfig(seed, cpus, events));
    Tally t = new Tally();
    Set<Integer> open = new HashSet<>();
    Map<Integer, Set<Integer>> gracePeriod = new HashMap<>();
    Map<Long, Set<Integer>> callback = new HashMap<>();
    EventCursor e = new EventCursor();
    while (source.next(e)) {
      switch (e.op) {
        case RCU_READ_LOCK -> open.add(e.task);
        case RCU_READ_UNLOCK -> {
          open.remove(e.task);
          gracePeriod.values().forEach(s -> s.remove(e.task));
          callback.values().forEach(s -> s.remove(e.task));
        }
        case LOAD -> {
          if (e.dep != EventCursor.NO_REF && open.contains(e.task)) {
            t.lookupsThatFound++;
          }
        }
        case GP_BEGIN -> {
          t.gracePeriods++;
          t.gracePeriodsWithRunningReaders += open.isEmpty() ? 0 : 1;
          gracePeriod.put(e.task, new HashSet<>(open));
        }
        case GP_END -> {
          Set<Integer> running = gracePeriod.remove(e.task);
          if (!running.isEmpty()) {
            t.violations.add("gp_end " + e.id + " while sections of tasks " + running + " run");
          }
        }
        case CALL_RCU -> {
          t.callbacks++;
          t.callbacksWithRunningReaders += open.isEmpty() ? 0 : 1;
          callback.put(e.key, new HashSet<>(open));
        }
        case CB_BEGIN -> {
          Set<Integer> running = callback.remove(e.key);
          if (!running.isEmpty()) {
            t.violations.add("cb_begin " + e.id + " while sections of tasks " + running + " run");
          }
        }
        default -> { }
      }
    }
    return t;
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "2, 2", "3, 4", "4, 8"})
  void mixed_readersRaceWithDeletion_andGracePeriodsWaitForThem(long seed, int cpus) {
    Tally t = tally(seed, cpus, 60_000);
    assertEquals(List.of(), t.violations);
    assertTrue(t.lookupsThatFound > 100, t.lookupsThatFound + " lookups found an entry");
    assertTrue(t.gracePeriods > 10, t.gracePeriods + " synchronize_rcu");
    assertTrue(t.callbacks > 10, t.callbacks + " call_rcu");
    if (cpus > 1) {
      assertTrue(t.gracePeriodsWithRunningReaders > 0, "no reader was running at any gp_begin");
      assertTrue(t.callbacksWithRunningReaders > 0, "no reader was running at any call_rcu");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"typesafe-lookup-plain", "typesafe-lookup-recheck"})
  void typesafe_declaresTheCache_andReusesTheFreedObjectAtOnce(String name) {
    for (int extra = 0; extra <= 2; extra++) {
      SimulationEventSource source = new SimulationEventSource(TraceBytes.scenario(name),
          new SimConfig(extra + 1, 2 + extra, 0));
      EventCursor e = new EventCursor();
      boolean declared = false;
      Set<Long> addresses = new HashSet<>();
      int allocs = 0;
      int frees = 0;
      int failedIncrements = 0;
      while (source.next(e)) {
        if (e.op == Op.CACHE) {
          assertEquals("slabsim_obj", source.symbols().name(e.name));
          assertEquals(EventCursor.TYPESAFE_BY_RCU, e.cacheFlags);
          declared = true;
        } else if ((e.op == Op.ALLOC || e.op == Op.FREE)
            && source.symbols().name(e.cache).equals("slabsim_obj")) {
          assertTrue(declared, "the cache event comes before the first allocation");
          addresses.add(e.addr);
          allocs += e.op == Op.ALLOC ? 1 : 0;
          frees += e.op == Op.FREE ? 1 : 0;
        } else if (e.op == Op.RMW && !e.ok) {
          failedIncrements++;
        }
      }
      assertEquals(1, addresses.size(), "one object's memory: " + addresses);
      assertEquals(3, allocs);
      assertEquals(3, frees);
      assertEquals(1, failedIncrements);
      assertFalse(source.next(e));
    }
  }
}
