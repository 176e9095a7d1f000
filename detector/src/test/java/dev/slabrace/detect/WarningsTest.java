package dev.slabrace.detect;

import static dev.slabrace.trace.MemOrder.ACQUIRE;
import static dev.slabrace.trace.MemOrder.ONCE;
import static dev.slabrace.trace.MemOrder.PLAIN;
import static dev.slabrace.trace.MemOrder.RELEASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.slabrace.finding.TraceResult;
import dev.slabrace.finding.TraceWarning;
import dev.slabrace.trace.CheckedEventSource;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.TraceFormatException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every warning the engine gives for a well-formed but inconsistent trace (docs/warnings.md): its
 * text, the event id and line it names, and how the analysis carries on.
 */
final class WarningsTest {
  private static final long X = 0x1000;
  private static final long OBJ = 0xffff888100a3c000L;

  private static TraceResult analyze(TraceBuilder t) throws IOException {
    return Detector.analyze(t.source());
  }

  /** Asserts that the trace gave exactly one warning, on event {@code id}, with this text. */
  private static void assertWarning(TraceResult r, long id, String message) {
    assertEquals(List.of(new TraceWarning(id, id + 1, message)), r.warnings());
  }

  private static List<String> findings(TraceResult r) {
    return r.findings().stream()
        .map(f -> f.kind().wireName() + " " + f.first().id() + " " + f.second().id()).toList();
  }

  // ---- locks ---------------------------------------------------------------------------------

