package dev.slabrace.detect;

import dev.slabrace.detect.clock.Plane;
import dev.slabrace.detect.clock.VectorClock;
import dev.slabrace.detect.lkmm.Dependencies;
import dev.slabrace.detect.lkmm.Dependency;
import dev.slabrace.detect.lkmm.Ordering;
import dev.slabrace.detect.lkmm.OwnStores;
import dev.slabrace.detect.lkmm.RecentLoads;
import dev.slabrace.detect.lkmm.TaskClocks;
import dev.slabrace.detect.sync.LockState;
import dev.slabrace.detect.sync.Waiter;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything the engine tracks for one task: its clocks, its RCU state and its recent marked loads.
 *
 * <p>A task gets its own state at its first event that is not a plain load or store (Engine.task):
 * until then its epoch is 1 and it has received no clock, so its plain accesses are checked with one
 * shared state whose index is set to theirs (Engine.unsynchronised), and a task that never
 * synchronises costs a bit in a set.
 */
final class TaskState implements RecentLoads {
  /**
   * How many recent marked loads are remembered for {@code dep}, {@code data} and {@code ctrl}
   * references; a reference to an older one, or to a plain load, orders nothing.
   */
  static final int RECENT_LOADS = 64;
  /** How many recent plain stores carrying a marked load's value (carry-dep) are remembered. */
  static final int RECENT_CARRIES = 16;
  /**
   * The remembered marked loads that addressed the task's plain stores since its last smp_wmb(),
   * oldest first (addrPlainStore): addr ; [Plain] ; wmb is in to-w.
   */
  private LongArrayList addrPlainLoads;

  /** The task's dense index; set per event only on the shared state of unsynchronised tasks. */
  int index;
  final TaskClocks clocks;
  /** Whether a join has waited for the task. */
  boolean joined;

  int rcuDepth;
  int rcuSerial;
  /** Event id of the rcu_read_lock that opened the current outermost section. */
  long rcuSectionStart;
  /**
   * The grace periods whose post-grace-period stores the task's marked reads have seen, for its
   * sections and the accesses after them (rcu-link ends with po at a section's unlock), or null.
   */
  ObservedGracePeriods graces;
  /**
   * The grace period start the task's last marked read of a store carrying one saw (identity): a
   * read of the same one adds nothing to graces, and RcuTracker.observed has counted it already,
   * in the section then running or, through gracePriorPending, the next.
   */
  VectorClock graceReadLast;
  /**
   * Of the grace periods observed outside a section, the prior one (RcuTracker.observed) that
   * the task's next section will count as ended before it began, or null.
   */
  VectorClock gracePriorPending;
  /**
   * Of the grace periods the task's relaxed marked reads observed, the newest (RcuTracker.newer),
   * not yet ordered before its later marked stores, or null: a release store carries it, and an
   * smp_mb() relays it to every later store (RcuTracker.storeGrace, relayPending).
   */
  VectorClock graceRelayPending;
  /**
   * Of the grace periods the task's marked reads observed, the newest that its later marked stores
   * are hb-ordered after (an acquire read, or a relay), or null: they carry it, or the task's
   * lastGraceStart if that began later (rcu-link's hb*: RcuTracker.storeGrace).
   */
  VectorClock graceRelayed;
  /**
   * Of the grace periods the task's relaxed marked reads before its last smp_rmb() observed, the
   * newest not yet relayed, or null: its later marked reads are ordered after them (rmb is ppo),
   * and carry them on as their own (RcuTracker.chainedGrace).
   */
  VectorClock graceAfterRmb;
  /**
   * What graceRelayPending was at the task's last smp_mb__before_atomic(), while no RMW has
   * followed it, or null: its next RMW relays it (RcuTracker.beforeRmw).
   */
  VectorClock graceBeforeAtomic;
  /**
   * What graceRelayPending was at the end of the task's last RMW, or null: a later
   * smp_mb__after_atomic() relays it (RcuTracker.onFence).
   */
  VectorClock graceAtRmw;
  /** Races of this section's accesses, decided at rcu_read_unlock. */
  final List<Engine.DeferredRace> deferred = new ArrayList<>();

  /** The grace period being waited for between gp_begin and gp_end, or null. */
  Waiter gracePeriod;
  /** The clock at that gp_begin. */
  VectorClock gracePeriodStart;
  /** The clock at the start of the last grace period the task completed: its later stores carry it. */
  VectorClock lastGraceStart;

