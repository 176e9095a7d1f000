package dev.slabrace.detect.clock;

import java.util.Arrays;

/**
 * A growable vector clock of {@code int} epochs indexed by {@link Plane#index}; absent entries are 0.
 *
 * <p>Clocks published into shared state (a store's clock, a lock's release clock) are snapshots: they
 * are never modified after publication, so several locations may share one instance.
 *
 * <pre>
 * Implementation notes
 *
 * The prefix planes (W, R, WX, M) say "every access of u up to epoch e": a join takes the maximum.
 * The exact planes (S, D, SX) name single events: "the marked store of u at epoch e was read", "the
 * marked read of u at epoch e is ordered by a dependency", "the marked store of u at epoch e was
 * read and a strong fence followed". A clock may know several of one task,
 * and no one of them implies another (linux-kernel.cat: rfe and rwdep order the one event they
 * start from, not the events before it in po), so an exact plane holds a set: the entry the newest
 * member, and the others in a side array of (index << 32 | epoch), created at the first clock that
 * knows two members of one task's set. A join unites the sets.
 *
 * A member that a prefix plane of the same clock covers is redundant (Ordering checks the prefix
 * first): an S member e of u once W[u] or WX[u] >= e, a D member once R[u] or M[u] >= e, an SX
 * member once WX[u] >= e (not W: the xbstar planes travel without it). Entries
 * never decrease, so such members are dropped whenever the side array fills, and what remains is
 * the exact events not yet covered by a fence or release of their task. A writer that never fences,
 * read store by store by a task that never synchronises with it, would make that unbounded: past
 * MAX_MEMBERS the older half of each task's members is dropped. A dropped S member makes a store
 * read long ago look unread (a later plain access may be reported racing with it), a dropped D
 * member a dependency-ordered read look unordered: over-reports, never a missed race, and only past
 * hundreds of reads that no fence of their writers has covered.
 *
 * The entries are kept in chunks of 32 tasks (CHUNK_SHIFT), shared between clocks copy on write. A
 * clock writes in place only the chunks it owns (owned, ownedHigh) and copies a shared one first;
 * copy() of a clock of more than one chunk shares them all, and neither clock owns them afterwards
 * (a clock of one chunk, the common case, is copied at once if it owns it: it is usually written
 * again), and a join into a chunk this clock has not got takes the other clock's chunk by
 * reference, which the other then no longer owns. A clock of N tasks that mostly holds what it was
 * handed (N tasks taking one lock in turn, or forked and joined by one) then costs N / 32
 * references and the chunks it wrote, not N entries, and a join skips the chunks both clocks share
 * without reading them. A chunk is never written once a second clock may read it.
 * </pre>
 */
public final class VectorClock {
  private static final int[] EMPTY = new int[0];
  private static final int[][] NO_CHUNKS = new int[0][];
  private static final long[] NONE = new long[0];
  /** The planes whose entries are sets of single events, a bit each. */
  private static final int EXACT_PLANES = (1 << Plane.S) | (1 << Plane.D) | (1 << Plane.SX);
  /** Every plane, a bit each. */
  private static final int ALL_PLANES = (1 << Plane.COUNT) - 1;
  /** log2 of the entries of a chunk: 32 tasks. */
  private static final int CHUNK_SHIFT = 5 + Plane.TASK_SHIFT;
  private static final int CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;
  /**
   * Where a chunk says it is promoted (1: promoteVisibleWrites would change none of its entries):
   * the unused padding entry of its first task, so the mark goes wherever the chunk is shared, and
   * a shared chunk is never written. Every write in place clears it.
   */
  private static final int PROMOTED = Plane.STRIDE - 1;
  /**
   * At most this many set members beside the entries: past it the older half of each task's
   * members is dropped (an over-report, never a missed race; see the class notes).
   */
  static final int MAX_MEMBERS = 512;

  /**
   * Chunk 0: the entries from index 0, as many whole tasks as the clock mentions there; the only
   * chunk of a clock of at most 32 tasks, read without indirection.
   */
  private int[] first = EMPTY;
  /** Chunks 1 and up (chunk c holds the entries from c << CHUNK_SHIFT); EMPTY for one not held. */
  private int[][] rest = NO_CHUNKS;
  /** Bit c: chunk c (below 64) is this clock's alone, written in place. */
  private long owned;
  /** The same for chunks 64 and up, bit c - 64; null when it owns none of them. */
  private long[] ownedHigh;
  /** The exact planes' members other than the newest, packed index << 32 | epoch; moreCount used. */
  private long[] more = NONE;
  private int moreCount;
  /** Whether {@link #more} is shared with a copy: copied before it is changed in place. */
  private boolean moreShared;

