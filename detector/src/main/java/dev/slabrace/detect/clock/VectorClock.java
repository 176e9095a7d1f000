package dev.slabrace.detect.clock;

import java.util.Arrays;

/**
 * A growable vector clock of {@code int} epochs indexed by {@link Plane#index}; absent entries are 0.
 *
 * <p>Clocks published into shared state (a store's clock, a lock's release clock) are snapshots: they
 * are never modified after publication, so several locations may share one instance.
 */
public final class VectorClock {
  private static final int[] EMPTY = new int[0];

  private int[] entries;

  /** Creates an all-zero clock. */
  public VectorClock() {
    entries = EMPTY;
  }

  private VectorClock(int[] entries) {
    this.entries = entries;
  }

  /** Returns an independent copy of this clock. */
  public VectorClock copy() {
    return new VectorClock(entries.clone());
  }

  /** Returns entry {@code index}, 0 if it was never set. */
  public int get(int index) {
    return index < entries.length ? entries[index] : 0;
  }

  /** Returns task {@code task}'s entry in {@code plane}. */
  public int get(int task, int plane) {
    return get(Plane.index(task, plane));
  }

  /** Sets entry {@code index} to {@code value}. */
  public void set(int index, int value) {
    ensure(index + 1);
    entries[index] = value;
  }

  /** Raises entry {@code index} to at least {@code value}. */
  public void raise(int index, int value) {
    if (value > get(index)) {
      set(index, value);
    }
  }

  /** Joins {@code other} into this clock: every entry becomes the maximum of the two. */
  public void join(VectorClock other) {
    if (other == null) {
      return;
    }
    int[] o = other.entries;
    ensure(o.length);
    int[] e = entries;
    for (int i = 0; i < o.length; i++) {
      if (o[i] > e[i]) {
        e[i] = o[i];
      }
    }
  }

  /** Joins only the entries of {@code other} in the planes whose bits are set in {@code planeMask}. */
  public void joinPlanes(VectorClock other, int planeMask) {
    if (other == null) {
      return;
    }
    int[] o = other.entries;
    ensure(o.length);
    int[] e = entries;
    for (int i = 0; i < o.length; i++) {
      if (o[i] > e[i] && (planeMask & (1 << (i % Plane.COUNT))) != 0) {
        e[i] = o[i];
      }
    }
  }

  /**
   * Raises every task's {@link Plane#WX} entry to its {@link Plane#W} entry: the visible writes pass a
   * strong fence and from here on travel like xbstar.
   */
  public void promoteVisibleWrites() {
    int[] e = entries;
    for (int i = 0; i + Plane.COUNT <= e.length; i += Plane.COUNT) {
      if (e[i + Plane.W] > e[i + Plane.WX]) {
        e[i + Plane.WX] = e[i + Plane.W];
      }
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
      entries = Arrays.copyOf(entries, (length + Plane.COUNT - 1) / Plane.COUNT * Plane.COUNT);
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < entries.length; i += Plane.COUNT) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(i / Plane.COUNT).append(':');
      for (int p = 0; p < Plane.COUNT; p++) {
        sb.append(p == 0 ? "" : ",").append(get(i + p));
      }
    }
    return sb.append(']').toString();
  }
}