  /** The lock of the task's last exclusive unlock, or null (SyncTracker: po-unlock-lock-po). */
  LockState lastUnlocked;

  /** The task's newest marked stores by address (co & int), allocated at the first. */
  private OwnStores ownStores;

  /* the ring of recent marked loads, allocated at the first: most tasks of a large trace load none */
  private long[] loadIds;
  private Dependency[] loads;
  private int[] loadEpochs;
  /** Per remembered load, the grace period start the store it read carried, or null. */
  private VectorClock[] loadGraces;
  /* the bytes of the marked load each stands for, whose shadow cells a dependency marks */
  private long[] loadAddrs;
  private long[] loadSizes;
  private int loadCount;
  /**
   * Per granule hash (granuleHashes, 64 of them), the slots (a bit each: RECENT_LOADS is 64) whose
   * loads touch a granule of that hash, and apart from them the slots of loads wider than LOAD_SPAN
   * bytes: a marked write tests only the slots of its granules' hashes for the loads it overlaps
   * (candidateSlots), where it tested all 64.
   */
  private long[] slotsByGranule;
  private long wideSlots;
  private static final int LOAD_SPAN = 64;
  private int loadNext;
  /** The task's own marked reads up to this epoch were applied by an acquire (ownReadsReturned). */
  private int returnedUpTo;
  /*
   * How many of the ring's entries are carried loads (rememberCarriedLoad), whose epochs are older
   * than their slots': while none is, the ring's epochs rise with its order and the oldest slot's is
   * the least.
   */
  private boolean[] loadCarried;
  private int carriedLoads;
  /* the ring of recent plain stores that carry a dependency, allocated at the first */
  private long[] carryStores;
  private long[] carryLoads;
  private int carryNext;

  /** How many reads of the task's marked stores by other tasks are remembered (storeReturned). */
  static final int RETURNS = 8;
  /*
   * the ring of the newest such reads, allocated at the first: the reader, its read's epoch, whether
   * the read is an acquire and the location it read, the store's epoch, what the store carried and
   * what bounded its write
   */
  private TaskState[] returnReaders;
  private int[] returnEpochs;
  private boolean[] returnAcquires;
  private long[] returnAddrs;
  private int[] returnStoreEpochs;
  private VectorClock[] returnClocks;
  private Dependency[] returnBounds;
  private int returnCount;
  private int returnNext;

  /* the cells its plain writes covered that wait for its next release or wmb, made at the first */
  private CoveredCells.Waiting waitingCells;

  TaskState(int index) {
    this.index = index;
    this.clocks = new TaskClocks(index);
  }

  /** Returns the task's remembered marked stores, or null if it has made none. */
  OwnStores ownStoresIfAny() {
    return ownStores;
  }

  /** The task's newest marked stores by address, from its first marked store. */
  OwnStores ownStores() {
    if (ownStores == null) {
      ownStores = new OwnStores();
    }
    return ownStores;
  }

  /** Returns the cells the task's plain writes covered that wait for its next release or wmb. */
  CoveredCells.Waiting waitingCells() {
    if (waitingCells == null) {
      waitingCells = new CoveredCells.Waiting();
    }
    return waitingCells;
  }

  /**
   * Returns {@code c}, what a marked read of this task received from another task's store, joined
   * with what each of the task's own remembered marked reads that c orders before the read (its R
   * or M entry, or a member of its D set: a round trip through other tasks) received, and the store
   * it read; null if c orders none. That store is visible to the read (vis = rfe ; [Marked] ;
   * xbstar & int), relaxed or not: for its own check, what it leaves pending, and what a dependency
   * on it carries on. Reads up to appliedFloor are skipped: the task's clocks hold what they received
   * already.
   */
  VectorClock withReadsReturned(VectorClock c) {
    return readsReturned(c, c);
  }

