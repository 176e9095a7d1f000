package dev.slabrace.detect;

import static dev.slabrace.trace.MemOrder.ACQUIRE;
import static dev.slabrace.trace.MemOrder.ONCE;
import static dev.slabrace.trace.MemOrder.PLAIN;
import static dev.slabrace.trace.MemOrder.RELEASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.slabrace.finding.EngineNote;
import dev.slabrace.finding.NoteCode;
import dev.slabrace.finding.TraceResult;
import dev.slabrace.finding.TraceWarning;
import dev.slabrace.finding.WarningCode;
import dev.slabrace.trace.CheckedEventSource;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.TraceFormatException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every warning the engine gives for a well-formed but inconsistent trace (docs/warnings.md): its
 * code and arguments, the event id and line it names, and how the analysis carries on.
 */
final class WarningsTest {
  private static final long X = 0x1000;
  private static final long OBJ = 0xffff888100a3c000L;

  private static TraceResult analyze(TraceBuilder t) throws IOException {
    return Collect.analyze(t.source());
  }

  /**
   * Asserts that the trace gave exactly one warning, on event {@code id}, with this code and these
   * arguments (the sentence it becomes is MessagesTest's).
   */
  private static void assertWarning(TraceResult r, long id, WarningCode code, Object... args) {
    assertEquals(List.of(new TraceWarning(id, id + 1, code, args)), r.summary().warnings());
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
    assertWarning(r, unlock, WarningCode.UNLOCK_NOT_HELD, "l", "0");
    assertEquals(List.of(), findings(r), "the unlock still orders the store before the next lock");
  }

