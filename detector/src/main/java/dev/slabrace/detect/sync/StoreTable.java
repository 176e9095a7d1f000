package dev.slabrace.detect.sync;

import dev.slabrace.detect.clock.VectorClock;
import java.util.Arrays;

/**
 * The marked stores the {@link StoreLog} no longer holds, by event id, however old: what an {@code rf}
 * naming one of them receives (its clock, writer, writer's epoch and grace-period clock).
 *
 * <pre>
 * Implementation notes
 *
 * Append-only in id order (the log hands its stores over in the order it took them, and ids strictly
 * increase), in chunks of CHUNK stores held in parallel arrays: a store costs 24 bytes (id 8, writer 4,
 * epoch 4, and two references to the immutable clock snapshots it shares with the other stores that
 * carry them) and no object of its own, and growing never copies what is kept. A store is found by
 * bisection over the chunks' first ids, then within its chunk. Only marked stores come here: a plain
 * store carries no clock, so an rf naming one receives nothing, as does an rf naming an id the table
 * does not hold.
 *
 * Bound. A trace that never names a store with rf needs none of this, and must not pay for it over a
 * stream of any length. So until a marked read has carried rf (readsFromSeen), the table keeps stores
 * only while its estimate of what it keeps alive stays within BUDGET_WITHOUT_RF bytes: 24 bytes a
 * store, plus 32 bytes and 4 an entry for each clock or grace-period clock that is not the one its
 * writer's previous store here kept (relaxed stores between two state changes of a task share one
 * clock). The store that takes the estimate past the budget gives the table up: it is freed, and the
 * stores the log drops from then on are not kept, only the newest id among them (lostUpTo). The first
 * rf resumes keeping (a fresh table, from the next store the log drops) and from then on every store
 * is kept, however long the trace: an rf can then fail to find only a store the log dropped before
 * the first rf, in a trace whose first rf came after the budget was spent (forgotten). For a trace
 * that uses rf from its start, every store is found.
 * </pre>
 */
public final class StoreTable {
  /** What the table may keep, by its estimate, before the trace's first rf. */
  public static final long BUDGET_WITHOUT_RF = 16L << 20;

  private static final int SHIFT = 12;
  private static final int CHUNK = 1 << SHIFT;
  private static final int STORE_BYTES = 24;
  private static final int CLOCK_BYTES = 32;

  private long[][] ids = new long[0][];
  private int[][] writers = new int[0][];
  private int[][] epochs = new int[0][];
  private VectorClock[][] clocks = new VectorClock[0][];
  private VectorClock[][] graces = new VectorClock[0][];
  private long count;
  /** Each writer's clock and grace clock at its newest store here, for the estimate. */
  private VectorClock[] lastClock = new VectorClock[0];
  private VectorClock[] lastGrace = new VectorClock[0];
  private long bytes;

  private final long budget;
  private boolean readsFromSeen;
  private boolean givenUp;
  /** The newest id of a marked store dropped unkept (-1: none), and how many were. */
  private long lostUpTo = -1;
  private long lost;

  /** Creates an empty table with the budget {@link #BUDGET_WITHOUT_RF}. */
  public StoreTable() {
    this(BUDGET_WITHOUT_RF);
  }

  /** Creates an empty table that gives up past {@code budget} bytes before a first rf (tests). */
  StoreTable(long budget) {
    this.budget = budget;
  }

  /** Takes a marked store the log drops for age; {@code clock} is not null. */
  public void add(long id, VectorClock clock, int writer, int epoch, VectorClock graceClock) {
    if (givenUp) {
      lostUpTo = id;
      lost++;
      return;
    }
    int chunk = (int) (count >>> SHIFT);
    int i = (int) (count & (CHUNK - 1));
    if (i == 0) {
      grow(chunk);
    }
    ids[chunk][i] = id;
    writers[chunk][i] = writer;
    epochs[chunk][i] = epoch;
    clocks[chunk][i] = clock;
    graces[chunk][i] = graceClock;
    count++;
    estimate(clock, writer, graceClock);
    if (!readsFromSeen && bytes > budget) {
      giveUp();
    }
  }