  /**
   * Returns {@code base} (null: an empty clock) joined with what the task's own remembered marked
   * reads that {@code c} orders received, and the stores they read, in a new clock; null if c orders
   * none (withReadsReturned).
   */
  private VectorClock readsReturned(VectorClock c, VectorClock base) {
    if (loadCount == 0) {
      return null;
    }
    int newest = Math.max(Math.max(c.get(Plane.index(index, Plane.R)),
        c.get(Plane.index(index, Plane.M))), c.get(Plane.index(index, Plane.D)));
    int floor = appliedFloor();
    // the task's own marked stores that c orders, which order its earlier reads of their locations
    int stores = ownStores == null ? 0 : ownStores.orderedSlots(c, index, floor);
    if (newest <= floor && stores == 0) {
      return null; // c orders no read of the task that its clocks do not hold: the common case
    }
    VectorClock out = null;
    VectorClock joined = base; // polls of one store received one clock: joined once
    for (int i = 0; i < loadCount; i++) {
      int epoch = loadEpochs[i];
      Dependency load = loads[i];
      if (epoch > floor && load != null && (load.clock() != null || load.writer() >= 0)
          && (Ordering.markedReadOrderedIn(c, index, epoch)
              || (stores != 0 && overwrittenBy(stores, loadAddrs[i], epoch)))) {
        if (out == null) {
          out = base == null ? new VectorClock() : base.copy();
        }
        if (load.clock() != joined && load.clock() != null) {
          out.join(load.clock());
          joined = load.clock();
        }
        if (load.writer() >= 0) {
          out.addExact(Plane.index(load.writer(), Plane.S), load.writerEpoch());
        }
      }
    }
    return out;
  }