  @Test
  void unlockOfALockNotHeld_releasesAnyway() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.store("0", X, 8, PLAIN, "a+0x1/0x10");
    long unlock = t.unlock("0", "l", false);
    t.lock("1", "l", false);
    t.store("1", X, 8, PLAIN, "b+0x1/0x10");
    TraceResult r = analyze(t);
    assertWarning(r, unlock, "unlock of l which task 0 does not hold; released anyway");
    assertEquals(List.of(), findings(r), "the unlock still orders the store before the next lock");
  }

  @Test
  void lockWhileHeld_acquiresAnyway() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.lock("0", "l", false);
    long again = t.lock("1", "l", false);
    assertWarning(analyze(t), again, "lock of l while it is held; acquired anyway");
  }

  @Test
  void sharedLockWhileHeldExclusively_acquiresAnyway() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.lock("0", "l", false);
    long shared = t.lock("1", "l", true);
    assertWarning(analyze(t), shared,
        "shared lock of l while task 0 holds it exclusively; acquired anyway");
  }

  @Test
  void sharedUnlockNotHeldShared_releasesAnyway() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long unlock = t.unlock("0", "l", true);
    assertWarning(analyze(t), unlock, "shared unlock of l which no task holds shared; released anyway");
  }

  // ---- tasks ---------------------------------------------------------------------------------

  @Test
  void joinOfAnUnknownTask_ordersNothing() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.store("0", X, 8, PLAIN, "a+0x1/0x10");
    long join = t.child(Op.JOIN, "1", "7");
    long load = t.load("1", X, 8, PLAIN, "b+0x1/0x10");
    TraceResult r = analyze(t);
    assertWarning(r, join, "join of task 7 which never ran; no ordering");
    assertEquals(List.of("data-race 0 " + load), findings(r));
  }

  @Test
  void forkOfATaskThatRan_ordersFromHere() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.store("1", X, 8, PLAIN, "b+0x1/0x10");
    t.store("0", X + 8, 8, PLAIN, "a+0x1/0x10");
    long fork = t.child(Op.FORK, "0", "1");
    t.store("1", X + 8, 8, PLAIN, "b+0x2/0x10");
    TraceResult r = analyze(t);
    assertWarning(r, fork, "fork of task 1 which already ran; ordered from here");
    assertEquals(List.of(), findings(r), "the child's later events are ordered after the fork");
  }

  // ---- RCU -----------------------------------------------------------------------------------

  @Test
  void rcuReadUnlockWithoutASection_isIgnored() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long unlock = t.plain(Op.RCU_READ_UNLOCK, "0");
    t.plain(Op.RCU_READ_LOCK, "0");
    t.plain(Op.RCU_READ_UNLOCK, "0");
    assertWarning(analyze(t), unlock, "rcu_read_unlock outside any read-side section; ignored");
  }

  @Test
  void cbEndWithoutCbBegin_isIgnored() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.keyed(Op.CALL_RCU, "0", "cb");
    long end = t.keyed(Op.CB_END, "1", "cb");
    assertWarning(analyze(t), end, "cb_end of callback cb that is not running on task 1; ignored");
  }

  @Test
  void cbBeginWithoutCallRcu_assumesNoOrdering() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.store("0", X, 8, PLAIN, "a+0x1/0x10");
    long begin = t.keyed(Op.CB_BEGIN, "1", "cb");
    long load = t.load("1", X, 8, PLAIN, "cb+0x1/0x10");
    TraceResult r = analyze(t);
    assertWarning(r, begin, "cb_begin of callback cb that no call_rcu queued; no ordering assumed");
    assertEquals(List.of("data-race 0 " + load), findings(r));
  }

  @Test
  void callRcuOfAPendingCallback_isIgnored() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.keyed(Op.CALL_RCU, "0", "cb");
    long again = t.keyed(Op.CALL_RCU, "0", "cb");
    assertWarning(analyze(t), again, "call_rcu of callback cb which is already pending; ignored");
  }

  @Test
  void callbackStartingBeforeItsGracePeriod_isWarned() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.plain(Op.RCU_READ_LOCK, "1");
    t.keyed(Op.CALL_RCU, "0", "cb");
    long begin = t.keyed(Op.CB_BEGIN, "2", "cb");
    assertWarning(analyze(t), begin,
        "callback cb starts while 1 read-side section(s) running at its call_rcu have not ended");
  }

  @Test
  void gpEndWithoutGpBegin_isAFullBarrier() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long end = t.plain(Op.GP_END, "0");
    assertWarning(analyze(t), end, "gp_end without gp_begin; treated as a full barrier");
  }

  @Test
  void gpBeginWhileWaiting_dropsTheEarlierGracePeriod() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.plain(Op.GP_BEGIN, "0");
    long again = t.plain(Op.GP_BEGIN, "0");
    assertWarning(analyze(t), again,
        "gp_begin while task 0 already waits for a grace period; the earlier one is dropped");
  }

  @Test
  void gracePeriodInsideAReadSection_carriesOn() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.plain(Op.RCU_READ_LOCK, "0");
    long sync = t.plain(Op.SYNCHRONIZE_RCU, "0");
    // the grace period then also ends while the task's own section is running
    assertEquals(List.of(
        new TraceWarning(sync, sync + 1,
            "grace period waited for inside an RCU read-side section (a deadlock); carried on"),
        new TraceWarning(sync, sync + 1, "grace period (gp_begin at event " + sync + ") ended while 1"
            + " read-side section(s) that began before it were still running; those sections are"
            + " not ordered before it")),
        analyze(t).warnings());
  }

  @Test
  void gracePeriodEndingBeforeItsReaders_ordersNotThem() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.plain(Op.RCU_READ_LOCK, "1");
    long begin = t.plain(Op.GP_BEGIN, "0");
    long end = t.plain(Op.GP_END, "0");
    assertWarning(analyze(t), end, "grace period (gp_begin at event " + begin + ") ended while 1"
        + " read-side section(s) that began before it were still running; those sections are not"
        + " ordered before it");
  }

  @Test
  void rcuBarrierBeforeCallbacksEnded_ordersNotThem() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.keyed(Op.CALL_RCU, "0", "cb");
    long barrier = t.plain(Op.RCU_BARRIER, "0");
    assertWarning(analyze(t), barrier, "rcu_barrier returned while 1 queued callback(s) had not"
        + " ended; they are not ordered before it");
  }

  // ---- dependencies and reads-from ------------------------------------------------------------

  /**
   * A reference to an event that does not exist or has the wrong kind is malformed input, rejected by
   * the reader (EventReferences), not a warning; the engine itself gives no warning for one it may
   * still meet (a source that does not check): it orders nothing.
   */
  @Test
  void badReferences_areRejectedAsMalformed() {
    TraceBuilder t = new TraceBuilder();
    t.store("0", X, 8, PLAIN, "a+0x1/0x10");
    t.loadDep("1", X, 8, PLAIN, "b+0x1/0x10", 0);
    TraceFormatException e = assertThrows(TraceFormatException.class,
        () -> Detector.analyze(new CheckedEventSource(t.source(), false)));
    assertEquals("built:2: dep 0 does not name a load (it is a store)", e.getMessage());
  }

  @Test
  void referencesNamingNothing_orderNothingAndWarnNothing() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.store("0", X + 8, 8, PLAIN, "a+0x1/0x10");
    t.store("0", X, 8, RELEASE, "a+0x2/0x10");
    t.add(Op.LOAD, "1", e -> {
      e.addr = X;
      e.size = 8;
      e.mo = ACQUIRE;
      e.rf = 5;
    });
    long data = t.load("1", X + 8, 8, PLAIN, "b+0x2/0x10");
    TraceResult r = analyze(t);
    assertEquals(List.of(), r.warnings());
    assertEquals(List.of("data-race 0 " + data), findings(r), "the acquire read from no store");
  }

  // ---- heap ----------------------------------------------------------------------------------

  @Test
  void allocOfALiveObject_dropsTheOldOne() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long first = t.alloc("0", OBJ, 32, "a+0x1/0x10");
    long second = t.alloc("1", OBJ, 32, "b+0x1/0x10");
    assertWarning(analyze(t), second, "alloc of 0xffff888100a3c000 which is still allocated"
        + " (alloc at event " + first + "); the old object is dropped without a free");
  }

  @Test
  void manyWarnings_areCappedAndCounted() throws IOException {
    TraceBuilder t = new TraceBuilder();
    for (int i = 0; i < Engine.MAX_WARNINGS + 5; i++) {
      t.plain(Op.RCU_READ_UNLOCK, "0");
    }
    TraceResult r = analyze(t);
    assertEquals(Engine.MAX_WARNINGS, r.warnings().size());
    assertEquals(List.of("5 more warning(s) after the first 1000 were counted but not kept"),
        r.notes());
  }
}
