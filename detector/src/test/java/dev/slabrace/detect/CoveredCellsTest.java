package dev.slabrace.detect;

import static dev.slabrace.trace.MemOrder.ACQUIRE;
import static dev.slabrace.trace.MemOrder.ONCE;
import static dev.slabrace.trace.MemOrder.PLAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.finding.Finding;
import dev.slabrace.trace.FenceKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the cells that a plain write covers but cannot drop yet (CoveredCells) cost and find: the
 * shadow of a lock-protected location stays one or two cells however many tasks take the lock in
 * turn, and an smp_wmb() inside the last holder's critical section makes the previous holder's
 * store count again.
 */
final class CoveredCellsTest {
  private static final long X = 0x1000;
  private static final long FLAG = 0x2000;
  private static final int TASKS = 200;

  private record Run(List<String> findings, int cells) {}

  private static Run run(TraceBuilder t) throws IOException {
    List<Finding> findings = new ArrayList<>();
    Engine engine = Collect.replay(t.source(), findings);
    return new Run(findings.stream()
        .map(f -> f.kind().wireName() + " " + f.first().id() + " " + f.second().id()).toList(),
        engine.liveShadowCells());
  }

  /**
   * Tasks 1..TASKS take lock L in turn and store to x inside it, the last one then publishing a
   * flag after smp_wmb() if {@code wmbInside}; returns the store ids.
   */
  private static long[] lockChain(TraceBuilder t, boolean wmbInside) {
    long[] stores = new long[TASKS];
    for (int i = 0; i < TASKS; i++) {
      String tid = Integer.toString(i + 1);
      t.lock(tid, "L", false);
      stores[i] = t.store(tid, X, 8, PLAIN, "writer+0x" + Integer.toHexString(i) + "/0x100");
      if (wmbInside && i == TASKS - 1) {
        t.fence(tid, FenceKind.WMB);
        t.store(tid, FLAG, 8, ONCE, "publish+0x1/0x10");
      }
      t.unlock(tid, "L", false);
    }
    return stores;
  }

  @Test
  void lockChain_shadowStaysSmall() throws IOException {
    TraceBuilder t = new TraceBuilder();
    lockChain(t, false);
    t.lock("0", "L", false);
    t.load("0", X, 8, PLAIN, "reader+0x1/0x10");
    t.unlock("0", "L", false);
    Run r = run(t);
    assertEquals(List.of(), r.findings());
    // every writer's cell is ordered before the next writer, which releases the lock before anyone
    // can be ordered after its store without the earlier ones: the older cells go at that unlock
    assertTrue(r.cells() <= 2, "live shadow cells after " + TASKS + " lock holders: " + r.cells());
  }

  @Test
  void lockChainWithWmbInside_flagReaderIsOrderedAfterEveryHolder() throws IOException {
    TraceBuilder t = new TraceBuilder();
    lockChain(t, true);
    t.load("0", FLAG, 8, ACQUIRE, "reader+0x1/0x10");
    t.load("0", X, 8, PLAIN, "reader+0x2/0x10");
    Run r = run(t);
    // each holder's store is w-post-bounded by its unlock, which the next holder's lock reads; the
    // lock's write continues that release sequence (lock.cat links LKR and LKW by rmw), its po-rel
    // into the next unlock is cumul-fence, and so on to the last holder, whose lock write ->wmb->
    // the flag is cumul-fence too: every store is visible to the reader (litmus trace
    // wmb-inside-lock-rmw-sequence), as linux-kernel.cat says
    assertEquals(List.of(), r.findings());
  }

  @Test
  void moreCoveredCellsThanAListHolds_stillRaceAfterTheWmb() throws IOException {
    int n = CoveredCells.MAX_WAITING + 100;
    long base = 0x100000;
    TraceBuilder t = new TraceBuilder();
    long[] first = new long[n];
    for (int i = 0; i < n; i++) {
      first[i] = t.store("1", base + 8L * i, 8, PLAIN, "first+0x1/0x10");
    }
    t.store("1", FLAG + 8, 8, dev.slabrace.trace.MemOrder.RELEASE, "first+0x2/0x10");
    t.load("2", FLAG + 8, 8, ACQUIRE, "second+0x1/0x10");
    for (int i = 0; i < n; i++) {
      t.store("2", base + 8L * i, 8, PLAIN, "second+0x2/0x10");
    }
    t.fence("2", FenceKind.WMB);
    t.store("2", FLAG, 8, ONCE, "second+0x3/0x10");
    t.load("0", FLAG, 8, ACQUIRE, "reader+0x1/0x10");
    long[] reads = new long[n];
    for (int i = 0; i < n; i++) {
      reads[i] = t.load("0", base + 8L * i, 8, PLAIN, "reader+0x2/0x10");
    }
    Run r = run(t);
    // the second task's stores cover the first's, MAX_WAITING of them on its list and the rest
    // left as they are; its wmb publishes its own stores only, so every read races with the first
    // task's store to its location and with nothing else
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      expected.add("data-race " + first[i] + " " + reads[i]);
    }
    assertEquals(expected, r.findings());
  }
}
