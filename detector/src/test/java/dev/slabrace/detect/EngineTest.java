package dev.slabrace.detect;

import static dev.slabrace.trace.MemOrder.ACQUIRE;
import static dev.slabrace.trace.MemOrder.DATA_RACE;
import static dev.slabrace.trace.MemOrder.FULL;
import static dev.slabrace.trace.MemOrder.ONCE;
import static dev.slabrace.trace.MemOrder.PLAIN;
import static dev.slabrace.trace.MemOrder.RELAXED;
import static dev.slabrace.trace.MemOrder.RELEASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.detect.sync.StoreLog;
import dev.slabrace.finding.EngineNote;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.NoteCode;
import dev.slabrace.finding.TraceResult;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.FenceKind;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The engine's verdicts per ordering mechanism, each with a racy and a clean trace, in the KCSAN
 * test-suite style: the findings that must appear, and nothing else.
 */
final class EngineTest {
  private static final long X = 0x1000;
  private static final long FLAG = 0x2000;
  private static final long B = 0x3000;
  private static final long C = 0x4000;
  private static final long OBJ = 0xffff888100a3c000L;

  private static Set<String> findings(TraceBuilder t) throws IOException {
    return findings(Collect.analyze(t.source()));
  }

  private static Set<String> findings(TraceResult result) {
    Set<String> set = new TreeSet<>();
    for (Finding f : result.findings()) {
      set.add(f.kind().wireName() + " " + f.first().id() + " " + f.second().id());
    }
    return set;
  }

  private static Set<String> expect(String... findings) {
    return new TreeSet<>(Set.of(findings));
  }

  /** Message passing: plain data, a marked flag, the given writer and reader orderings. */
  private static Set<String> messagePassing(MemOrder storeMo, FenceKind writerFence, MemOrder loadMo,
      FenceKind readerFence, boolean readerWrites, long[] ids) throws IOException {
    TraceBuilder t = new TraceBuilder();
    ids[0] = t.store("0", X, 8, PLAIN, "writer+0x1/0x10");
    if (writerFence != null) {
      t.fence("0", writerFence);
    }
    t.store("0", FLAG, 4, storeMo, "writer+0x2/0x10");
    t.load("1", FLAG, 4, loadMo, "reader+0x1/0x10");
    if (readerFence != null) {
      t.fence("1", readerFence);
    }
    ids[1] = readerWrites ? t.store("1", X, 8, PLAIN, "reader+0x2/0x10")
        : t.load("1", X, 8, PLAIN, "reader+0x2/0x10");
    return findings(t);
  }

  private static void assertMp(boolean racy, MemOrder storeMo, FenceKind wf, MemOrder loadMo,
      FenceKind rf, boolean readerWrites) throws IOException {
    long[] ids = new long[2];
    Set<String> actual = messagePassing(storeMo, wf, loadMo, rf, readerWrites, ids);
    assertEquals(racy ? expect("data-race " + ids[0] + " " + ids[1]) : expect(), actual);
  }

  @Test
  void messagePassing_noBarriers_races() throws IOException {
    assertMp(true, ONCE, null, ONCE, null, false);
  }

  @Test
  void messagePassing_wmbAndRmb_clean() throws IOException {
    assertMp(false, ONCE, FenceKind.WMB, ONCE, FenceKind.RMB, false);
  }

  @Test
  void messagePassing_wmbOnly_races() throws IOException {
    assertMp(true, ONCE, FenceKind.WMB, ONCE, null, false);
  }

  @Test
  void messagePassing_rmbOnly_races() throws IOException {
    assertMp(true, ONCE, null, ONCE, FenceKind.RMB, false);
  }

  @Test
  void messagePassing_releaseAcquire_clean() throws IOException {
    assertMp(false, RELEASE, null, ACQUIRE, null, false);
  }

  @Test
  void messagePassing_releaseOnce_races() throws IOException {
    assertMp(true, RELEASE, null, ONCE, null, false);
  }

  @Test
  void messagePassing_onceAcquire_races() throws IOException {
    assertMp(true, ONCE, null, ACQUIRE, null, false);
  }

  @Test
  void messagePassing_mbAndMb_clean() throws IOException {
    assertMp(false, ONCE, FenceKind.MB, ONCE, FenceKind.MB, false);
  }

  @Test
  void messagePassing_releaseAndRmb_clean() throws IOException {
    assertMp(false, RELEASE, null, ONCE, FenceKind.RMB, false);
  }

  @Test
  void messagePassing_wmbRmbThenPlainWrite_races() throws IOException {
    // ww-nonrace needs rw-xbstar from the plain store: smp_wmb does not r-post-bound it, and
    // smp_rmb does not pre-bound a write.
    assertMp(true, ONCE, FenceKind.WMB, ONCE, FenceKind.RMB, true);
  }

  @Test
  void messagePassing_releaseAcquireThenPlainWrite_clean() throws IOException {
    assertMp(false, RELEASE, null, ACQUIRE, null, true);
  }

  @Test
  void messagePassing_mbMbThenPlainWrite_clean() throws IOException {
    assertMp(false, ONCE, FenceKind.MB, ONCE, FenceKind.MB, true);
  }

