package dev.slabrace.detect.clock;

import java.util.Arrays;

/**
 * The flat vector clock that FlatClock was before its entries went into shared chunks: one array
 * of every task's entries, copied whole. FlatClockChunkTest holds the two to the same answers.
 */
final class FlatClock {
  private static final int[] EMPTY = new int[0];
  private static final long[] NONE = new long[0];
  /** The planes whose entries are sets of single events, a bit each. */
  private static final int EXACT_PLANES = (1 << Plane.S) | (1 << Plane.D) | (1 << Plane.SX);
  /**
   * At most this many set members beside the entries: past it the older half of each task's
   * members is dropped (an over-report, never a missed race; see the class notes).
   */
  static final int MAX_MEMBERS = 512;

  private int[] entries;
  /** The exact planes' members other than the newest, packed index << 32 | epoch; moreCount used. */
  private long[] more = NONE;
  private int moreCount;
  /** Whether {@link #more} is shared with a copy: copied before it is changed in place. */
  private boolean moreShared;

  /** Creates an all-zero clock. */
  FlatClock() {
    entries = EMPTY;
  }

  private FlatClock(int[] entries, long[] more, int moreCount) {
    this.entries = entries;
    this.more = more;
    this.moreCount = moreCount;
  }

  /** Returns an independent copy of this clock. */
  FlatClock copy() {
    // Arrays.copyOf, not clone(): both compilers make it an array copy; C1 calls clone() natively
    FlatClock c = new FlatClock(Arrays.copyOf(entries, entries.length), more, moreCount);
    if (moreCount != 0) {
      // copy on write: most copies become snapshots that nobody changes again
      moreShared = true;
      c.moreShared = true;
    }
    return c;
  }

  /**
   * Makes this clock equal to {@code other}, reusing its entry array: for a clock that nobody else
   * holds any more (a lock's previous hand-on clock, TaskClocks.cumulForUnlock).
   */
  public void assign(FlatClock other) {
    int[] o = other.entries;
    if (entries.length < o.length) {
      entries = Arrays.copyOf(o, o.length);
    } else {
      System.arraycopy(o, 0, entries, 0, o.length);
      Arrays.fill(entries, o.length, entries.length, 0);
    }
    moreCount = other.moreCount;
    if (moreCount != 0) {
      more = other.more; // copy on write, as copy()
      moreShared = true;
      other.moreShared = true;
    } else {
      more = NONE;
      moreShared = false;
    }
  }

  /**
   * Returns a copy of this clock without task {@code task}'s entries (its prefix entries and its
   * exact planes' members).
   */
  FlatClock withoutTask(int task) {
    FlatClock c = copy();
    c.unshare();
    int base = Plane.index(task, 0);
    for (int p = 0; p < Plane.STRIDE && base + p < c.entries.length; p++) {
      c.entries[base + p] = 0;
    }
    int kept = 0;
    for (int i = 0; i < c.moreCount; i++) {
      if (Plane.taskOf((int) (c.more[i] >>> 32)) != task) {
        c.more[kept++] = c.more[i];
      }
    }
    c.moreCount = kept;
    return c;
  }

  /** Returns entry {@code index}, 0 if it was never set; for an exact plane, its newest member. */
  public int get(int index) {
    return index < entries.length ? entries[index] : 0;
  }

  /** Returns task {@code task}'s entry in {@code plane}. */
  public int get(int task, int plane) {
    return get(Plane.index(task, plane));
  }

  /** Sets entry {@code index} to {@code value}; callers only ever raise it (raise, addExact). */
  private void set(int index, int value) {
    ensure(index + 1);
    entries[index] = value;
  }

  /** Raises prefix entry {@code index} to at least {@code value}. */
  public void raise(int index, int value) {
    if (value > get(index)) {
      set(index, value);
    }
  }

  /** Adds the event of epoch {@code value} to the set of exact plane entry {@code index}. */
  public void addExact(int index, int value) {
    int current = get(index);
    if (value == current || value <= 0) {
      return;
    }
    if (value > current) {
      set(index, value);
      if (current > 0) {
        addMore(index, current);
      }
    } else {
      addMore(index, value);
    }
  }

  /** Whether the set of exact plane entry {@code index} holds the event of epoch {@code value}. */
  public boolean hasExact(int index, int value) {
    return value == get(index)
        || (moreCount != 0 && Arrays.binarySearch(more, 0, moreCount, key(index, value)) >= 0);
  }

  private static long key(int index, int value) {
    return (long) index << 32 | (value & 0xffffffffL);
  }