  /** Creates an all-zero clock. */
  public VectorClock() {}

  /** Returns an independent copy of this clock. */
  public VectorClock copy() {
    VectorClock c = new VectorClock();
    c.takeChunksOf(this);
    c.more = more;
    c.moreCount = moreCount;
    if (moreCount != 0) {
      // copy on write: most copies become snapshots that nobody changes again
      moreShared = true;
      c.moreShared = true;
    }
    return c;
  }

  /**
   * Makes this clock equal to {@code other}: for a clock that nobody else holds any more (a lock's
   * previous hand-on clock, TaskClocks.cumulForUnlock).
   */
  public void assign(VectorClock other) {
    int[] o = other.first;
    if (other.rest.length == 0 && (owned & 1) != 0 && first.length >= o.length) {
      // refilled in place: this clock's chunk 0 is its own
      System.arraycopy(o, 0, first, 0, o.length);
      Arrays.fill(first, o.length, first.length, 0);
      rest = NO_CHUNKS;
      owned = 1;
      ownedHigh = null;
    } else {
      takeChunksOf(other);
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
   * Takes other's chunks. A clock of one chunk gets its own copy of it if other owns it (other may
   * write it again, and copying it now costs what copying it later would); a larger clock shares
   * every chunk, which neither clock owns from then on, so that each copies only the chunks it
   * writes (a task that forks or signals thousands of others, each copy holding references).
   */
  private void takeChunksOf(VectorClock other) {
    if (other.rest.length == 0) {
      owned = other.owned & 1;
      // Arrays.copyOf, not clone(): both compilers make it an array copy; C1 calls clone() natively
      first = owned != 0 ? Arrays.copyOf(other.first, other.first.length) : other.first;
      rest = NO_CHUNKS;
      ownedHigh = null;
      return;
    }
    first = other.first;
    rest = Arrays.copyOf(other.rest, other.rest.length);
    owned = 0;
    ownedHigh = null;
    other.owned = 0;
    other.ownedHigh = null;
  }

  /**
   * Returns a copy of this clock without task {@code task}'s entries (its prefix entries and its
   * exact planes' members).
   */
  public VectorClock withoutTask(int task) {
    VectorClock c = copy();
    c.unshare();
    int base = Plane.index(task, 0);
    int chunk = base >>> CHUNK_SHIFT;
    int at = base & CHUNK_MASK;
    if (chunk < c.chunkCount() && at < c.chunk(chunk).length) {
      int[] e = c.writable(chunk, c.chunk(chunk).length);
      Arrays.fill(e, at, at + Plane.STRIDE, 0);
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

  /** Returns how many chunks the clock has (chunk 0 always, maybe empty). */
  private int chunkCount() {
    return rest.length + 1;
  }

  private int[] chunk(int c) {
    return c == 0 ? first : rest[c - 1];
  }

  private void setChunk(int c, int[] e) {
    if (c == 0) {
      first = e;
    } else {
      if (c > rest.length) {
        growRest(c);
      }
      rest[c - 1] = e;
    }
  }

  /** Makes room for chunks 1 to {@code n}, the new ones empty. */
  private void growRest(int n) {
    int from = rest.length;
    rest = Arrays.copyOf(rest, n);
    Arrays.fill(rest, from, n, EMPTY);
  }

  private boolean owns(int c) {
    if (c < 64) {
      return (owned & 1L << c) != 0;
    }
    int word = (c - 64) >>> 6;
    return ownedHigh != null && word < ownedHigh.length && (ownedHigh[word] & 1L << c) != 0;
  }

  private void own(int c) {
    if (c < 64) {
      owned |= 1L << c;
      return;
    }
    int word = (c - 64) >>> 6;
    if (ownedHigh == null || word >= ownedHigh.length) {
      ownedHigh = ownedHigh == null ? new long[word + 1] : Arrays.copyOf(ownedHigh, word + 1);
    }
    ownedHigh[word] |= 1L << c;
  }

  private void disown(int c) {
    if (c < 64) {
      owned &= ~(1L << c);
    } else if (ownedHigh != null && (c - 64) >>> 6 < ownedHigh.length) {
      ownedHigh[(c - 64) >>> 6] &= ~(1L << c);
    }
  }

  /**
   * Returns chunk {@code c}, this clock's own and at least {@code length} entries long: copied first
   * if it is shared, grown to whole tasks (never by doubling: joins copy the other clock's length,
   * so doubling would compound from clock to clock without bound).
   */
  private int[] writable(int c, int length) {
    int[] e = c < chunkCount() ? chunk(c) : EMPTY;
    if (!owns(c)) {
      e = Arrays.copyOf(e, Math.max(e.length, length));
      setChunk(c, e);
      own(c);
    } else if (e.length < length) {
      e = Arrays.copyOf(e, length);
      setChunk(c, e);
    }
    e[PROMOTED] = 0;
    return e;
  }

  /** Returns entry {@code index}, 0 if it was never set; for an exact plane, its newest member. */
  public int get(int index) {
    int[] e = first;
    return index < e.length ? e[index] : getLater(index);
  }

  private int getLater(int index) {
    int c = index >>> CHUNK_SHIFT;
    if (c == 0 || c > rest.length) {
      return 0;
    }
    int[] e = rest[c - 1];
    int i = index & CHUNK_MASK;
    return i < e.length ? e[i] : 0;
  }

  /** Returns task {@code task}'s entry in {@code plane}. */
  public int get(int task, int plane) {
    return get(Plane.index(task, plane));
  }

  /** Sets entry {@code index} to {@code value}; callers only ever raise it (raise, addExact). */
  private void set(int index, int value) {
    if (index < first.length && (owned & 1) != 0) {
      first[index] = value;
      first[PROMOTED] = 0;
    } else {
      int i = index & CHUNK_MASK;
      writable(index >>> CHUNK_SHIFT, (i | (Plane.STRIDE - 1)) + 1)[i] = value;
    }
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
  public void join(VectorClock other) {
    joinPlanes(other, ALL_PLANES);
  }

  /**
   * Joins only the entries of {@code other} in the planes whose bits are set in {@code planeMask},
   * which holds with each exact plane the prefix planes that cover it (S: W and WX, SX: WX, D: R and
   * M): a clock may have left out of its sets the members its prefix planes cover.
   */
  public void joinPlanes(VectorClock other, int planeMask) {
    if (other == null) {
      return;
    }
    joinChunk(0, first, other, other.first, planeMask);
    int[][] theirs = other.rest;
    if (theirs.length > rest.length) {
      growRest(theirs.length);
    }
    for (int c = 1; c <= theirs.length; c++) {
      joinChunk(c, c <= rest.length ? rest[c - 1] : EMPTY, other, theirs[c - 1], planeMask);
    }
    addMoreOf(other, planeMask);
  }

  /**
   * Joins chunk {@code o}, other's chunk {@code c}, into this clock's, {@code e}, in the planes of
   * {@code planeMask}.
   */
  private void joinChunk(int c, int[] e, VectorClock other, int[] o, int planeMask) {
    int n = o.length;
    if (n == 0 || e == o) {
      return; // nothing there, or the same chunk in both
    }
    if (e.length == 0 && planeMask == ALL_PLANES) {
      // a chunk this clock has not got: shared, and from now on written by neither
      setChunk(c, o);
      other.disown(c);
      return;
    }
    if (e.length < n) {
      e = writable(c, n);
    }
    int t = 0;
    if (!owns(c)) {
      // copied only if the join changes it (the other clock's snapshot of this one, joined back)
      while (t < n && !raises(e, o, t, planeMask)) {
        t += Plane.STRIDE;
      }
      if (t == n) {
        return;
      }
      e = writable(c, n);
    }
    e[PROMOTED] = 0;
    int base = c << CHUNK_SHIFT;
    if (planeMask == ALL_PLANES) {
      for (; t < n; t += Plane.STRIDE) {
        joinTask(base, e, o, t);
      }
    } else {
      for (; t < n; t += Plane.STRIDE) {
        joinTaskPlanes(base, e, o, t, planeMask);
      }
    }
  }

  /** Whether joining task entries {@code t} of {@code o} into {@code e} changes this clock. */
  private static boolean raises(int[] e, int[] o, int t, int planeMask) {
    for (int p = 0; p < Plane.COUNT; p++) {
      int v = o[t + p];
      if ((planeMask & 1 << p) != 0
          && ((EXACT_PLANES & 1 << p) != 0 ? v > 0 && v != e[t + p] : v > e[t + p])) {
        return true;
      }
    }
    return false;
  }

  /** Joins task entries {@code t} of {@code o} into {@code e}, this clock's own chunk from {@code base}. */
  private void joinTask(int base, int[] e, int[] o, int t) {
    max(e, o, t + Plane.W);
    max(e, o, t + Plane.R);
    max(e, o, t + Plane.WX);
    max(e, o, t + Plane.M);
    joinExact(base, e, o, t + Plane.S);
    joinExact(base, e, o, t + Plane.D);
    joinExact(base, e, o, t + Plane.SX);
  }

  /** Joins the planes of {@code planeMask} of task entries {@code t}, as joinTask. */
  private void joinTaskPlanes(int base, int[] e, int[] o, int t, int planeMask) {
    if ((planeMask & 1 << Plane.W) != 0) {
      max(e, o, t + Plane.W);
    }
    if ((planeMask & 1 << Plane.R) != 0) {
      max(e, o, t + Plane.R);
    }
    if ((planeMask & 1 << Plane.WX) != 0) {
      max(e, o, t + Plane.WX);
    }
    if ((planeMask & 1 << Plane.M) != 0) {
      max(e, o, t + Plane.M);
    }
    if ((planeMask & 1 << Plane.S) != 0) {
      joinExact(base, e, o, t + Plane.S);
    }
    if ((planeMask & 1 << Plane.D) != 0) {
      joinExact(base, e, o, t + Plane.D);
    }
    if ((planeMask & 1 << Plane.SX) != 0) {
      joinExact(base, e, o, t + Plane.SX);
    }
  }

  private static void max(int[] e, int[] o, int i) {
    if (o[i] > e[i]) {
      e[i] = o[i];
    }
  }

  /** Adds other's newest member of exact entry {@code i} of the chunk from {@code base} to this clock's set. */
  private void joinExact(int base, int[] e, int[] o, int i) {
    // most exact entries are absent or the same in both: addExact only for the others
    int v = o[i];
    if (v > 0 && v != e[i]) {
      addExact(base + i, v);
    }
  }

  /**
   * Adds other's side members of the planes in {@code planeMask}: a merge of the two sorted
   * side arrays that leaves out what this clock's prefix planes cover. Called after the entries of
   * those planes were united, so each of other's members is older than this clock's entry.
   */
  private void addMoreOf(VectorClock other, int planeMask) {
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
      if ((planeMask & (1 << Plane.planeOf(index))) == 0 || covered(index, (int) t)) {
        continue;
      }
      while (i < moreCount && more[i] < t) {
        if (out != null) {
          m = keep(more[i], out, m);
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
      m = keep(more[i++], out, m);
    }
    return m;
  }

  /**
   * Appends this clock's member {@code member} to {@code out} at {@code m} unless its prefix planes
   * now cover it (the join that merges may just have raised them), and returns the new count.
   */
  private int keep(long member, long[] out, int m) {
    if (!covered((int) (member >>> 32), (int) member)) {
      out[m++] = member;
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
    for (int c = 0; c < chunkCount(); c++) {
      int[] e = chunk(c);
      if (e.length == 0 || e[PROMOTED] != 0) {
        continue; // nothing there, or promoted when last looked at, and not written since
      }
      int base = c << CHUNK_SHIFT;
      for (int t = 0; t + Plane.STRIDE <= e.length; t += Plane.STRIDE) {
        int w = e[t + Plane.W];
        int wx = Math.max(w, e[t + Plane.WX]);
        int s = e[t + Plane.S];
        // a store that WX covers travels by xbstar already
        boolean store = s > wx && s != e[t + Plane.SX];
        if (w > e[t + Plane.WX] || store) {
          e = writable(c, e.length);
          e[t + Plane.WX] = wx;
          if (store) {
            addExact(base + t + Plane.SX, s);
          }
        }
      }
      e[PROMOTED] = 1; // shared or not: the same entries are promoted wherever they are
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

  /** Returns how many entries the clock stores in its chunks, its own and shared: whole tasks. */
  public int capacity() {
    int n = first.length;
    for (int[] e : rest) {
      n += e.length;
    }
    return n;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int c = 0; c < chunkCount(); c++) {
      int[] e = chunk(c);
      for (int t = 0; t < e.length; t += Plane.STRIDE) {
        sb.append(sb.length() == 1 ? "" : " ").append(Plane.taskOf((c << CHUNK_SHIFT) + t)).append(':');
        for (int p = 0; p < Plane.COUNT; p++) {
          sb.append(p == 0 ? "" : ",").append(e[t + p]);
        }
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