  private void grow(int chunk) {
    if (chunk == ids.length) {
      int n = Math.max(8, chunk * 2);
      ids = Arrays.copyOf(ids, n);
      writers = Arrays.copyOf(writers, n);
      epochs = Arrays.copyOf(epochs, n);
      clocks = Arrays.copyOf(clocks, n);
      graces = Arrays.copyOf(graces, n);
    }
    ids[chunk] = new long[CHUNK];
    writers[chunk] = new int[CHUNK];
    epochs[chunk] = new int[CHUNK];
    clocks[chunk] = new VectorClock[CHUNK];
    graces[chunk] = new VectorClock[CHUNK];
  }

  private void estimate(VectorClock clock, int writer, VectorClock graceClock) {
    bytes += STORE_BYTES;
    if (writer >= lastClock.length) {
      int n = Math.max(writer + 1, lastClock.length * 2);
      lastClock = Arrays.copyOf(lastClock, n);
      lastGrace = Arrays.copyOf(lastGrace, n);
    }
    if (clock != lastClock[writer]) {
      bytes += CLOCK_BYTES + 4L * clock.capacity();
      lastClock[writer] = clock;
    }
    if (graceClock != null && graceClock != lastGrace[writer]) {
      bytes += CLOCK_BYTES + 4L * graceClock.capacity();
      lastGrace[writer] = graceClock;
    }
  }

  /** Frees the table; the stores given from now on are counted as lost until rf is seen. */
  private void giveUp() {
    if (count > 0) {
      lostUpTo = ids[(int) ((count - 1) >>> SHIFT)][(int) ((count - 1) & (CHUNK - 1))];
      lost += count;
    }
    givenUp = true;
    ids = new long[0][];
    writers = new int[0][];
    epochs = new int[0][];
    clocks = new VectorClock[0][];
    graces = new VectorClock[0][];
    lastClock = new VectorClock[0];
    lastGrace = new VectorClock[0];
    count = 0;
    bytes = 0;
  }

  /** A marked read carried rf: from now on every store given is kept. */
  public void readsFromSeen() {
    readsFromSeen = true;
    givenUp = false;
  }

  /** Returns the index of the store with id {@code id}, or -1 if the table does not hold it. */
  public long find(long id) {
    int lo = 0;
    int hi = (int) ((count + CHUNK - 1) >>> SHIFT) - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (ids[mid][0] <= id) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    if (hi < 0) {
      return -1;
    }
    long[] chunk = ids[lo];
    int n = (int) Math.min(CHUNK, count - ((long) lo << SHIFT));
    int i = Arrays.binarySearch(chunk, 0, n, id);
    return i < 0 ? -1 : ((long) lo << SHIFT) + i;
  }

  /**
   * Whether a marked store with id {@code id} would have been dropped unkept: the table keeps no
   * record of which ids it dropped, so this holds too for an initial value or plain store of that
   * stretch, which give no ordering anyway.
   */
  public boolean forgotten(long id) {
    return id <= lostUpTo;
  }

  /** Returns how many marked stores were dropped unkept. */
  public long lost() {
    return lost;
  }

  /** Returns how many stores the table holds. */
  public long size() {
    return count;
  }

  /** Returns the clock the store at {@code index} carries. */
  public VectorClock clock(long index) {
    return clocks[(int) (index >>> SHIFT)][(int) (index & (CHUNK - 1))];
  }

  /** Returns the grace-period clock of the store at {@code index}, or null. */
  public VectorClock graceClock(long index) {
    return graces[(int) (index >>> SHIFT)][(int) (index & (CHUNK - 1))];
  }

  /** Returns the task that made the store at {@code index}. */
  public int writer(long index) {
    return writers[(int) (index >>> SHIFT)][(int) (index & (CHUNK - 1))];
  }

  /** Returns the writer's epoch at the store at {@code index}. */
  public int epoch(long index) {
    return epochs[(int) (index >>> SHIFT)][(int) (index & (CHUNK - 1))];
  }
}