  /** Joins {@code other} into this clock: the maximum of each prefix entry, the union of each set. */
  public void join(FlatClock other) {
    if (other == null) {
      return;
    }
    int[] o = other.entries;
    ensure(o.length);
    int[] e = entries;
    for (int b = 0; b < o.length; b += Plane.STRIDE) {
      max(e, o, b + Plane.W);
      max(e, o, b + Plane.R);
      max(e, o, b + Plane.WX);
      max(e, o, b + Plane.M);
      joinExact(e, o, b + Plane.S);
      joinExact(e, o, b + Plane.D);
      joinExact(e, o, b + Plane.SX);
    }
    addMoreOf(other, -1);
  }

  /** Adds other's newest member of exact entry {@code i} to the set of this clock's entry. */
  private void joinExact(int[] e, int[] o, int i) {
    // most exact entries are absent or the same in both: addExact only for the others
    int v = o[i];
    if (v > 0 && v != e[i]) {
      addExact(i, v);
    }
  }

  /** Joins only the entries of {@code other} in the planes whose bits are set in {@code planeMask}. */
  public void joinPlanes(FlatClock other, int planeMask) {
    if (other == null) {
      return;
    }
    int[] o = other.entries;
    ensure(o.length);
    int[] e = entries;
    for (int b = 0; b < o.length; b += Plane.STRIDE) {
      for (int p : new int[] {Plane.W, Plane.R, Plane.WX, Plane.M, Plane.S, Plane.D, Plane.SX}) {
        if ((planeMask & (1 << p)) == 0) {
          continue;
        }
        if ((EXACT_PLANES & (1 << p)) != 0) {
          joinExact(e, o, b + p);
        } else {
          max(e, o, b + p);
        }
      }
    }
    addMoreOf(other, planeMask);
  }

  private static void max(int[] e, int[] o, int i) {
    if (o[i] > e[i]) {
      e[i] = o[i];
    }
  }

  /**
   * Adds other's side members of the planes in {@code planeMask} (-1: all): a merge of the two sorted
   * side arrays that leaves out what this clock's prefix planes cover. Called after the entries of
   * those planes were united, so each of other's members is older than this clock's entry.
   */
  private void addMoreOf(FlatClock other, int planeMask) {
    int n = other.moreCount;
    long[] theirs = other.more;
    if (n == 0 || theirs == more || merge(theirs, n, planeMask, null) == 0) {
      return;
    }
    long[] merged = new long[moreCount + n];
    moreCount = merge(theirs, n, planeMask, merged);
    more = merged;
    moreShared = false;
    if (moreCount > MAX_MEMBERS) {
      dropOldest();
    }
  }

  /**
   * Merges the n sorted members in {@code theirs} of the planes in {@code planeMask} that this
   * clock's prefix planes do not cover and that it lacks with this clock's members into {@code out},
   * and returns how many that makes; with {@code out} null, returns 1 at the first such member, or 0.
   */
  private int merge(long[] theirs, int n, int planeMask, long[] out) {
    int m = 0;
    int i = 0;
    for (int j = 0; j < n; j++) {
      long t = theirs[j];
      int index = (int) (t >>> 32);
      if ((planeMask & (1 << (Plane.planeOf(index)))) == 0 || covered(index, (int) t)) {
        continue;
      }
      while (i < moreCount && more[i] < t) {
        if (out != null) {
          out[m++] = more[i];
        }
        i++;
      }
      if (i < moreCount && more[i] == t) {
        continue;
      }
      if (out == null) {
        return 1;
      }
      out[m++] = t;
    }
    if (out == null) {
      return 0;
    }
    while (i < moreCount) {
      out[m++] = more[i++];
    }
    return m;
  }

  /** Makes the side array this clock's own before it changes in place. */
  private void unshare() {
    if (moreShared) {
      more = Arrays.copyOf(more, Math.max(moreCount, 4));
      moreShared = false;
    }
  }

  /** Adds one member to the sorted side array, unless a prefix plane covers it or it is there. */
  private void addMore(int index, int value) {
    if (covered(index, value)) {
      return;
    }
    long key = key(index, value);
    int at = Arrays.binarySearch(more, 0, moreCount, key);
    if (at >= 0) {
      return;
    }
    at = -at - 1;
    unshare();
    if (moreCount == more.length) {
      dropCovered();
      if (moreCount >= MAX_MEMBERS) {
        dropOldest();
      }
      at = -Arrays.binarySearch(more, 0, moreCount, key) - 1;
      if (moreCount == more.length) {
        more = Arrays.copyOf(more, Math.max(4, more.length * 2));
      }
    }
    System.arraycopy(more, at, more, at + 1, moreCount - at);
    more[at] = key;
    moreCount++;
  }