  @Test
  void markedStoreReadDirectly_orderedByRmb() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.store("0", X, 8, ONCE, "w+0x1/0x10");
    t.load("1", X, 8, ONCE, "r+0x1/0x10");
    t.fence("1", FenceKind.RMB);
    t.load("1", X, 8, PLAIN, "r+0x2/0x10");
    assertEquals(expect(), findings(t));
  }

  @Test
  void markedStoreReadDirectly_withoutRmb_races() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long w = t.store("0", X, 8, ONCE, "w+0x1/0x10");
    t.load("1", X, 8, ONCE, "r+0x1/0x10");
    long r = t.load("1", X, 8, PLAIN, "r+0x2/0x10");
    assertEquals(expect("data-race " + w + " " + r), findings(t));
  }

  /**
   * A run of {@code stores} WRITE_ONCEs from one code location; a reader that reads the last one
   * directly, then reads the bytes plainly after smp_rmb: ordered after the store it read, not after
   * the earlier ones (LKMM: co is not in vis).
   */
  private static Set<String> storeRunThenReader(int stores) throws IOException {
    TraceBuilder t = new TraceBuilder();
    for (int i = 0; i < stores; i++) {
      t.storeVal("0", X, 8, ONCE, "counter_inc+0x1/0x10", i + 1);
    }
    t.loadVal("1", X, 8, ONCE, "r+0x1/0x10", stores);
    t.fence("1", FenceKind.RMB);
    long r = t.load("1", X, 8, PLAIN, "r+0x2/0x10");
    TraceResult result = Collect.analyze(t.source());
    Set<String> set = new TreeSet<>();
    for (Finding f : result.findings()) {
      set.add(f.kind().wireName() + " " + f.first().topFrame() + " " + (f.second().id() == r));
    }
    return set;
  }

  @Test
  void markedStoreRun_longerThanShadowKeeps_stillRacesWithEarlierStores() throws IOException {
    Set<String> expected = expect("data-race counter_inc+0x1/0x10 true");
    assertEquals(expected, storeRunThenReader(2));
    assertEquals(expected, storeRunThenReader(AccessChecker.MARKED_STORE_RUN + 1));
    assertEquals(expected, storeRunThenReader(1000));
  }

  @Test
  void markedStoreRun_singleStoreReadDirectly_clean() throws IOException {
    assertEquals(expect(), storeRunThenReader(1));
  }

  @Test
  void writeWrite_bothPlainUnordered_races() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long a = t.store("0", X, 4, PLAIN, "a+0x1/0x10");
    long b = t.store("1", X, 4, PLAIN, "b+0x1/0x10");
    assertEquals(expect("data-race " + a + " " + b), findings(t));
  }

  @Test
  void markedVersusMarked_neverRaces() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.store("0", X, 4, ONCE, "a+0x1/0x10");
    t.load("1", X, 4, ONCE, "b+0x1/0x10");
    t.rmw("1", X, 4, RELAXED, "b+0x2/0x10");
    assertEquals(expect(), findings(t));
  }

  @Test
  void dataRace_neverReported() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.store("0", X, 4, PLAIN, "a+0x1/0x10");
    t.load("1", X, 4, DATA_RACE, "b+0x1/0x10");
    t.store("1", X, 4, DATA_RACE, "b+0x2/0x10");
    assertEquals(expect(), findings(t));
  }

  @Test
  void mixedSizes_disjointBytesDoNotConflict() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.store("0", X, 4, PLAIN, "a+0x1/0x10");
    t.store("1", X + 4, 4, PLAIN, "b+0x1/0x10");
    long wide = t.load("2", X + 2, 4, PLAIN, "c+0x1/0x10");
    assertEquals(expect("data-race 0 " + wide, "data-race 1 " + wide), findings(t));
  }

  @Test
  void locks_sameLockOrders_differentLocksRace() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.lock("0", "L", false);
    t.store("0", X, 8, PLAIN, "a+0x1/0x10");
    t.unlock("0", "L", false);
    t.lock("1", "L", false);
    t.store("1", X, 8, PLAIN, "b+0x1/0x10");
    t.unlock("1", "L", false);
    t.lock("2", "M", false);
    long racy = t.load("2", X, 8, PLAIN, "c+0x1/0x10");
    t.unlock("2", "M", false);
    assertEquals(expect("data-race 4 " + racy), findings(t));
  }

  @Test
  void rwlock_readersDoNotOrderEachOther() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.lock("0", "L", true);
    long w = t.store("0", X, 8, PLAIN, "a+0x1/0x10");
    t.unlock("0", "L", true);
    t.lock("1", "L", true);
    long r = t.load("1", X, 8, PLAIN, "b+0x1/0x10");
    t.unlock("1", "L", true);
    t.lock("2", "L", false);
    t.store("2", X, 8, PLAIN, "c+0x1/0x10");
    t.unlock("2", "L", false);
    assertEquals(expect("data-race " + w + " " + r), findings(t));
  }

  @Test
  void forkJoin_order_withoutJoinRaces() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.store("0", X, 8, PLAIN, "parent+0x1/0x10");
    t.child(Op.FORK, "0", "1");
    t.load("1", X, 8, PLAIN, "child+0x1/0x10");
    long cw = t.store("1", B, 8, PLAIN, "child+0x2/0x10");
    t.child(Op.FORK, "0", "2");
    long unordered = t.load("0", B, 8, PLAIN, "parent+0x2/0x10");
    t.child(Op.JOIN, "0", "1");
    t.load("0", B, 8, PLAIN, "parent+0x3/0x10");
    assertEquals(expect("data-race " + cw + " " + unordered), findings(t));
  }

  @Test
  void signalWait_orders() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.store("0", X, 8, PLAIN, "a+0x1/0x10");
    t.keyed(Op.SIGNAL, "0", "done");
    t.keyed(Op.WAIT, "1", "done");
    t.store("1", X, 8, PLAIN, "b+0x1/0x10");
    assertEquals(expect(), findings(t));
  }

  @Test
  void fullRmw_ordersLikeReleaseAcquire() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.store("0", X, 8, PLAIN, "a+0x1/0x10");
    t.rmw("0", FLAG, 8, FULL, "a+0x2/0x10");
    t.rmw("1", FLAG, 8, FULL, "b+0x1/0x10");
    t.store("1", X, 8, PLAIN, "b+0x2/0x10");
    assertEquals(expect(), findings(t));
  }

  @Test
  void relaxedRmw_givesNoOrdering() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long w = t.store("0", X, 8, PLAIN, "a+0x1/0x10");
    t.rmw("0", FLAG, 8, RELAXED, "a+0x2/0x10");
    t.rmw("1", FLAG, 8, RELAXED, "b+0x1/0x10");
    long r = t.load("1", X, 8, PLAIN, "b+0x2/0x10");
    assertEquals(expect("data-race " + w + " " + r), findings(t));
  }

  @Test
  void releaseSequence_continuesThroughRmw() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.store("0", X, 8, PLAIN, "a+0x1/0x10");
    t.store("0", FLAG, 8, RELEASE, "a+0x2/0x10");
    t.rmw("1", FLAG, 8, RELAXED, "b+0x1/0x10");
    t.load("2", FLAG, 8, ACQUIRE, "c+0x1/0x10");
    t.load("2", X, 8, PLAIN, "c+0x2/0x10");
    assertEquals(expect(), findings(t));
  }

  @Test
  void releaseSequence_brokenByPlainStore() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long w = t.store("0", X, 8, PLAIN, "a+0x1/0x10");
    t.store("0", FLAG, 8, RELEASE, "a+0x2/0x10");
    t.store("1", FLAG, 8, ONCE, "b+0x1/0x10");
    t.load("2", FLAG, 8, ACQUIRE, "c+0x1/0x10");
    long r = t.load("2", X, 8, PLAIN, "c+0x2/0x10");
    assertEquals(expect("data-race " + w + " " + r), findings(t));
  }

  @Test
  void failedCmpxchg_isNoAcquire() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long w = t.store("0", X, 8, PLAIN, "a+0x1/0x10");
    t.store("0", FLAG, 8, RELEASE, "a+0x2/0x10");
    t.failedRmw("1", FLAG, 8, FULL, "b+0x1/0x10");
    long r = t.load("1", X, 8, PLAIN, "b+0x2/0x10");
    assertEquals(expect("data-race " + w + " " + r), findings(t));
  }

  @Test
  void wrc_releaseThenRelaxedCtrlHop_races() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long w = t.store("0", X, 8, PLAIN, "p0+0x1/0x10");
    t.store("0", FLAG, 4, RELEASE, "p0+0x2/0x10");
    long r1 = t.load("1", FLAG, 4, ONCE, "p1+0x1/0x10");
    t.storeCtrl("1", B, 4, ONCE, "p1+0x2/0x10", r1);
    t.load("2", B, 4, ACQUIRE, "p2+0x1/0x10");
    long r = t.load("2", X, 8, PLAIN, "p2+0x2/0x10");
    assertEquals(expect("data-race " + w + " " + r), findings(t));
  }

  @Test
  void wrc_releaseAcquireChain_clean() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.store("0", X, 8, PLAIN, "p0+0x1/0x10");
    t.store("0", FLAG, 4, RELEASE, "p0+0x2/0x10");
    t.load("1", FLAG, 4, ACQUIRE, "p1+0x1/0x10");
    t.store("1", B, 4, RELEASE, "p1+0x2/0x10");
    t.load("2", B, 4, ACQUIRE, "p2+0x1/0x10");
    t.load("2", X, 8, PLAIN, "p2+0x2/0x10");
    assertEquals(expect(), findings(t));
  }

  @Test
  void releaseIsACumulative_relaxedReadBeforeRelease() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.store("0", X, 8, PLAIN, "p0+0x1/0x10");
    t.fence("0", FenceKind.WMB);
    t.store("0", FLAG, 4, ONCE, "p0+0x2/0x10");
    t.load("1", FLAG, 4, ONCE, "p1+0x1/0x10");
    t.store("1", B, 4, RELEASE, "p1+0x2/0x10");
    t.load("2", B, 4, ACQUIRE, "p2+0x1/0x10");
    t.load("2", X, 8, PLAIN, "p2+0x2/0x10");
    assertEquals(expect(), findings(t));
  }

  @Test
  void strongFenceCumulativity_throughRelaxedCtrlHops() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.store("0", X, 8, PLAIN, "p0+0x1/0x10");
    t.fence("0", FenceKind.WMB);
    t.store("0", FLAG, 4, ONCE, "p0+0x2/0x10");
    t.load("1", FLAG, 4, ONCE, "p1+0x1/0x10");
    t.fence("1", FenceKind.MB);
    t.store("1", B, 4, ONCE, "p1+0x2/0x10");
    long r2 = t.load("2", B, 4, ONCE, "p2+0x1/0x10");
    t.storeCtrl("2", C, 4, ONCE, "p2+0x2/0x10", r2);
    t.load("3", C, 4, ONCE, "p3+0x1/0x10");
    t.fence("3", FenceKind.RMB);
    t.load("3", X, 8, PLAIN, "p3+0x2/0x10");
    assertEquals(expect(), findings(t));
  }

  @Test
  void rcuPublish_dependencyOrders_withoutDependencyRaces() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long init = t.store("0", OBJ, 8, PLAIN, "init+0x1/0x10");
    t.store("0", FLAG, 8, RELEASE, "publish+0x1/0x10");
    t.plain(Op.RCU_READ_LOCK, "1");
    long p = t.load("1", FLAG, 8, ONCE, "reader+0x1/0x10");
    t.loadDep("1", OBJ, 8, PLAIN, "reader+0x2/0x10", p);
    t.plain(Op.RCU_READ_UNLOCK, "1");
    t.plain(Op.RCU_READ_LOCK, "2");
    t.load("2", FLAG, 8, ONCE, "reader+0x1/0x10");
    long nodep = t.load("2", OBJ, 8, PLAIN, "reader+0x2/0x10");
    t.plain(Op.RCU_READ_UNLOCK, "2");
    assertEquals(expect("data-race " + init + " " + nodep), findings(t));
  }

  @Test
  void gracePeriod_readerBeforeGpIsOrderedBeforeLaterFree() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.alloc("0", OBJ, 64, "setup+0x1/0x10");
    t.store("0", FLAG, 8, RELEASE, "setup+0x2/0x10");
    t.plain(Op.RCU_READ_LOCK, "1");
    t.load("1", FLAG, 8, ACQUIRE, "reader+0x1/0x10");
    t.load("1", OBJ + 8, 8, PLAIN, "reader+0x2/0x10");
    t.plain(Op.GP_BEGIN, "0");
    t.plain(Op.RCU_READ_UNLOCK, "1");
    t.plain(Op.GP_END, "0");
    t.free("0", OBJ, "kfree+0x0/0x10");
    assertEquals(expect(), findings(t));
  }

  @Test
  void gracePeriod_readerAfterGpMustObservePostGpWrite() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long w = t.store("0", X, 8, PLAIN, "updater+0x1/0x10");
    t.plain(Op.SYNCHRONIZE_RCU, "0");
    t.store("0", FLAG, 8, ONCE, "updater+0x2/0x10");
    t.plain(Op.RCU_READ_LOCK, "1");
    long blind = t.load("1", X, 8, PLAIN, "reader+0x1/0x10");
    t.plain(Op.RCU_READ_UNLOCK, "1");
    t.plain(Op.RCU_READ_LOCK, "2");
    t.load("2", X, 8, PLAIN, "reader+0x1/0x10");
    t.load("2", FLAG, 8, ONCE, "reader+0x2/0x10");
    t.plain(Op.RCU_READ_UNLOCK, "2");
    // the second reader's plain load comes before its READ_ONCE of the post-GP store, but the
    // whole section is ordered after the grace period (LKMM rb), so only the first reader races
    assertEquals(expect("data-race " + w + " " + blind), findings(t));
  }

  @Test
  void rcuBarrier_beforeFreeOrdersCallbacks_missingRaces() throws IOException {
    for (boolean barrier : new boolean[] {true, false}) {
      TraceBuilder t = new TraceBuilder();
      t.alloc("0", OBJ, 64, "kmem_cache_create+0x1/0x10");
      t.keyed(Op.CALL_RCU, "0", "cb1");
      t.keyed(Op.CB_BEGIN, "1", "cb1");
      long use = t.load("1", OBJ + 16, 8, PLAIN, "rcu_free_cb+0x1/0x10");
      t.keyed(Op.CB_END, "1", "cb1");
      if (barrier) {
        t.plain(Op.RCU_BARRIER, "0");
      }
      long free = t.free("0", OBJ, "kmem_cache_destroy+0x1/0x10");
      assertEquals(barrier ? expect() : expect("assert-race " + use + " " + free), findings(t),
          "rcu_barrier " + barrier);
    }
  }

  @Test
  void free_plainHandoffRaces_releaseAcquireHandoffClean() throws IOException {
    for (boolean ordered : new boolean[] {true, false}) {
      TraceBuilder t = new TraceBuilder();
      long alloc = t.alloc("0", OBJ, 64, "producer+0x1/0x10");
      long init = t.store("0", OBJ + 8, 8, PLAIN, "producer+0x2/0x10");
      t.store("0", FLAG, 8, ordered ? RELEASE : PLAIN, "producer+0x3/0x10");
      t.load("1", FLAG, 8, ordered ? ACQUIRE : PLAIN, "consumer+0x1/0x10");
      long free = t.free("1", OBJ, "consumer+0x2/0x10");
      assertEquals(ordered ? expect()
          : expect("data-race 2 3", "assert-race " + alloc + " " + free,
              "assert-race " + init + " " + free), findings(t), "ordered " + ordered);
    }
  }

  @Test
  void free_wmbRmbHandoffStillRaces() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long alloc = t.alloc("0", OBJ, 64, "producer+0x1/0x10");
    long init = t.store("0", OBJ + 8, 8, PLAIN, "producer+0x2/0x10");
    t.fence("0", FenceKind.WMB);
    t.store("0", FLAG, 8, ONCE, "producer+0x3/0x10");
    t.load("1", FLAG, 8, ONCE, "consumer+0x1/0x10");
    t.fence("1", FenceKind.RMB);
    long free = t.free("1", OBJ, "consumer+0x2/0x10");
    assertEquals(expect("assert-race " + alloc + " " + free, "assert-race " + init + " " + free),
        findings(t));
  }

  @Test
  void useAfterFree_andDoubleFree() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.alloc("0", OBJ, 32, "a+0x1/0x10");
    long free = t.free("0", OBJ, "a+0x2/0x10");
    long use = t.load("1", OBJ + 4, 4, ONCE, "b+0x1/0x10");
    long again = t.free("1", OBJ, "b+0x2/0x10");
    assertEquals(expect("use-after-free " + free + " " + use, "double-free " + free + " " + again),
        findings(t));
  }

  @Test
  void reuse_allocAfterFreeIsOrdered() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.alloc("0", OBJ, 32, "a+0x1/0x10");
    t.store("0", OBJ, 8, PLAIN, "a+0x2/0x10");
    t.free("0", OBJ, "a+0x3/0x10");
    t.alloc("1", OBJ, 32, "b+0x1/0x10");
    t.store("1", OBJ, 8, PLAIN, "b+0x2/0x10");
    t.free("1", OBJ, "b+0x3/0x10");
    assertEquals(expect(), findings(t));
  }

  @Test
  void freeOfUnknownMemory_acceptedSilently() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.store("0", OBJ, 8, PLAIN, "a+0x1/0x10");
    t.free("1", OBJ, "b+0x1/0x10");
    assertEquals(expect(), findings(t));
  }

  // ---- issue 13: grace periods with finished readers, data dependencies, rf, typesafe caches ----

  @Test
  void gracePeriod_readerThatEndedBeforeGpBegan_isOrderedBeforeFree() throws IOException {
    for (boolean gracePeriod : new boolean[] {true, false}) {
      TraceBuilder t = new TraceBuilder();
      t.alloc("0", OBJ, 64, "setup+0x1/0x10");
      t.store("0", FLAG, 8, RELEASE, "setup+0x2/0x10");
      t.plain(Op.RCU_READ_LOCK, "1");
      long ptr = t.load("1", FLAG, 8, ONCE, "reader+0x1/0x10");
      long read = t.loadDep("1", OBJ + 8, 8, PLAIN, "reader+0x2/0x10", ptr);
      t.plain(Op.RCU_READ_UNLOCK, "1");
      t.store("0", FLAG, 8, RELEASE, "updater+0x1/0x10");
      if (gracePeriod) {
        t.plain(Op.SYNCHRONIZE_RCU, "0");
      }
      long free = t.free("0", OBJ, "kfree+0x0/0x10");
      assertEquals(gracePeriod ? expect() : expect("assert-race " + read + " " + free),
          findings(t), "synchronize_rcu " + gracePeriod);
    }
  }

  @Test
  void gracePeriod_splitBeginEnd_ordersSectionsEndedBeforeBegin() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.plain(Op.RCU_READ_LOCK, "1");
    t.load("1", X, 8, PLAIN, "reader+0x1/0x10");
    t.plain(Op.RCU_READ_UNLOCK, "1");
    t.plain(Op.GP_BEGIN, "0");
    t.plain(Op.RCU_READ_LOCK, "2");
    long late = t.load("2", X, 8, PLAIN, "reader+0x1/0x10");
    t.plain(Op.RCU_READ_UNLOCK, "2");
    t.plain(Op.GP_END, "0");
    long poison = t.store("0", X, 8, PLAIN, "updater+0x1/0x10");
    // the first section began before gp_begin; the second began after it and observed nothing
    assertEquals(expect("data-race " + late + " " + poison), findings(t));
  }

  @Test
  void callRcu_readerThatEndedBeforeCallRcu_isOrderedBeforeCallback() throws IOException {
    for (boolean before : new boolean[] {true, false}) {
      TraceBuilder t = new TraceBuilder();
      t.alloc("0", OBJ, 64, "setup+0x1/0x10");
      long read = -1;
      if (before) {
        t.plain(Op.RCU_READ_LOCK, "1");
        read = t.load("1", OBJ, 8, PLAIN, "reader+0x1/0x10");
        t.plain(Op.RCU_READ_UNLOCK, "1");
      }
      t.keyed(Op.CALL_RCU, "0", "cb");
      if (!before) {
        t.plain(Op.RCU_READ_LOCK, "1");
        read = t.load("1", OBJ, 8, PLAIN, "reader+0x1/0x10");
        t.plain(Op.RCU_READ_UNLOCK, "1");
      }
      t.keyed(Op.CB_BEGIN, "2", "cb");
      long free = t.free("2", OBJ, "kfree_rcu_cb+0x0/0x10");
      t.keyed(Op.CB_END, "2", "cb");
      assertEquals(before ? expect() : expect("assert-race " + read + " " + free), findings(t),
          "reader before call_rcu " + before);
    }
  }

  @Test
  void rcuBarrier_withNoPendingCallback_ordersNothing() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long w = t.store("0", X, 8, PLAIN, "writer+0x1/0x10");
    t.plain(Op.RCU_BARRIER, "0");
    t.store("0", FLAG, 8, ONCE, "writer+0x2/0x10");
    t.load("1", FLAG, 8, ACQUIRE, "reader+0x1/0x10");
    long r = t.load("1", X, 8, PLAIN, "reader+0x2/0x10");
    assertEquals(expect("data-race " + w + " " + r), findings(t));
  }

  @Test
  void dataDependency_carriesStrongFenceCumulativity_withoutItRaces() throws IOException {
    for (boolean data : new boolean[] {true, false}) {
      TraceBuilder t = new TraceBuilder();
      long w = t.store("0", X, 8, PLAIN, "writer+0x1/0x10");
      t.fence("0", FenceKind.MB);
      t.store("0", FLAG, 8, ONCE, "writer+0x2/0x10");
      long hop = t.load("1", FLAG, 8, ONCE, "hop+0x1/0x10");
      t.storeData("1", B, 8, ONCE, "hop+0x2/0x10", data ? hop : EventCursor.NO_REF);
      t.load("2", B, 8, ACQUIRE, "reader+0x1/0x10");
      long r = t.load("2", X, 8, PLAIN, "reader+0x2/0x10");
      assertEquals(data ? expect() : expect("data-race " + w + " " + r), findings(t),
          "data " + data);
    }
  }

  @Test
  void dataDependency_ordersTheMarkedReadBeforeTheStoresReaders_notOtherReads() throws IOException {
    for (String between : new String[] {"none", "plain-before", "plain-between", "marked-before",
        "marked-between"}) {
      TraceBuilder t = new TraceBuilder();
      long other = -1;
      if (between.equals("plain-before")) {
        other = t.load("0", C, 8, PLAIN, "lb+0x1/0x10");
      } else if (between.equals("marked-before")) {
        other = t.load("0", C, 8, ONCE, "lb+0x1/0x10");
      }
      long r = t.load("0", X, 8, ONCE, "lb+0x2/0x10");
      if (between.equals("plain-between")) {
        other = t.load("0", C, 8, PLAIN, "lb+0x3/0x10");
      } else if (between.equals("marked-between")) {
        other = t.load("0", C, 8, ONCE, "lb+0x3/0x10");
      }
      t.storeData("0", FLAG, 8, ONCE, "lb+0x4/0x10", r);
      t.load("1", FLAG, 8, ACQUIRE, "other+0x1/0x10");
      long w = t.store("1", X, 8, PLAIN, "other+0x2/0x10");
      long w2 = t.store("1", C, 8, PLAIN, "other+0x3/0x10");
      // rw-xbstar: READ_ONCE(x) ->data-> WRITE_ONCE(flag) ->rfe-> acquire ->acq-po-> x = 1; the
      // dependency orders that one marked read alone, not the task's other reads, plain or marked,
      // before or after it (each marked read has an epoch of its own)
      assertEquals(other < 0 ? expect() : expect("data-race " + other + " " + w2), findings(t),
          between);
    }
  }

  @Test
  void ctrlDependency_ordersTheMarkedReadBeforeTheStoresReaders_withoutItRaces() throws IOException {
    for (boolean ctrl : new boolean[] {true, false}) {
      TraceBuilder t = new TraceBuilder();
      long r = t.load("0", X, 8, ONCE, "lb+0x1/0x10");
      t.storeCtrl("0", FLAG, 8, ONCE, "lb+0x2/0x10", ctrl ? r : EventCursor.NO_REF);
      t.load("1", FLAG, 8, ONCE, "other+0x1/0x10");
      t.fence("1", FenceKind.MB);
      long w = t.store("1", X, 8, PLAIN, "other+0x2/0x10");
      assertEquals(ctrl ? expect() : expect("data-race " + r + " " + w), findings(t), "ctrl " + ctrl);
    }
  }

  @Test
  void carryDep_throughAPlainStoreReadBackByTheTask_orders_unlessAnotherStoreIntervenes()
      throws IOException {
    for (String variant : new String[] {"carried", "no-data", "overwritten", "other-task"}) {
      TraceBuilder t = new TraceBuilder();
      long w = t.store("0", B, 8, PLAIN, "writer+0x1/0x10");
      t.store("0", FLAG, 8, RELEASE, "writer+0x2/0x10");
      long flag = t.load("1", FLAG, 8, ONCE, "reader+0x1/0x10");
      String storer = variant.equals("other-task") ? "2" : "1";
      if (variant.equals("other-task")) {
        t.load("2", FLAG, 8, ONCE, "copier+0x1/0x10");
      }
      // tmp = r1: a plain store carrying the marked load's value
      long copy = t.storeData(storer, C, 8, PLAIN, "reader+0x2/0x10",
          variant.equals("no-data") ? EventCursor.NO_REF : variant.equals("other-task") ? flag + 1
              : flag);
      if (variant.equals("overwritten")) {
        t.store("1", C, 8, ONCE, "reader+0x3/0x10");
      }
      long tmp = t.load("1", C, 8, PLAIN, "reader+0x4/0x10");
      long r = t.loadDep("1", B, 8, PLAIN, "reader+0x5/0x10", tmp);
      // carry-dep = (data ; rfi)*: READ_ONCE(flag) ->data-> tmp = r1 ->rfi-> r2 = tmp ->addr-> *r2
      // r-pre-bounds the plain read; not through another task's store, nor a store in between
      Set<String> expected = variant.equals("carried") ? expect()
          : variant.equals("other-task")
              ? expect("data-race " + w + " " + r, "data-race " + copy + " " + tmp)
              : expect("data-race " + w + " " + r);
      assertEquals(expected, findings(t), variant);
    }
  }

  @Test
  void relockOfOwnUnlock_ordersMarkedReadsBeforeLaterMarkedStores_notPlainOnes() throws IOException {
    for (MemOrder readMo : new MemOrder[] {PLAIN, ONCE}) {
      TraceBuilder t = new TraceBuilder();
      t.lock("0", "s", false);
      long r = t.load("0", X, 8, readMo, "relock+0x1/0x10");
      t.unlock("0", "s", false);
      t.lock("0", "s", false);
      t.store("0", FLAG, 8, ONCE, "relock+0x2/0x10");
      t.unlock("0", "s", false);
      t.load("1", FLAG, 8, ACQUIRE, "other+0x1/0x10");
      long w = t.store("1", X, 8, PLAIN, "other+0x2/0x10");
      // po-unlock-lock-po & int is ppo between marked accesses; the lock reads its own unlock
      // (rfi, not hb), so the plain read is r-post-bounded only at the unlock, which reaches
      // nothing later
      assertEquals(readMo == PLAIN ? expect("data-race " + r + " " + w) : expect(), findings(t),
          readMo.toString());
    }
  }

  @Test
  void relockOfOwnUnlock_doesNotApplyWhatEarlierRelaxedLoadsRead_handedLockDoes()
      throws IOException {
    for (boolean handed : new boolean[] {false, true}) {
      TraceBuilder t = new TraceBuilder();
      long w = t.store("0", X, 8, PLAIN, "writer+0x1/0x10");
      t.store("0", FLAG, 8, RELEASE, "writer+0x2/0x10");
      String reader = "1";
      t.lock(reader, "s", false);
      t.load(reader, FLAG, 8, ONCE, "reader+0x1/0x10");
      t.unlock(reader, "s", false);
      String next = handed ? "2" : reader;
      t.lock(next, "s", false);
      long r = t.load(next, X, 8, PLAIN, "reader+0x2/0x10");
      t.unlock(next, "s", false);
      // handed to another task: READ_ONCE(flag) ->po-rel-> unlock ->rfe-> lock ->acq-po-> r = x;
      // the task's own lock reads its unlock by rfi, which is not in hb
      assertEquals(handed ? expect() : expect("data-race " + w + " " + r), findings(t),
          "handed " + handed);
    }
  }

  @Test
  void acquireOfOwnRelease_boundsNothing_evenForAMarkedRead() throws IOException {
    for (MemOrder readMo : new MemOrder[] {PLAIN, ONCE}) {
      TraceBuilder t = new TraceBuilder();
      long r = t.load("0", X, 8, readMo, "relacq+0x1/0x10");
      t.store("0", C, 8, RELEASE, "relacq+0x2/0x10");
      t.load("0", C, 8, ACQUIRE, "relacq+0x3/0x10");
      t.store("0", FLAG, 8, ONCE, "relacq+0x4/0x10");
      t.load("1", FLAG, 8, ACQUIRE, "other+0x1/0x10");
      long w = t.store("1", X, 8, PLAIN, "other+0x2/0x10");
      // release ->rfi-> acquire is neither hb nor ppo, and po-rel ; acq-po do not compose
      assertEquals(expect("data-race " + r + " " + w), findings(t), readMo.toString());
    }
  }

  /**
   * P0: x = 1; then {@code gps} grace periods; WRITE_ONCE(y0). Each of {@code readers} sections
   * reads the previous one's store and writes its own; the last one reads x. Returns the ids of
   * x = 1 and the read of x.
   */
  private static long[] chainedSections(TraceBuilder t, int gps, int readers) {
    long w = t.store("0", X, 8, PLAIN, "updater+0x1/0x10");
    for (int i = 0; i < gps; i++) {
      t.plain(Op.SYNCHRONIZE_RCU, "0");
    }
    t.store("0", FLAG, 8, ONCE, "updater+0x2/0x10");
    long r = -1;
    for (int i = 1; i <= readers; i++) {
      String tid = String.valueOf(i);
      t.plain(Op.RCU_READ_LOCK, tid);
      t.load(tid, FLAG + 8L * (i - 1), 8, ONCE, "reader+0x1/0x10");
      if (i < readers) {
        t.store(tid, FLAG + 8L * i, 8, ONCE, "reader+0x2/0x10");
      } else {
        r = t.load(tid, X, 8, PLAIN, "reader+0x3/0x10");
      }
      t.plain(Op.RCU_READ_UNLOCK, tid);
    }
    return new long[] {w, r};
  }

  @Test
  void gracePeriods_orderSectionsChainedThroughOtherSections_asManyAsThereAreSections()
      throws IOException {
    for (int[] c : new int[][] {{1, 1}, {2, 2}, {3, 3}, {3, 2}, {1, 2}, {2, 3}}) {
      TraceBuilder t = new TraceBuilder();
      long[] ids = chainedSections(t, c[0], c[1]);
      // rcu-order: a chain of k read-side sections linked by rf is balanced by k grace periods
      assertEquals(c[0] >= c[1] ? expect() : expect("data-race " + ids[0] + " " + ids[1]),
          findings(t), c[0] + " grace periods, " + c[1] + " sections");
    }
  }

  @Test
  void dataDependency_intoAPlainStore_ordersNothing() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long w = t.store("0", X, 8, PLAIN, "writer+0x1/0x10");
    t.store("0", FLAG, 8, RELEASE, "writer+0x2/0x10");
    long flag = t.load("1", FLAG, 8, ONCE, "reader+0x1/0x10");
    long copy = t.storeData("1", X, 8, PLAIN, "reader+0x2/0x10", flag);
    // data ; [W] is ppo only into marked writes; a plain store is not w-pre-bounded by it
    assertEquals(expect("data-race " + w + " " + copy), findings(t));
  }

  @Test
  void dataOrCtrlDependency_intoAnRmw_ordersItsWrite() throws IOException {
    for (String dependency : new String[] {"data", "ctrl", "none"}) {
      TraceBuilder t = new TraceBuilder();
      long r = t.load("0", X, 8, PLAIN, "reader+0x1/0x10");
      t.store("0", FLAG, 8, RELEASE, "reader+0x2/0x10");
      long flag = t.load("1", FLAG, 8, ONCE, "updater+0x1/0x10");
      long rmw = t.rmwDependent("1", X, 8, RELAXED, "updater+0x2/0x10",
          dependency.equals("data") ? flag : EventCursor.NO_REF,
          dependency.equals("ctrl") ? flag : EventCursor.NO_REF);
      // rw-xbstar: po-rel ; rfe ; (data | ctrl) ; [W] reaches the RMW's write from the plain read
      assertEquals(dependency.equals("none") ? expect("data-race " + r + " " + rmw) : expect(),
          findings(t), dependency);
    }
  }

  @Test
  void dataDependency_intoAnRmw_leavesItsReadUnordered() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long w = t.store("0", X, 8, PLAIN, "writer+0x1/0x10");
    t.store("0", FLAG, 8, RELEASE, "writer+0x2/0x10");
    long flag = t.load("1", FLAG, 8, ONCE, "updater+0x1/0x10");
    long rmw = t.rmwDependent("1", X, 8, RELAXED, "updater+0x2/0x10", flag, EventCursor.NO_REF);
    // the RMW's write is ww-vis through the data dependency, but its read, which reads the plain
    // store, is not r-pre-bounded (no addr, acquire or fence before it): wr-race
    assertEquals(expect("data-race " + w + " " + rmw), findings(t));
  }

  @Test
  void acquire_isCheckedAfterItsOwnEdge() throws IOException {
    for (MemOrder mo : new MemOrder[] {ACQUIRE, ONCE, FULL}) {
      TraceBuilder t = new TraceBuilder();
      t.store("0", X, 8, PLAIN, "writer+0x1/0x10");
      t.store("0", X, 8, RELEASE, "writer+0x2/0x10");
      if (mo == FULL) {
        t.rmw("1", X, 8, FULL, "reader+0x1/0x10");
      } else {
        t.load("1", X, 8, mo, "reader+0x1/0x10");
      }
      t.child(Op.JOIN, "2", "1");
      t.load("2", X, 8, PLAIN, "joiner+0x1/0x10");
      assertEquals(expect(), findings(t), mo.wireName());
    }
  }

  @Test
  void acquire_readingAStoreWithoutRelease_stillRaces() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long w = t.store("0", X, 8, PLAIN, "writer+0x1/0x10");
    t.store("0", X, 8, ONCE, "writer+0x2/0x10");
    long r = t.load("1", X, 8, ACQUIRE, "reader+0x1/0x10");
    assertEquals(expect("data-race " + w + " " + r), findings(t));
  }

  /** The findings with the bytes they report: kind, events, first byte above OBJ, size. */
  private static Set<String> findingsWithBytes(TraceBuilder t) throws IOException {
    Set<String> set = new TreeSet<>();
    for (Finding f : Collect.analyze(t.source()).findings()) {
      set.add(f.kind().wireName() + " " + f.first().id() + " " + f.second().id() + " +"
          + (f.addr() - OBJ) + "/" + f.size());
    }
    return set;
  }

  @Test
  void useAfterFree_ofTwoFreedObjectsInOneGranule_namesTheFreeOfTheLowestByte() throws IOException {
    // two 2-byte objects in one granule, the lower freed first: its FREED cell is the older one
    TraceBuilder t = new TraceBuilder();
    t.alloc("1", OBJ, 2, "a+0x1/0x10");
    t.alloc("1", OBJ + 4, 2, "a+0x2/0x10");
    long lowFree = t.free("1", OBJ, "b+0x1/0x10");
    t.free("1", OBJ + 4, "b+0x2/0x10");
    long load = t.load("1", OBJ, 8, PLAIN, "c+0x1/0x10");
    assertEquals(expect("use-after-free " + lowFree + " " + load + " +0/2"), findingsWithBytes(t));
  }

  @Test
  void useAfterFree_ofASmallObjectInsideAFreedLargeOnesGranule_namesTheLowerByte()
      throws IOException {
    // a large object freed as a range, a small one reallocated over its start and freed again: in
    // the granule they share, the small one's bytes come first (DifferentialTest seed 187105)
    TraceBuilder t = new TraceBuilder();
    long base = OBJ - 12;
    t.alloc("2", base, 4124, "a+0x1/0x10");
    t.free("2", base, "b+0x1/0x10");
    long small = t.alloc("1", base, 16, "a+0x2/0x10");
    long smallFree = t.free("2", base, "b+0x2/0x10");
    long store = t.store("1", OBJ + 2, 8, MemOrder.RELAXED, "c+0x1/0x10");
    assertEquals(expect("assert-race " + small + " " + smallFree + " +-12/16",
        "use-after-free " + smallFree + " " + store + " +2/2"), findingsWithBytes(t));
  }

  @Test
  void free_ofAnObjectEndingInsideAnAccess_keepsTheAccessBytesBeyondIt() throws IOException {
    // a 12-byte object; an 8-byte store at +8 covers its last four bytes and four beyond it
    TraceBuilder t = new TraceBuilder();
    t.alloc("3", OBJ, 12, "a+0x1/0x10");
    long store = t.store("2", OBJ + 8, 8, PLAIN, "b+0x1/0x10");
    long free = t.free("3", OBJ, "c+0x1/0x10");
    long load = t.load("1", OBJ + 8, 8, PLAIN, "d+0x1/0x10");
    assertEquals(expect("assert-race " + store + " " + free + " +8/4",
        "use-after-free " + free + " " + load + " +8/4",
        "data-race " + store + " " + load + " +12/4"), findingsWithBytes(t));
  }

  @Test
  void accessOverFreedAndUnfreedBytesOfAGranule_isRecordedOverTheUnfreedOnes() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.alloc("0", OBJ, 12, "a+0x1/0x10");
    long free = t.free("0", OBJ, "a+0x2/0x10");
    long first = t.store("1", OBJ + 8, 8, PLAIN, "b+0x1/0x10");
    long second = t.store("2", OBJ + 8, 8, PLAIN, "c+0x1/0x10");
    assertEquals(expect("use-after-free " + free + " " + first + " +8/4",
        "use-after-free " + free + " " + second + " +8/4",
        "data-race " + first + " " + second + " +12/4"), findingsWithBytes(t));
  }

  @Test
  void smallerReallocation_leavesTheRestOfAFreedGranuleFreed() throws IOException {
    // 16 bytes freed, 4 of them allocated again: a store to the first 8 still uses freed memory
    TraceBuilder t = new TraceBuilder();
    t.alloc("0", OBJ, 16, "a+0x1/0x10");
    long free = t.free("0", OBJ, "a+0x2/0x10");
    t.alloc("1", OBJ, 4, "b+0x1/0x10");
    long store = t.store("1", OBJ, 8, PLAIN, "b+0x2/0x10");
    assertEquals(expect("use-after-free " + free + " " + store + " +0/8"), findingsWithBytes(t));
  }

  @Test
  void smallerReallocationOfALargeObject_leavesTheRestOfItsGranuleFreed() throws IOException {
    // a freed object of 8 KiB (a freed range, no marks), 4 bytes of it allocated again
    TraceBuilder t = new TraceBuilder();
    t.alloc("0", OBJ, 8192, "a+0x1/0x10");
    long free = t.free("0", OBJ, "a+0x2/0x10");
    t.alloc("1", OBJ, 4, "b+0x1/0x10");
    long store = t.store("1", OBJ, 8, PLAIN, "b+0x2/0x10");
    long far = t.load("1", OBJ + 8000, 8, PLAIN, "b+0x3/0x10");
    assertEquals(expect("use-after-free " + free + " " + store + " +0/8",
        "use-after-free " + free + " " + far + " +8000/8"), findingsWithBytes(t));
  }

  @Test
  void accessesToAFreedLargeObject_areUsesAfterFree_notRacesWithEachOther() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.alloc("0", OBJ, 8192, "a+0x1/0x10");
    long free = t.free("0", OBJ, "a+0x2/0x10");
    long store = t.store("1", OBJ + 8, 8, PLAIN, "b+0x1/0x10");
    long load = t.load("2", OBJ + 8, 8, PLAIN, "c+0x1/0x10");
    assertEquals(expect("use-after-free " + free + " " + store + " +8/8",
        "use-after-free " + free + " " + load + " +8/8"), findingsWithBytes(t));
  }

  @Test
  void allocationOfBytesAFreeLeftInAGranule_isOrderedAfterThatFree_afterAReuseOfItsAddress()
      throws IOException {
    // free F releases [OBJ, OBJ + 12); task 1 reuses its first 4 bytes, task 2 then its bytes 8..11
    // (a FREED cell of F): task 2's allocation happens after F, so its read of x does not race
    TraceBuilder t = new TraceBuilder();
    t.store("0", X, 8, PLAIN, "a+0x1/0x10");
    t.alloc("0", OBJ, 12, "a+0x2/0x10");
    t.free("0", OBJ, "a+0x3/0x10");
    t.alloc("1", OBJ, 4, "b+0x1/0x10");
    t.alloc("2", OBJ + 8, 4, "c+0x1/0x10");
    t.load("2", X, 8, PLAIN, "c+0x2/0x10");
    assertEquals(expect(), findings(t));
  }

  @Test
  void useAfterFreeOfBytesAFreeLeftInAGranule_namesTheObject_afterAReuseOfItsAddress()
      throws IOException {
    TraceBuilder t = new TraceBuilder();
    long alloc = t.alloc("0", OBJ, 12, "a+0x1/0x10");
    long free = t.free("0", OBJ, "a+0x2/0x10");
    t.alloc("1", OBJ, 4, "b+0x1/0x10");
    long load = t.load("1", OBJ + 8, 4, PLAIN, "b+0x2/0x10");
    List<Finding> found = Collect.analyze(t.source()).findings();
    assertEquals(1, found.size(), found.toString());
    Finding f = found.get(0);
    assertEquals(List.of(free, load), List.of(f.first().id(), f.second().id()));
    assertEquals(alloc, f.object().orElseThrow().allocation().id(), "the freed object's allocation");
  }

  @Test
  void allocationOverPartOfAnAccess_resetsOnlyItsBytes_andARaceNamesTheOthers()
      throws IOException {
    // the load's first four bytes are allocated, freed and partly reallocated: its last four race
    TraceBuilder t = new TraceBuilder();
    long load = t.load("1", OBJ + 8, 8, PLAIN, "b+0x1/0x10");
    t.alloc("0", OBJ, 12, "a+0x1/0x10");
    t.free("0", OBJ, "a+0x2/0x10");
    t.alloc("1", OBJ, 4, "a+0x1/0x10");
    long store = t.store("3", OBJ + 8, 8, RELEASE, "c+0x1/0x10");
    Set<String> actual = findingsWithBytes(t);
    assertTrue(actual.contains("data-race " + load + " " + store + " +12/4"), actual.toString());
  }

  /**
   * x = 1; then WRITE_ONCE()s of a field of an object, and last a store to it ({@code lastMo});
   * kfree() of the object and its reuse by another task; then a third task's load of the field
   * without rf ({@code olderStores} earlier stores before the last one), and its plain read of x.
   */
  private static Set<String> loadAfterFreeAndReuse(MemOrder lastMo, int olderStores, long rf,
      long[] ids) throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.alloc("0", OBJ, 32, "a+0x1/0x10");
    ids[0] = t.store("0", X, 8, PLAIN, "writer+0x1/0x10");
    ids[2] = -1;
    for (int i = 0; i < olderStores; i++) {
      long s = t.store("0", OBJ + 8, 8, i == 0 ? RELEASE : ONCE, "writer+0x2/0x10");
      if (i == 0) {
        ids[2] = s;
      }
    }
    t.store("0", OBJ + 8, 8, lastMo, "writer+0x3/0x10");
    t.free("0", OBJ, "writer+0x4/0x10");
    t.alloc("2", OBJ, 32, "b+0x1/0x10");
    if (rf >= 0) {
      t.loadRf("1", OBJ + 8, 8, ACQUIRE, "reader+0x1/0x10", ids[2]);
    } else {
      t.load("1", OBJ + 8, 8, ACQUIRE, "reader+0x1/0x10");
    }
    ids[1] = t.load("1", X, 8, PLAIN, "reader+0x2/0x10");
    return findings(t);
  }

  @Test
  void loadWithoutRf_ofAFreedAndReusedField_readsItsNewestStore() throws IOException {
    // a free is not a store: the acquire reads the release made before the kfree(), whatever
    // came before it (the history wraps past DEPTH stores)
    for (int older : new int[] {0, 1, 9}) {
      assertEquals(expect(), loadAfterFreeAndReuse(RELEASE, older, -1, new long[3]),
          older + " older stores");
    }
  }

  @Test
  void loadWithoutRf_ofAFreedFieldWhoseNewestStoreIsPlain_receivesNothing() throws IOException {
    for (int older : new int[] {1, 9}) {
      long[] ids = new long[3];
      Set<String> actual = loadAfterFreeAndReuse(PLAIN, older, -1, ids);
      assertEquals(expect("data-race " + ids[0] + " " + ids[1]), actual, older + " older stores");
    }
  }

  @Test
  void rf_namingAnOlderStoreOfAFreedField_isHonoured() throws IOException {
    // the release named by rf is older than the newest store, which a free leaves alone
    for (int older : new int[] {1, 9}) {
      assertEquals(expect(), loadAfterFreeAndReuse(PLAIN, older, 0, new long[3]),
          older + " older stores");
    }
  }

  @Test
  void rf_namingAStoreFarBack_isHonoured() throws IOException {
    for (boolean release : new boolean[] {true, false}) {
      TraceBuilder t = new TraceBuilder();
      long w = t.store("0", X, 8, PLAIN, "writer+0x1/0x10");
      long old = t.store("0", FLAG, 8, release ? RELEASE : ONCE, "writer+0x2/0x10");
      for (int i = 0; i < 100; i++) {
        t.store("0", FLAG, 8, ONCE, "writer+0x3/0x10");
      }
      t.loadRf("1", FLAG, 8, ACQUIRE, "reader+0x1/0x10", old);
      long r = t.load("1", X, 8, PLAIN, "reader+0x2/0x10");
      TraceResult result = Collect.analyze(t.source());
      assertEquals(List.of(), result.summary().warnings());
      assertEquals(release ? expect() : expect("data-race " + w + " " + r), findings(t),
          "release " + release);
    }
  }

  /**
   * x = 1; smp_store_release(flag) (or WRITE_ONCE), then enough newer smp_store_release(flag)s that
   * its history no longer holds it, then {@code unrelated} WRITE_ONCE()s of another task to other
   * addresses; the reader's load of flag names the first store with rf, then reads x.
   */
  private static TraceResult rfFarBack(boolean release, MemOrder loadMo, int unrelated, long[] ids)
      throws IOException {
    TraceBuilder t = new TraceBuilder();
    ids[0] = t.store("0", X, 8, PLAIN, "writer+0x1/0x10");
    long old = t.store("0", FLAG, 8, release ? RELEASE : ONCE, "writer+0x2/0x10");
    for (int i = 0; i < 16; i++) {
      t.store("0", FLAG, 8, RELEASE, "writer+0x3/0x10");
    }
    for (int i = 0; i < unrelated; i++) {
      t.store("2", B + 8 * (i % 64), 8, ONCE, "other+0x1/0x10");
    }
    t.loadRf("1", FLAG, 8, loadMo, "reader+0x1/0x10", old);
    ids[1] = t.load("1", X, 8, PLAIN, "reader+0x2/0x10");
    return Collect.analyze(t.source());
  }

  @Test
  void rf_namingAStoreBeyondTheStoreLog_acquireOfARelease_isClean() throws IOException {
    for (int unrelated : new int[] {20_000, 100_000}) {
      TraceResult r = rfFarBack(true, ACQUIRE, unrelated, new long[2]);
      assertEquals(expect(), findings(r), unrelated + " stores back");
      assertEquals(List.of(), r.summary().warnings());
      assertEquals(List.of(), r.summary().engineNotes());
    }
  }

  @Test
  void rf_namingAStoreBeyondTheStoreLog_relaxedLoadWithoutFence_races() throws IOException {
    for (int unrelated : new int[] {20_000, 100_000}) {
      long[] ids = new long[2];
      TraceResult r = rfFarBack(true, ONCE, unrelated, ids);
      assertEquals(expect("data-race " + ids[0] + " " + ids[1]), findings(r),
          unrelated + " stores back");
      assertEquals(List.of(), r.summary().warnings());
      assertEquals(List.of(), r.summary().engineNotes());
    }
  }

  @Test
  void rf_namingARelaxedStoreBeyondTheStoreLog_acquire_races() throws IOException {
    long[] ids = new long[2];
    TraceResult r = rfFarBack(false, ACQUIRE, 20_000, ids);
    // the acquire reads WRITE_ONCE(flag), which releases nothing (the newer releases it does not
    // read would): the plain accesses race
    assertEquals(expect("data-race " + ids[0] + " " + ids[1]), findings(r));
    assertEquals(List.of(), r.summary().engineNotes());
  }

  /**
   * x = 1; smp_store_release(flag); newer WRITE_ONCE(flag)s; then 64 tasks' smp_store_release()s to
   * addresses of their own, each carrying a clock of its own, past the store table's budget for a
   * trace without rf; the reader's acquire of flag names the first store. With {@code earlyRf} a
   * READ_ONCE(flag) of another task names it first, before the releases.
   */
  private static TraceResult rfAfterTheBudget(boolean earlyRf, long[] ids) throws IOException {
    TraceBuilder t = new TraceBuilder();
    ids[0] = t.store("0", X, 8, PLAIN, "writer+0x1/0x10");
    long old = t.store("0", FLAG, 8, RELEASE, "writer+0x2/0x10");
    if (earlyRf) {
      t.loadRf("99", FLAG, 8, ONCE, "early+0x1/0x10", old);
    }
    for (int i = 0; i < 16; i++) {
      t.store("98", FLAG, 8, ONCE, "other+0x1/0x10");
    }
    for (int i = 0; i < 120_000; i++) {
      t.store(Integer.toString(i % 64), B + 8 * (i % 64), 8, RELEASE, "other+0x2/0x10");
    }
    t.loadRf("100", FLAG, 8, ACQUIRE, "reader+0x1/0x10", old);
    ids[1] = t.load("100", X, 8, PLAIN, "reader+0x2/0x10");
    return Collect.analyze(t.source());
  }

  @Test
  void rf_fromTheTracesStart_keepsEveryStore() throws IOException {
    TraceResult r = rfAfterTheBudget(true, new long[2]);
    assertEquals(expect(), findings(r));
    assertEquals(List.of(), r.summary().engineNotes());
  }

  @Test
  void rf_firstAfterTheBudgetForATraceWithoutRf_namingAStoreNotKept_isANote() throws IOException {
    long[] ids = new long[2];
    TraceResult r = rfAfterTheBudget(false, ids);
    // the one case the store table documents: the store was dropped before the trace's first rf
    assertEquals(expect("data-race " + ids[0] + " " + ids[1]), findings(r));
    assertEquals(List.of(), r.summary().warnings());
    assertEquals(1, r.summary().engineNotes().size());
    assertEquals(new EngineNote(NoteCode.FORGOTTEN_READS, 1, 120_000 + 17 - StoreLog.CAPACITY),
        r.summary().engineNotes().get(0));
  }

  /** A SLAB_TYPESAFE_BY_RCU lookup across a free and reuse: refcount, then identity recheck. */
  private static Set<String> typesafeLookup(boolean declared, boolean plainPeek,
      boolean insideSection, long[] ids) throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.cache("sighand_cache", declared);
    t.allocIn("0", OBJ, 64, "sighand_cache", "copy_sighand+0x1/0x10");
    t.store("0", OBJ + 8, 8, PLAIN, "copy_sighand+0x2/0x10"); // key
    t.rmw("0", OBJ, 4, RELEASE, "copy_sighand+0x3/0x10"); // refcount_set_release(1)
    if (insideSection) {
      t.plain(Op.RCU_READ_LOCK, "1");
    }
    t.rmw("0", OBJ, 4, FULL, "__cleanup_sighand+0x1/0x10"); // refcount_dec_and_test -> 0
    ids[0] = t.freeIn("0", OBJ, "sighand_cache", "__cleanup_sighand+0x2/0x10");
    // the reader still holds the old pointer: refcount_inc_not_zero fails on the freed object
    ids[1] = t.failedRmw("1", OBJ, 4, FULL, "lock_task_sighand+0x1/0x10");
    t.allocIn("2", OBJ, 64, "sighand_cache", "copy_sighand+0x1/0x10");
    ids[2] = t.store("2", OBJ + 8, 8, PLAIN, "copy_sighand+0x2/0x10"); // the new owner's key
    if (plainPeek) {
      ids[3] = t.load("1", OBJ + 16, 8, PLAIN, "lock_task_sighand+0x2/0x10");
    }
    t.rmw("2", OBJ, 4, RELEASE, "copy_sighand+0x3/0x10"); // refcount_set_release(1)
    if (plainPeek) {
      ids[4] = t.store("2", OBJ + 16, 8, PLAIN, "copy_sighand+0x4/0x10"); // initialised late
    }
    t.rmw("1", OBJ, 4, FULL, "lock_task_sighand+0x3/0x10"); // refcount_inc_not_zero succeeds
    t.load("1", OBJ + 8, 8, PLAIN, "lock_task_sighand+0x4/0x10"); // identity recheck
    if (insideSection) {
      t.plain(Op.RCU_READ_UNLOCK, "1");
    }
    return findings(t);
  }

  @Test
  void typesafeByRcu_readerInsideSection_lookupAcrossFreeAndReuse_clean() throws IOException {
    assertEquals(expect(), typesafeLookup(true, false, true, new long[5]));
  }

  @Test
  void typesafeByRcu_plainReadOfAFieldTheNewOwnerInitialises_races() throws IOException {
    long[] ids = new long[5];
    Set<String> actual = typesafeLookup(true, true, true, ids);
    assertEquals(expect("data-race " + ids[3] + " " + ids[4]), actual);
  }

  @Test
  void typesafeByRcu_accessOutsideAReadSection_isUseAfterFree() throws IOException {
    long[] ids = new long[5];
    Set<String> actual = typesafeLookup(true, false, false, ids);
    assertEquals(expect("use-after-free " + ids[0] + " " + ids[1]), actual);
  }

  @Test
  void typesafeByRcu_undeclaredCache_isAnOrdinaryCache() throws IOException {
    long[] ids = new long[5];
    Set<String> actual = typesafeLookup(false, false, true, ids);
    assertEquals(expect("use-after-free " + ids[0] + " " + ids[1]), actual);
  }

  @Test
  void typesafeByRcu_namedOnTheCommandLine_andReportedAsSuch() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.allocIn("0", OBJ, 64, "files_cache", "dup_fd+0x1/0x10");
    t.plain(Op.RCU_READ_LOCK, "1");
    long peek = t.load("1", OBJ + 8, 8, PLAIN, "fget+0x1/0x10");
    t.freeIn("0", OBJ, "files_cache", "put_files_struct+0x1/0x10");
    t.allocIn("2", OBJ, 64, "files_cache", "dup_fd+0x1/0x10");
    long init = t.store("2", OBJ + 8, 8, PLAIN, "dup_fd+0x2/0x10");
    t.plain(Op.RCU_READ_UNLOCK, "1");
    TraceResult plain = Collect.analyze(t.source());
    assertEquals(List.of("assert-race " + peek + " 3"),
        plain.findings().stream().map(f -> f.kind().wireName() + " " + f.first().id() + " "
            + f.second().id()).toList(),
        "an ordinary cache: the free asserts the reader's access away");
    TraceResult typesafe = Collect.analyze(t.source(),
        AnalysisOptions.DEFAULT.withTypesafeCaches(Set.of("files_cache")));
    assertEquals(1, typesafe.findings().size());
    Finding f = typesafe.findings().get(0);
    assertEquals("data-race " + peek + " " + init,
        f.kind().wireName() + " " + f.first().id() + " " + f.second().id());
    assertEquals("files_cache", f.typesafeCache());
  }
}
