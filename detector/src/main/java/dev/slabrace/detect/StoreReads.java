package dev.slabrace.detect;

import dev.slabrace.detect.clock.VectorClock;
import dev.slabrace.detect.lkmm.Dependency;
import dev.slabrace.detect.sync.StoreHistory;
import dev.slabrace.detect.sync.StoreLog;
import dev.slabrace.detect.sync.StoreSlots;
import dev.slabrace.detect.sync.StoreTable;
import dev.slabrace.trace.EventCursor;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;

/**
 * Reads-from: the stores a marked read may read, and which one the current marked read reads.
 *
 * <pre>
 * Implementation notes
 *
 * Stores to an address that a marked access touched are kept in the address's StoreHistory (the
 * newest few) and in the StoreLog (the newest stores to marked locations, whatever their address);
 * a marked store the log drops for age goes to the StoreTable, which keeps it however old once the
 * trace has shown an rf (its Implementation notes give the rule that bounds it in a trace without
 * one). A marked read reads the store its rf names, found in its location's history, else in the
 * log, else in the table, else nothing: an id that names no marked store (a plain store, an initial
 * value) gives no ordering, and so does, counted for a note, a store the table did not keep
 * (StoreTable.forgotten); without rf it reads the newest store to its address in line order. What
 * it read (the store's clock, writer, epoch and the grace period the writer had seen start) stays
 * here until the next marked read: the reused fields keep the hot path free of allocation but for
 * the Dependency record a read with a store makes.
 * </pre>
 */
final class StoreReads {
  private final Long2ObjectOpenHashMap<StoreHistory> stores = new Long2ObjectOpenHashMap<>();
  private final StoreLog storeLog = new StoreLog();
  private final StoreTable older = new StoreTable();
  /** Marked reads whose rf named a store the store table did not keep. */
  private long forgottenReads;

  private VectorClock clock;
  private int writer = -1;
  private int writerEpoch;
  private VectorClock grace;
  private Dependency dependency = Dependency.NONE;

  /**
   * Returns the store history of {@code addr}, if the access needs one and could find it: a marked
   * access reads or extends it, a plain store overwrites its newest store (when any marked store was
   * kept), and a plain read neither reads from a store nor overwrites one.
   */
  StoreHistory history(long addr, boolean marked, boolean writes) {
    return marked || (writes && !stores.isEmpty()) ? stores.get(addr) : null;
  }

  /**
   * Finds the store marked read {@code e} reads from: the one rf names, however old (its location's
   * history, else the store log, else the store table), or the latest store to its address.
   */
  void resolve(EventCursor e, StoreHistory history) {
    read(e, history);
    dependency = clock == null && writer < 0 ? Dependency.NONE
        : new Dependency(clock, writer, writerEpoch);
  }

  private void read(EventCursor e, StoreHistory history) {
    clear();
    if (e.rf == EventCursor.NO_REF) {
      if (history != null) {
        take(history, history.newest());
      }
      return;
    }
    older.readsFromSeen();
    if (history != null && take(history, history.find(e.rf))) {
      return;
    }
    if (take(storeLog, storeLog.find(e.rf))) {
      return;
    }
    if (!take(older, older.find(e.rf)) && older.forgotten(e.rf)) {
      forgottenReads++;
    }
  }

  /** Takes what the store in {@code slot} of {@code slots} carries; false if the slot is -1. */
  private boolean take(StoreSlots slots, int slot) {
    if (slot < 0) {
      return false;
    }
    clock = slots.clock(slot);
    writer = slots.writer(slot);
    writerEpoch = slots.epoch(slot);
    grace = slots.graceClock(slot);
    return true;
  }

  /** Takes what the store at {@code index} of the table carries; false if the index is -1. */
  private boolean take(StoreTable table, long index) {
    if (index < 0) {
      return false;
    }
    clock = table.clock(index);
    writer = table.writer(index);
    writerEpoch = table.epoch(index);
    grace = table.graceClock(index);
    return true;
  }

  /** Forgets the store read last: the current access is no marked read. */
  void clear() {
    clock = null;
    writer = -1;
    writerEpoch = 0;
    grace = null;
    dependency = Dependency.NONE;
  }

  /** Records a plain store to an address with a history (a marked access touched it). */
  void plainStore(EventCursor e, StoreHistory history, int task, int epoch) {
    history.push(e.id, null, task, epoch, null);
    storeLog.push(e.id, null, task, epoch, null, older);
  }

  /** Records a marked store carrying {@code storeClock}, creating its address's history. */
  void markedStore(EventCursor e, StoreHistory history, VectorClock storeClock, int task, int epoch,
      VectorClock graceStart) {
    StoreHistory h = history;
    if (h == null) {
      h = new StoreHistory();
      stores.put(e.addr, h);
    }
    h.push(e.id, storeClock, task, epoch, graceStart);
    storeLog.push(e.id, storeClock, task, epoch, graceStart, older);
  }

  /**
   * The object holding {@code addr} was freed: its store history, if any, keeps only its newest
   * store, and goes if that is a plain one (StoreHistory.trim).
   */
  void freed(long addr) {
    if (!stores.isEmpty()) {
      StoreHistory h = stores.get(addr);
      if (h != null && !h.trim()) {
        stores.remove(addr);
      }
    }
  }

  /** The clock of the store read last, or null. */
  VectorClock clock() {
    return clock;
  }

  /** The task that wrote the store read last, or -1. */
  int writer() {
    return writer;
  }

  /** The epoch of the store read last. */
  int writerEpoch() {
    return writerEpoch;
  }

  /** The grace period the writer of the store read last had seen start, or null. */
  VectorClock grace() {
    return grace;
  }

  /**
   * What the read received, as its dep/data/ctrl dependants and its own check see it;
   * {@link Dependency#NONE} if the current access read no store (a clock or a known writer).
   */
  Dependency dependency() {
    return dependency;
  }

  /**
   * Replaces the clock the current marked read received with {@code received}, that clock joined
   * with what comes back to its task through other tasks (Engine.receiveRoundTrips).
   */
  void receivedWithRoundTrips(VectorClock received) {
    dependency = new Dependency(received, dependency.writer(), dependency.writerEpoch());
  }

  /** How many marked reads named with rf a store the store table did not keep. */
  long forgottenReads() {
    return forgottenReads;
  }

  /** How many marked stores the store table did not keep (StoreTable.lost). */
  long unkeptStores() {
    return older.lost();
  }
}