  /** Whether a prefix plane of this clock covers member {@code value} of exact entry {@code index}. */
  private boolean covered(int index, int value) {
    int base = index & -Plane.STRIDE;
    return switch (Plane.planeOf(index)) {
      case Plane.S -> value <= get(base + Plane.W) || value <= get(base + Plane.WX);
      // not W: SX travels where W does not (the xbstar planes alone), WX with it
      case Plane.SX -> value <= get(base + Plane.WX);
      default -> value <= get(base + Plane.R) || value <= get(base + Plane.M);
    };
  }

  /** Keeps the newer half (rounded up) of each entry's side members, until at most MAX_MEMBERS remain. */
  private void dropOldest() {
    unshare();
    while (moreCount > MAX_MEMBERS / 2) {
      int kept = 0;
      int i = 0;
      while (i < moreCount) {
        int index = (int) (more[i] >>> 32);
        int end = i;
        while (end < moreCount && (int) (more[end] >>> 32) == index) {
          end++;
        }
        int from = i + (end - i) / 2;
        System.arraycopy(more, from, more, kept, end - from);
        kept += end - from;
        i = end;
      }
      if (kept == moreCount) {
        // one member per entry: keep the members of the last entries
        System.arraycopy(more, moreCount - MAX_MEMBERS / 2, more, 0, MAX_MEMBERS / 2);
        kept = MAX_MEMBERS / 2;
      }
      moreCount = kept;
    }
  }

  /** Drops the side members that a prefix plane of this clock covers (class notes). */
  private void dropCovered() {
    unshare();
    int kept = 0;
    for (int i = 0; i < moreCount; i++) {
      long m = more[i];
      if (!covered((int) (m >>> 32), (int) m)) {
        more[kept++] = m;
      }
    }
    moreCount = kept;
  }

  /**
   * Raises every task's {@link Plane#WX} entry to its {@link Plane#W} entry and adds its
   * {@link Plane#S} members to its {@link Plane#SX} set: the visible writes pass a strong fence and
   * from here on travel like xbstar.
   */
  public void promoteVisibleWrites() {
    int[] e = entries;
    for (int i = 0; i + Plane.STRIDE <= e.length; i += Plane.STRIDE) {
      if (e[i + Plane.W] > e[i + Plane.WX]) {
        e[i + Plane.WX] = e[i + Plane.W];
      }
      int s = e[i + Plane.S];
      // a store that WX covers travels by xbstar already
      if (s > e[i + Plane.WX] && s != e[i + Plane.SX]) {
        addExact(i + Plane.SX, s);
      }
    }
    if (moreCount != 0) {
      promoteStoreMembers();
    }
  }

  /** Adds the side members of the S plane that WX does not cover to the SX plane (slow path). */
  private void promoteStoreMembers() {
    long[] stores = null;
    int n = 0;
    for (int i = 0; i < moreCount; i++) {
      int index = (int) (more[i] >>> 32);
      if (Plane.planeOf(index) == Plane.S && !covered(index - Plane.S + Plane.SX, (int) more[i])) {
        if (stores == null) {
          stores = new long[moreCount - i];
        }
        stores[n++] = more[i];
      }
    }
    for (int i = 0; i < n; i++) {
      addExact((int) (stores[i] >>> 32) - Plane.S + Plane.SX, (int) stores[i]);
    }
  }

  /** Returns how many entries the clock stores: a whole number of tasks' planes. */
  public int capacity() {
    return entries.length;
  }

  /*
   * Clocks grow to exactly the tasks they mention (rounded to whole tasks), never by doubling: joins
   * copy the other clock's length, so doubling would compound from clock to clock without bound.
   */
  private void ensure(int length) {
    if (entries.length < length) {
      entries = Arrays.copyOf(entries, (length + Plane.STRIDE - 1) / Plane.STRIDE * Plane.STRIDE);
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < entries.length; i += Plane.STRIDE) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(Plane.taskOf(i)).append(':');
      for (int p = 0; p < Plane.COUNT; p++) {
        sb.append(p == 0 ? "" : ",").append(get(i + p));
      }
    }
    for (int i = 0; i < moreCount; i++) {
      int index = (int) (more[i] >>> 32);
      sb.append(i == 0 ? " +" : ",").append(Plane.taskOf(index)).append('.').append(Plane.planeOf(index))
          .append('=').append((int) more[i]);
    }
    return sb.append(']').toString();
  }
}