  @Test
  void lockWhileHeld_acquiresAnyway() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.lock("0", "l", false);
    long again = t.lock("1", "l", false);
    assertWarning(analyze(t), again, WarningCode.LOCK_WHILE_HELD, "l");
  }

  @Test
  void sharedLockWhileHeldExclusively_acquiresAnyway() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.lock("0", "l", false);
    long shared = t.lock("1", "l", true);
    assertWarning(analyze(t), shared, WarningCode.SHARED_LOCK_WHILE_HELD_EXCLUSIVELY, "l", "0");
  }

  @Test
  void sharedUnlockNotHeldShared_releasesAnyway() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long unlock = t.unlock("0", "l", true);
    assertWarning(analyze(t), unlock, WarningCode.SHARED_UNLOCK_NOT_HELD, "l");
  }

  // ---- tasks ---------------------------------------------------------------------------------

  @Test
  void joinOfAnUnknownTask_ordersNothing() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.store("0", X, 8, PLAIN, "a+0x1/0x10");
    long join = t.child(Op.JOIN, "1", "7");
    long load = t.load("1", X, 8, PLAIN, "b+0x1/0x10");
    TraceResult r = analyze(t);
    assertWarning(r, join, WarningCode.JOIN_OF_UNSEEN_TASK, "7");
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
    assertWarning(r, fork, WarningCode.FORK_OF_RUNNING_TASK, "1");
    assertEquals(List.of(), findings(r), "the child's later events are ordered after the fork");
  }

  // ---- RCU -----------------------------------------------------------------------------------

  @Test
  void rcuReadUnlockWithoutASection_isIgnored() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long unlock = t.plain(Op.RCU_READ_UNLOCK, "0");
    t.plain(Op.RCU_READ_LOCK, "0");
    t.plain(Op.RCU_READ_UNLOCK, "0");
    assertWarning(analyze(t), unlock, WarningCode.RCU_UNLOCK_OUTSIDE_SECTION);
  }

  @Test
  void cbEndWithoutCbBegin_isIgnored() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.keyed(Op.CALL_RCU, "0", "cb");
    long end = t.keyed(Op.CB_END, "1", "cb");
    assertWarning(analyze(t), end, WarningCode.CB_END_NOT_RUNNING, "cb", "1");
  }

  @Test
  void cbBeginWithoutCallRcu_assumesNoOrdering() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.store("0", X, 8, PLAIN, "a+0x1/0x10");
    long begin = t.keyed(Op.CB_BEGIN, "1", "cb");
    long load = t.load("1", X, 8, PLAIN, "cb+0x1/0x10");
    TraceResult r = analyze(t);
    assertWarning(r, begin, WarningCode.CB_BEGIN_NOT_QUEUED, "cb");
    assertEquals(List.of("data-race 0 " + load), findings(r));
  }

  @Test
  void callRcuOfAPendingCallback_isIgnored() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.keyed(Op.CALL_RCU, "0", "cb");
    long again = t.keyed(Op.CALL_RCU, "0", "cb");
    assertWarning(analyze(t), again, WarningCode.CALL_RCU_ALREADY_PENDING, "cb");
  }

  @Test
  void callbackStartingBeforeItsGracePeriod_isWarned() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.plain(Op.RCU_READ_LOCK, "1");
    t.keyed(Op.CALL_RCU, "0", "cb");
    long begin = t.keyed(Op.CB_BEGIN, "2", "cb");
    assertWarning(analyze(t), begin, WarningCode.CALLBACK_BEFORE_READERS, "cb", 1L);
  }

  @Test
  void gpEndWithoutGpBegin_isAFullBarrier() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long end = t.plain(Op.GP_END, "0");
    assertWarning(analyze(t), end, WarningCode.GP_END_WITHOUT_BEGIN);
  }

  @Test
  void gpBeginWhileWaiting_dropsTheEarlierGracePeriod() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.plain(Op.GP_BEGIN, "0");
    long again = t.plain(Op.GP_BEGIN, "0");
    assertWarning(analyze(t), again, WarningCode.GP_BEGIN_WHILE_WAITING, "0");
  }

  @Test
  void gracePeriodInsideAReadSection_carriesOn() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.plain(Op.RCU_READ_LOCK, "0");
    long sync = t.plain(Op.SYNCHRONIZE_RCU, "0");
    // the grace period then also ends while the task's own section is running
    assertEquals(List.of(
        new TraceWarning(sync, sync + 1, WarningCode.GRACE_PERIOD_INSIDE_SECTION),
        new TraceWarning(sync, sync + 1, WarningCode.GRACE_PERIOD_ENDED_BEFORE_READERS, sync, 1L)),
        analyze(t).summary().warnings());
  }

  @Test
  void gracePeriodEndingBeforeItsReaders_ordersNotThem() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.plain(Op.RCU_READ_LOCK, "1");
    long begin = t.plain(Op.GP_BEGIN, "0");
    long end = t.plain(Op.GP_END, "0");
    assertWarning(analyze(t), end, WarningCode.GRACE_PERIOD_ENDED_BEFORE_READERS, begin, 1L);
  }

  @Test
  void rcuBarrierBeforeCallbacksEnded_ordersNotThem() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.keyed(Op.CALL_RCU, "0", "cb");
    long barrier = t.plain(Op.RCU_BARRIER, "0");
    assertWarning(analyze(t), barrier, WarningCode.RCU_BARRIER_BEFORE_CALLBACKS, 1L);
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
        () -> Collect.analyze(new CheckedEventSource(t.source(), false)));
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
    assertEquals(List.of(), r.summary().warnings());
    assertEquals(List.of("data-race 0 " + data), findings(r), "the acquire read from no store");
  }

  /**
   * A load whose rf names a store that another task's store, visible to the load through a lock,
   * overwrote: plain-coherence forbids it (min-stale-marked-read in the litmus suite, which herd7
   * finds forbidden). The races are still the engine's: the two unordered stores.
   */
  @Test
  void loadOfAStoreOverwrittenBeforeIt_isForbiddenByPlainCoherence() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long first = t.store("0", X, 8, PLAIN, "a+0x1/0x10");
    long second = t.store("1", X, 8, PLAIN, "b+0x1/0x10");
    t.lock("1", "l", false);
    t.unlock("1", "l", false);
    t.lock("0", "l", false);
    long load = t.loadRf("0", X, 8, ONCE, "a+0x2/0x10", first);
    TraceResult r = analyze(t);
    assertWarning(r, load, WarningCode.LOAD_OF_OVERWRITTEN_STORE, first, second);
    assertEquals(List.of("data-race " + first + " " + second), findings(r));
  }

  /**
   * Message passing with a release and an acquire: the acquiring task cannot then read the store
   * that the releasing task overwrote before its release (happens-before), all accesses marked.
   */
  @Test
  void loadOfAStoreOverwrittenBeforeARelease_isForbiddenByHappensBefore() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long first = t.store("0", X, 8, ONCE, "a+0x1/0x10");
    long second = t.store("0", X, 8, ONCE, "a+0x2/0x10");
    t.store("0", X + 64, 8, RELEASE, "a+0x3/0x10");
    t.load("1", X + 64, 8, ACQUIRE, "b+0x1/0x10");
    long load = t.loadRf("1", X, 8, ONCE, "b+0x2/0x10", first);
    TraceResult r = analyze(t);
    assertWarning(r, load, WarningCode.LOAD_OF_OVERWRITTEN_STORE, first, second);
    assertEquals(List.of(), findings(r));
  }

  /**
   * A load without rf reads the latest store; a later load of the same task that names an older
   * store goes back in coherence order (CoRR), however the newer store is ordered: here not at all
   * (it races with both loads).
   */
  @Test
  void loadOfAnOlderStoreAfterALoadOfTheNewer_isForbiddenByCoherence() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long first = t.store("0", X, 8, ONCE, "a+0x1/0x10");
    long second = t.store("1", X, 8, PLAIN, "b+0x1/0x10");
    long newer = t.load("0", X, 8, PLAIN, "a+0x2/0x10");
    long load = t.loadRf("0", X, 8, ONCE, "a+0x3/0x10", first);
    TraceResult r = analyze(t);
    assertWarning(r, load, WarningCode.LOAD_OF_OVERWRITTEN_STORE, first, second);
    assertEquals(List.of("data-race " + first + " " + second, "data-race " + second + " " + newer,
        "data-race " + second + " " + load), findings(r));
  }

  /**
   * The same with marked stores, in a granule crowded with other tasks' reads, where a read skips
   * the walk and visits only its own task's cells (ReadCrowds): the earlier load without rf still
   * counts, through what the task's loads read (TaskState.readStore).
   */
  @Test
  void loadOfAnOlderStoreAfterALoadOfTheNewer_inACrowdOfReaders() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long first = t.store("0", X, 8, ONCE, "a+0x1/0x10");
    long second = t.store("1", X, 8, ONCE, "b+0x1/0x10");
    for (int reader = 0; reader < ReadCrowds.READERS; reader++) {
      t.load(String.valueOf(10 + reader), X, 8, ONCE, "r+0x1/0x10");
    }
    t.load("0", X, 8, PLAIN, "a+0x2/0x10");
    long load = t.loadRf("0", X, 8, ONCE, "a+0x3/0x10", first);
    TraceResult r = analyze(t);
    assertWarning(r, load, WarningCode.LOAD_OF_OVERWRITTEN_STORE, first, second);
  }

  /** Two loads that both name the older store with rf read the same store: allowed, no warning. */
  @Test
  void twoLoadsOfTheOlderStore_areAllowed() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long first = t.store("0", X, 8, ONCE, "a+0x1/0x10");
    t.store("1", X, 8, PLAIN, "b+0x1/0x10");
    t.loadRf("0", X, 8, PLAIN, "a+0x2/0x10", first);
    t.loadRf("0", X, 8, ONCE, "a+0x3/0x10", first);
    assertEquals(List.of(), analyze(t).summary().warnings());
  }

  /** A task's own later store to the byte comes before its load in program order: coherence. */
  @Test
  void loadOfAStoreItsOwnTaskOverwrote_isForbiddenByCoherence() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long first = t.store("0", X, 8, ONCE, "a+0x1/0x10");
    long second = t.store("0", X, 8, PLAIN, "a+0x2/0x10");
    long load = t.loadRf("0", X, 8, PLAIN, "a+0x3/0x10", first);
    assertWarning(analyze(t), load, WarningCode.LOAD_OF_OVERWRITTEN_STORE, first, second);
  }

  /** Message passing without the acquire: reading the older store is allowed, no warning. */
  @Test
  void loadOfAnOlderStoreWithoutAcquire_isAllowed() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long first = t.store("0", X, 8, ONCE, "a+0x1/0x10");
    t.store("0", X, 8, ONCE, "a+0x2/0x10");
    t.store("0", X + 64, 8, RELEASE, "a+0x3/0x10");
    t.load("1", X + 64, 8, ONCE, "b+0x1/0x10");
    t.loadRf("1", X, 8, ONCE, "b+0x2/0x10", first);
    assertEquals(List.of(), analyze(t).summary().warnings());
  }

  /**
   * Reading an older store is allowed where the newer one is not ordered before the load, or where
   * it wrote only some of the load's bytes (the load may read the others from the older store):
   * no warning.
   */
  @Test
  void loadOfAnOlderStore_isAllowedUnlessOrderedAfterTheNewer() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long first = t.store("0", X, 8, ONCE, "a+0x1/0x10");
    t.store("1", X, 8, PLAIN, "b+0x1/0x10"); // unordered with the load: a race, no warning
    t.store("0", X, 4, PLAIN, "a+0x2/0x10"); // bytes 0 to 3: the load reads 4 to 7 from first
    t.loadRf("0", X, 8, ONCE, "a+0x3/0x10", first);
    TraceResult r = analyze(t);
    assertEquals(List.of(), r.summary().warnings());
    assertEquals(3, findings(r).size(), findings(r).toString());
  }

  // ---- heap ----------------------------------------------------------------------------------

  @Test
  void allocOfALiveObject_dropsTheOldOne() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long first = t.alloc("0", OBJ, 32, "a+0x1/0x10");
    long second = t.alloc("1", OBJ, 32, "b+0x1/0x10");
    assertWarning(analyze(t), second, WarningCode.ALLOC_OF_LIVE_OBJECT, OBJ, first);
  }

  @Test
  void manyWarnings_areCappedAndCounted() throws IOException {
    TraceBuilder t = new TraceBuilder();
    for (int i = 0; i < Engine.MAX_WARNINGS + 5; i++) {
      t.plain(Op.RCU_READ_UNLOCK, "0");
    }
    TraceResult r = analyze(t);
    assertEquals(Engine.MAX_WARNINGS, r.summary().warnings().size());
    assertEquals(List.of(new EngineNote(NoteCode.WARNINGS_NOT_KEPT, 5, 1000)), r.summary().engineNotes());
  }
}