  /**
   * Whether one of the task's own marked stores in {@code slots} (OwnStores.orderedSlots) is to
   * {@code addr} and at or after epoch {@code epoch}: a marked read there at that epoch precedes it
   * (fr & int, Ordering.overwrittenIn).
   */
  private boolean overwrittenBy(int slots, long addr, int epoch) {
    for (; slots != 0; slots &= slots - 1) {
      int slot = Integer.numberOfTrailingZeros(slots);
      if (ownStores.slotAddr(slot) == addr && ownStores.slotEpoch(slot) >= epoch) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the epoch up to which what the task's marked reads received, and what its marked stores
   * carried, is in its clocks: applied by an acquire that returned them (returnedUpTo), or by a
   * strong fence or acquire fence after them (TaskClocks.pendingAppliedAt; a marked read or store
   * has an epoch of its own, below the fence's).
   */
  int appliedFloor() {
    return Math.max(returnedUpTo, clocks.pendingAppliedAt() - 1);
  }

  /**
   * A marked read of task {@code reader}, stamped {@code readerEpoch}, an acquire or not ({@code
   * acquire}), of the location at {@code addr} read a marked store of this task that carried
   * {@code carried}, whose write {@code bound} bounded (null: nothing beyond the task's clocks, or
   * no longer known). Remembered for withStoresReturned; the oldest of RETURNS goes first.
   */
  void storeReturned(TaskState reader, int readerEpoch, boolean acquire, long addr,
      int storeEpoch, VectorClock carried, Dependency bound) {
    if (returnReaders == null) {
      returnReaders = new TaskState[RETURNS];
      returnAcquires = new boolean[RETURNS];
      returnAddrs = new long[RETURNS];
      returnEpochs = new int[RETURNS];
      returnStoreEpochs = new int[RETURNS];
      returnClocks = new VectorClock[RETURNS];
      returnBounds = new Dependency[RETURNS];
    }
    returnReaders[returnNext] = reader;
    returnEpochs[returnNext] = readerEpoch;
    returnAcquires[returnNext] = acquire;
    returnAddrs[returnNext] = addr;
    returnStoreEpochs[returnNext] = storeEpoch;
    returnClocks[returnNext] = carried;
    returnBounds[returnNext] = bound;
    returnNext = (returnNext + 1) % RETURNS;
    returnCount = Math.min(returnCount + 1, RETURNS);
  }

  /**
   * Returns {@code c}, what a marked read of this task received from another task's store (that of
   * task {@code writer} at {@code writerEpoch}), joined with what each of the task's own marked
   * stores carried, and what bounded its write, when c orders a remembered read of that store by
   * another task (that task's R or M entry, a member of its D set, its marked store to the read's
   * location at or after the read: Ordering.overwrittenIn, or for an acquire any later event of
   * its task: Ordering.hasLater): the store is xbstar-before the read through that reader, so what
   * it carried and what is xbstar-before it is visible to the read (vis = cumul-fence* ; rfe? ;
   * [Marked] ; xbstar & int). Null if c orders none. A read no longer remembered is not looked up
   * (an over-report at worst), nor one of a store before the task's last strong or acquire fence,
   * whose clocks hold what it carried and what bounded it (TaskClocks.pendingAppliedAt).
   * OwnStores.withCarried finds the stores that c names itself.
   */
  VectorClock withStoresReturned(VectorClock c, int writer, int writerEpoch) {
    VectorClock out = null;
    int floor = clocks.pendingAppliedAt();
    for (int i = 0; i < returnCount; i++) {
      if (returnStoreEpochs[i] >= floor && returnOrdered(i, c, writer, writerEpoch)
          && !joinedBefore(i, c, writer, writerEpoch)) {
        if (out == null) {
          out = c.copy();
        }
        out.join(returnClocks[i]);
        Dependencies.joinReceived(out, returnBounds[i]);
      }
    }
    return out;
  }

  /**
   * Whether a remembered read by another task of this task's marked store at {@code storeEpoch} is
   * ordered before an access whose write is checked with {@code forWrites} and {@code writeDep} (as
   * withStoresReturned decides it): the store is then xbstar-before that access (rfe, then the
   * reader's xbstar), though it need not be visible there. Asked only at a race
   * (AccessChecker.orderedThroughOwnWrite).
   */
  boolean storeReadBefore(int storeEpoch, VectorClock forWrites, Dependency writeDep) {
    for (int i = 0; i < returnCount; i++) {
      if (returnStoreEpochs[i] == storeEpoch
          && (returnOrdered(i, forWrites, -1, -1) || (writeDep != null && writeDep.clock() != null
              && returnOrdered(i, writeDep.clock(), writeDep.writer(), writeDep.writerEpoch())))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code c}, received from the store of task {@code writer} at {@code writerEpoch}, orders
   * returned read {@code i} (withStoresReturned).
   */
  private boolean returnOrdered(int i, VectorClock c, int writer, int writerEpoch) {
    TaskState reader = returnReaders[i];
    int u = reader.index;
    int read = returnEpochs[i];
    if (Ordering.markedReadOrderedIn(c, u, read)) {
      return true;
    }
    int direct = writer == u ? writerEpoch : -1;
    if (returnAcquires[i] && (direct > read || Ordering.hasLater(c, u, read))) {
      return true; // acq-po: as AccessChecker.orderedAfterAcquire
    }
    OwnStores own = reader.ownStores;
    return own != null && Ordering.overwrittenIn(c, u, read, own.newestEpoch(returnAddrs[i]),
        direct);
  }

  /**
   * Whether entry {@code i} of the returned stores adds nothing to {@code c} that an earlier entry
   * did not: the same store's clock and bound (several tasks read one store), or c's own clock.
   */
  private boolean joinedBefore(int i, VectorClock c, int writer, int writerEpoch) {
    VectorClock clock = returnClocks[i];
    if (clock == c && returnBounds[i] == null) {
      return true;
    }
    for (int j = 0; j < i; j++) {
      if (returnClocks[j] == clock && returnBounds[j] == returnBounds[i]
          && returnOrdered(j, c, writer, writerEpoch)) {
        return true;
      }
    }
    return false;
  }

  /** Whether other tasks' reads of the task's marked stores are remembered. */
  boolean hasStoresReturned() {
    return returnCount != 0;
  }

  /**
   * An acquire of this task (an acquire load, a lock, a wait, a join) received {@code c} (null:
   * nothing), and its clocks have applied it. Where c orders one of the task's own remembered marked
   * reads before the acquire (a round trip through other tasks), the store that read read, with
   * what that store carried, is visible after the acquire too (as in withReadsReturned), and is
   * applied as c was. The reads up to c's R or M entry are not looked at again (returnedUpTo).
   */
  void ownReadsReturned(VectorClock c) {
    if (c == null || loadCount == 0) {
      return; // no marked read to return: every lock of a trace without marked accesses
    }
    VectorClock back = readsReturned(c, null); // c itself is applied already
    if (back != null) {
      clocks.receiveAcquire(back, -1, 0);
    }
    returnedUpTo = Math.max(returnedUpTo,
        Math.max(c.get(Plane.index(index, Plane.R)), c.get(Plane.index(index, Plane.M))));
  }

  /**
   * Remembers that marked load {@code id} of the {@code size} bytes at {@code addr}, stamped
   * {@code epoch}, received {@code dependency}, the store it read carrying grace start {@code
   * grace} (or null).
   */
  void rememberLoad(long id, Dependency dependency, int epoch, long addr, long size,
      VectorClock grace) {
    if (loadIds == null) {
      loadIds = new long[RECENT_LOADS];
      loads = new Dependency[RECENT_LOADS];
      loadEpochs = new int[RECENT_LOADS];
      loadGraces = new VectorClock[RECENT_LOADS];
      loadAddrs = new long[RECENT_LOADS];
      loadSizes = new long[RECENT_LOADS];
      loadCarried = new boolean[RECENT_LOADS];
      slotsByGranule = new long[64];
    }
    if (loadCount == RECENT_LOADS) {
      indexSlot(loadNext, loadAddrs[loadNext], loadSizes[loadNext], false); // the oldest, overwritten
    }
    indexSlot(loadNext, addr, size, true);
    if (loadCarried[loadNext]) {
      loadCarried[loadNext] = false;
      carriedLoads--;
    }
    loadIds[loadNext] = id;
    loads[loadNext] = dependency;
    loadEpochs[loadNext] = epoch;
    loadGraces[loadNext] = grace;
    loadAddrs[loadNext] = addr;
    loadSizes[loadNext] = size;
    loadNext = (loadNext + 1) % RECENT_LOADS;
    loadCount = Math.min(loadCount + 1, RECENT_LOADS);
  }

  /** Adds slot {@code slot}, a load of {@code [addr, addr + size)}, to the index, or takes it out. */
  private void indexSlot(int slot, long addr, long size, boolean add) {
    long bit = 1L << slot;
    if (size <= 0 || size > LOAD_SPAN) {
      wideSlots = add ? wideSlots | bit : wideSlots & ~bit;
      return;
    }
    for (long hashes = granuleHashes(addr, size); hashes != 0; hashes &= hashes - 1) {
      int h = Long.numberOfTrailingZeros(hashes);
      slotsByGranule[h] = add ? slotsByGranule[h] | bit : slotsByGranule[h] & ~bit;
    }
  }

  /**
   * Returns the hashes (bit h: hash h) of the granules of {@code [addr, addr + size)}, size at most
   * LOAD_SPAN; a granule's hash spreads granules of any stride over 64 (Fibonacci hashing: the top
   * 6 bits).
   */
  private static long granuleHashes(long addr, long size) {
    long hashes = 0;
    long first = addr >>> 3;
    for (long i = 0, n = ((addr & 7) + size + 7) >>> 3; i < n; i++) {
      hashes |= 1L << (((first + i) * 0x9e3779b97f4a7c15L) >>> 58);
    }
    return hashes;
  }

  @Override
  public long candidateSlots(long addr, long size) {
    if (loadCount == 0) {
      return 0;
    }
    if (size <= 0 || size > LOAD_SPAN) {
      return loadCount == RECENT_LOADS ? -1L : (1L << loadCount) - 1;
    }
    long slots = wideSlots;
    for (long hashes = granuleHashes(addr, size); hashes != 0; hashes &= hashes - 1) {
      slots |= slotsByGranule[Long.numberOfTrailingZeros(hashes)];
    }
    return slots;
  }

  /**
   * A plain store of the task has an address dependency on its remembered marked load {@code id}:
   * remembered until the task's next smp_wmb() (addrPlainLoads), the newest RECENT_LOADS at most
   * (an older one has left the ring of remembered loads, and a reference to it orders nothing).
   */
  void addrPlainStore(long id) {
    if (addrPlainLoads == null) {
      addrPlainLoads = new LongArrayList(4);
    }
    int n = addrPlainLoads.size();
    if (n > 0 && addrPlainLoads.getLong(n - 1) == id) {
      return; // stores addressed by one load in a row: the usual shape
    }
    if (n == RECENT_LOADS) {
      addrPlainLoads.removeLong(0);
    }
    addrPlainLoads.add(id);
  }

  /** Returns how many marked loads addressed plain stores since the task's last smp_wmb(). */
  int addrPlainCount() {
    return addrPlainLoads == null ? 0 : addrPlainLoads.size();
  }

  /** Returns the {@code i}-th of them, oldest first. */
  long addrPlainLoad(int i) {
    return addrPlainLoads.getLong(i);
  }

  /** Forgets them: the task's smp_wmb() took them. */
  void addrPlainTaken() {
    addrPlainLoads.clear();
  }

  /**
   * A plain load {@code id} now stands for the remembered marked load {@code load} (carry-dep):
   * remembers it with what that load received, its epoch and its bytes.
   */
  void rememberCarriedLoad(long id, long load) {
    int i = slotOf(load);
    if (i >= 0) {
      int slot = loadNext;
      rememberLoad(id, loads[i], loadEpochs[i], loadAddrs[i], loadSizes[i], loadGraces[i]);
      loadCarried[slot] = true;
      carriedLoads++;
    }
  }

  /** Returns the address of the marked load that remembered load {@code id} stands for. */
  long loadAddr(long id) {
    return loadAddrs[slotOf(id)];
  }

  /** Returns the size of the marked load that remembered load {@code id} stands for. */
  long loadSize(long id) {
    return loadSizes[slotOf(id)];
  }

  /**
   * Whether a later access may still name, through a remembered load, the task's marked read of
   * epoch {@code epoch} in a dependency (conservatively: whether it is no older than the ring).
   */
  boolean mayBeDependedOn(int epoch) {
    if (loadCount == 0) {
      return false;
    }
    if (carriedLoads == 0) {
      return epoch >= loadEpochs[loadCount < RECENT_LOADS ? 0 : loadNext];
    }
    for (int i = 0; i < loadCount; i++) {
      if (loadEpochs[i] <= epoch) {
        return true;
      }
    }
    return false;
  }

  private int slotOf(long id) {
    for (int i = 0; i < loadCount; i++) {
      if (loadIds[i] == id) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether one of the task's remembered marked loads covering {@code [addr, addr + size)} read
   * the marked store of task {@code writer} at epoch {@code writerEpoch} (a load of its own task's
   * store, which names no writer, is not counted).
   */
  boolean readStore(int writer, int writerEpoch, long addr, long size) {
    for (int i = 0; i < loadCount; i++) {
      Dependency d = loads[i];
      if (d != null && d.writer() == writer && d.writerEpoch() == writerEpoch
          && Long.compareUnsigned(loadAddrs[i], addr) <= 0
          && Long.compareUnsigned(addr + size, loadAddrs[i] + loadSizes[i]) <= 0) {
        return true;
      }
    }
    return false;
  }

  /** The grace start that remembered load {@code id} saw, or null (also if not remembered). */
  VectorClock loadGrace(long id) {
    int i = id < 0 ? -1 : slotOf(id);
    return i < 0 ? null : loadGraces[i];
  }

  @Override
  public Dependency load(long id) {
    int i = slotOf(id);
    return i < 0 ? null : loads[i];
  }

  /**
   * Remembers that the task's plain store {@code storeId} wrote a value from load {@code loadId}
   * (a marked load, or a plain load that carries one): carry-dep.
   */
  void rememberCarry(long storeId, long loadId) {
    if (carryStores == null) {
      carryStores = new long[RECENT_CARRIES];
      carryLoads = new long[RECENT_CARRIES];
      Arrays.fill(carryStores, -1);
    }
    carryStores[carryNext] = storeId;
    carryLoads[carryNext] = loadId;
    carryNext = (carryNext + 1) % RECENT_CARRIES;
  }

  /** Returns the load whose value the task's plain store {@code storeId} wrote, or -1. */
  long carriedLoad(long storeId) {
    if (carryStores != null) {
      for (int i = 0; i < RECENT_CARRIES; i++) {
        if (carryStores[i] == storeId) {
          return carryLoads[i];
        }
      }
    }
    return -1;
  }

  /** Returns how many loads are remembered, in slots 0 to that count - 1. */
  int loadSlots() {
    return loadCount;
  }

  @Override
  public Dependency loadAt(int slot) {
    return loads[slot];
  }

  @Override
  public boolean loadOverlaps(int slot, long addr, long size) {
    long a = loadAddrs[slot];
    return Long.compareUnsigned(a, addr + size) < 0
        && Long.compareUnsigned(addr, a + loadSizes[slot]) < 0;
  }

  @Override
  public int loadEpoch(long id) {
    int i = slotOf(id);
    return i < 0 ? 0 : loadEpochs[i];
  }
}
