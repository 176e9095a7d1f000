package dev.slabrace.detect;

import static dev.slabrace.trace.MemOrder.ACQUIRE;
import static dev.slabrace.trace.MemOrder.ONCE;
import static dev.slabrace.trace.MemOrder.PLAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.finding.Finding;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An acquire load's shadow cell is ordered before what a later marked event of its task is ordered
 * before (acq-po), so it stands for the earlier acquire loads of its task but for no earlier
 * relaxed read: the checker must not let it drop an older relaxed read that nothing orders, even
 * once the acquire is too old for the task's remembered loads (whose reads stand for nothing
 * anyway), and must let a polling task's acquires replace each other.
 */
final class AcquireCellTest {
  private static final long X = 0x1000;
  private static final long Y = 0x1040;
  private static final long Z = 0x1080;

  private static List<String> races(TraceBuilder t) throws IOException {
    List<Finding> findings = new ArrayList<>();
    Collect.replay(t.source(), findings);
    return findings.stream()
        .map(f -> f.kind().wireName() + " " + f.first().id() + " " + f.second().id()).toList();
  }

  /**
   * P1: r0=READ_ONCE(x); r1=smp_load_acquire(&x); {@code between} times READ_ONCE(z);
   * r2=READ_ONCE(x); WRITE_ONCE(y,1). P2: r3=smp_load_acquire(&y); x=2. linux-kernel.cat: r1 is
   * ordered before x=2 (acq-po, rfe, acq-po); r0 and r2 are not, and race with it.
   */
  private static void check(int between) throws IOException {
    TraceBuilder t = new TraceBuilder();
    long r0 = t.load("1", X, 8, ONCE, "r0+0x1/0x10");
    t.load("1", X, 8, ACQUIRE, "r1+0x1/0x10");
    for (int i = 0; i < between; i++) {
      t.load("1", Z, 8, ONCE, "poll+0x1/0x10");
    }
    long r2 = t.load("1", X, 8, ONCE, "r2+0x1/0x10");
    t.store("1", Y, 8, ONCE, "publish+0x1/0x10");
    t.load("2", Y, 8, ACQUIRE, "consume+0x1/0x10");
    long x2 = t.store("2", X, 8, PLAIN, "reuse+0x1/0x10");
    assertEquals(List.of("data-race " + r0 + " " + x2, "data-race " + r2 + " " + x2), races(t),
        between + " loads between the acquire and r2");
  }

  /**
   * A task polling a flag with smp_load_acquire() keeps a bounded shadow there (its remembered
   * loads, which a dependency may still name, and a few more): a later acquire's cell stands for
   * the earlier acquires of its task, which it orders no less. (An engine that let
   * acquire cells stand for nothing kept one per poll, and took five times the CPU on the
   * simulator's trace.)
   */
  @Test
  void acquirePolling_keepsAFewCells() throws IOException {
    TraceBuilder t = new TraceBuilder();
    for (int i = 0; i < 20 * TaskState.RECENT_LOADS; i++) {
      t.load("1", X, 8, ACQUIRE, "poll+0x1/0x10");
    }
    List<Finding> findings = new ArrayList<>();
    Engine engine = Collect.replay(t.source(), findings);
    assertEquals(List.of(), findings);
    int cells = engine.liveShadowCells();
    assertTrue(cells <= 2 * TaskState.RECENT_LOADS,
        cells + " shadow cells for one task's acquire polls of one address");
  }

  @Test
  void acquireBetweenRelaxedReads_ordersNeither() throws IOException {
    check(0);
  }

  @Test
  void acquireOlderThanTheRememberedLoads_stillStandsForNoEarlierRead() throws IOException {
    check(TaskState.RECENT_LOADS);
    check(2 * TaskState.RECENT_LOADS);
  }
}
