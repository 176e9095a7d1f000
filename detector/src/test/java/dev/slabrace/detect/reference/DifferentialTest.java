package dev.slabrace.detect.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.slabrace.detect.reference.ReferenceEngine.Deviation;
import dev.slabrace.detect.reference.ReferenceEngine.RefFinding;
import dev.slabrace.finding.FindingKind;
import dev.slabrace.trace.FenceKind;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The fast engine against the {@link ReferenceEngine} on random well-formed traces from
 * {@link RandomTraceGenerator}: seeds {@code slabrace.diff.seed} (default 0) onwards,
 * {@code slabrace.diff.traces} of them (default 10,000).
 *
 * <p>On every trace the two must agree as {@link Differential} defines it (kinds, racy later events,
 * racy bytes, use-after-free and double-free pairs, and every fast-engine finding made by the
 * reference too). The full sets of racing pairs are not compared: the engine reports a bounded
 * selection of them (AccessChecker's class comment), so what is compared is what the contract and
 * the reports need, per racy later event and byte. Before that, each trace checks the selection
 * against the same engine reporting every pair ({@link Differential#selectionProblems}): the same
 * named events, code-location pairs and racy bytes. No disagreement is accepted: each is shrunk to a
 * minimal well-formed trace and the test fails with it as JSON Lines, the findings of both engines,
 * and which of the engine's former departures ({@link Deviation}, each with a regression test in
 * {@link DisagreementsTest}), if any, the reference would have to emulate to agree. Property:
 *
 * <ul>
 *   <li>{@code -Dslabrace.diff.all=true}: do not stop at the first failure; shrink every failing trace
 *       and report each distinct minimal trace once.
 * </ul>
 *
 * <p>The generator is checked for reach by mutation: switching off any single rule of the reference
 * (each fence kind, ctrl forwarding, rf, wait, fork, shared-lock release, grace-period and callback
 * edges, rcu_barrier, the LKMM rb filter, the WX plane, reuse after free) makes between a few and
 * several hundred of the first 10,000 traces disagree.
 */
final class DifferentialTest {
  private static final int TRACES = Integer.getInteger("slabrace.diff.traces", 10_000);
  private static final long FIRST_SEED = Long.getLong("slabrace.diff.seed", 0L);
  private static final boolean ALL = Boolean.getBoolean("slabrace.diff.all");
  private static final Set<Deviation> FORMER = EnumSet.allOf(Deviation.class);

  /** A shrunk failure and the first seed that led to it. */
  private record Minimal(long seed, int originalSize, List<Ev> trace) {}

  @Test
  void fastEngineAgreesWithReference() {
    long start = System.nanoTime();
    Map<String, Minimal> failures = new LinkedHashMap<>();
    Coverage coverage = new Coverage();
    int failing = 0;
    int ran = 0;
    for (long seed = FIRST_SEED; seed < FIRST_SEED + TRACES; seed++) {
      ran++;
      List<Ev> trace = RandomTraceGenerator.generate(seed);
      coverage.add(trace);
      String selection = Differential.selectionProblems(trace);
      if (selection != null) {
        List<Ev> small = Differential.renumber(
            Shrinker.shrink(trace, c -> Differential.selectionProblems(c) != null));
        fail("seed " + seed + ": the bounded selection of reports loses what every-pair mode reports"
            + " (shrunk from " + trace.size() + " to " + small.size() + " events):\n"
            + Differential.jsonLines(small) + Differential.selectionProblems(small));
      }
      Differential.Outcome outcome = Differential.compare(trace);
      coverage.addFindings(outcome.reference());
      if (outcome.agree()) {
        continue;
      }
      failing++;
      List<Ev> small = Differential.renumber(
          Shrinker.shrink(trace, c -> !Differential.compare(c).agree()));
      failures.putIfAbsent(Differential.jsonLines(small), new Minimal(seed, trace.size(), small));
      if (!ALL) {
        break;
      }
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("differential: %d traces from seed %d, %d events, reference findings %s, %d ms%n",
        ran, FIRST_SEED, coverage.events, coverage.kinds, millis);
    if (!failures.isEmpty()) {
      List<String> reports = new ArrayList<>();
      for (Minimal m : failures.values()) {
        reports.add(Differential.describe("seed " + m.seed() + " (shrunk from " + m.originalSize()
            + " to " + m.trace().size() + " events; rerun with -Dslabrace.diff.seed=" + m.seed()
            + " -Dslabrace.diff.traces=1):", m.trace(), formerDeparture(m.trace())));
      }
      fail((ALL ? failing + " traces disagree; " + failures.size() + " distinct minimal traces"
          : "the fast engine and the reference disagree") + "\n" + String.join("\n", reports));
    }
    if (TRACES >= 1000) {
      coverage.assertBroad();
    }
  }

  /**
   * The same comparison on traces where every marked store and RMW comes as a burst of
   * {@value #BURST} identical ones from its task: the generator's traces are too short for the
   * shadow's compaction of marked-store runs (AccessChecker.MARKED_STORE_RUN, ShadowMemory's credit
   * of kept + 16 stores) ever to drop one.
   */
  @Test
  void fastEngineAgreesWithReference_onBurstsOfMarkedStores() {
    int compared = 0;
    int bursts = 0;
    for (long seed = FIRST_SEED; seed < FIRST_SEED + Math.min(TRACES, 2_000); seed++) {
      List<Ev> trace = withBursts(RandomTraceGenerator.generate(seed));
      if (trace.size() == RandomTraceGenerator.generate(seed).size() || !TraceRules.valid(trace)) {
        continue;
      }
      compared++;
      bursts += trace.size() - RandomTraceGenerator.generate(seed).size();
      Differential.Outcome outcome = Differential.compare(trace);
      if (!outcome.agree()) {
        fail(Differential.describe("seed " + seed + " with bursts of marked stores:", trace,
            formerDeparture(trace)));
      }
    }
    System.out.printf("differential with bursts: %d traces, %d extra marked stores%n", compared,
        bursts);
    assertTrue(compared >= 500, "too few traces with marked stores: " + compared);
  }

  /** The former departures under which the reference agrees with the engine on {@code trace}, if any. */
  private static Set<Deviation> formerDeparture(List<Ev> trace) {
    Set<Deviation> explained = Differential.explain(trace, FORMER);
    return explained == null ? Set.of() : explained;
  }

  private static final int BURST = 20;

  /**
   * Puts {@value #BURST} - 1 copies of each marked store or RMW before it, then renumbers. References
   * keep naming the original events (the last of each burst): an rf then names a store that many
   * newer stores to its location follow, which the fast engine still finds (StoreReads).
   */
  private static List<Ev> withBursts(List<Ev> trace) {
    List<Ev> out = new ArrayList<>();
    for (Ev e : trace) {
      boolean markedStore = (e.op() == Op.STORE || e.op() == Op.RMW) && e.mo() != MemOrder.PLAIN
          && e.ok();
      if (markedStore) {
        for (int k = 0; k < BURST - 1; k++) {
          out.add(e.withId(e.id() * 32 + k).withRefs(-1, -1, -1).withData(-1));
        }
      }
      out.add(e.withId(e.id() * 32 + 31).withRefs(ref(e.dep()), ref(e.ctrl()), ref(e.rf()))
          .withData(ref(e.data())));
    }
    return Differential.renumber(out);
  }

  private static long ref(long id) {
    return id < 0 ? id : id * 32 + 31;
  }

  @Test
  void generatorIsDeterministicAndWellFormed() {
    for (long seed = 0; seed < 300; seed++) {
      List<Ev> trace = RandomTraceGenerator.generate(seed);
      assertEquals(trace, RandomTraceGenerator.generate(seed), "seed " + seed);
      assertTrue(TraceRules.valid(trace), "seed " + seed + "\n" + Differential.jsonLines(trace));
      assertTrue(trace.size() >= 5 && trace.size() <= 64, "seed " + seed + ": " + trace.size());
      assertEquals(trace, Ev.parseJsonLines(Differential.jsonLines(trace)), "seed " + seed);
    }
  }

  /** What the generated traces exercised, so that a generator regression cannot pass silently. */
  private static final class Coverage {
    final Set<Op> ops = EnumSet.noneOf(Op.class);
    final Set<FenceKind> fences = EnumSet.noneOf(FenceKind.class);
    final Set<MemOrder> orders = EnumSet.noneOf(MemOrder.class);
    final Map<FindingKind, Long> kinds = new EnumMap<>(FindingKind.class);
    long events;
    int failedRmws;
    int deps;
    int ctrls;
    int rfs;
    int sharedLocks;

    void add(List<Ev> trace) {
      events += trace.size();
      for (Ev e : trace) {
        ops.add(e.op());
        if (e.fence() != null) {
          fences.add(e.fence());
        }
        if (e.isAccess()) {
          orders.add(e.mo());
          failedRmws += e.ok() ? 0 : 1;
          deps += e.dep() >= 0 ? 1 : 0;
          ctrls += e.ctrl() >= 0 ? 1 : 0;
          rfs += e.rf() >= 0 ? 1 : 0;
        }
        sharedLocks += e.op() == Op.LOCK && e.shared() ? 1 : 0;
      }
    }

    void addFindings(Set<RefFinding> found) {
      found.forEach(f -> kinds.merge(f.kind(), 1L, Long::sum));
    }

    void assertBroad() {
      // metadata, and cache declarations (the reference knows no SLAB_TYPESAFE_BY_RCU: EngineTest)
      Set<Op> expected = EnumSet.complementOf(EnumSet.of(Op.HEADER, Op.REGION, Op.STACK, Op.CACHE));
      assertEquals(expected, ops, "ops generated");
      assertEquals(EnumSet.allOf(FenceKind.class), fences, "fence kinds generated");
      assertEquals(EnumSet.allOf(MemOrder.class), orders, "markings generated");
      assertEquals(EnumSet.allOf(FindingKind.class), kinds.keySet(), "finding kinds met");
      assertTrue(failedRmws > 0 && deps > 0 && ctrls > 0 && rfs > 0 && sharedLocks > 0,
          "failed RMWs, dep, ctrl, rf, shared locks all generated");
    }
  }
}
