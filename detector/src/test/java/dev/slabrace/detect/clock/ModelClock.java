package dev.slabrace.detect.clock;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a vector clock means, kept the plainest way: a map from each prefix entry to its epoch and
 * from each exact entry to the set of its events, with none of VectorClock's layout (chunks, shared
 * copies, the side array of older members). VectorClockChunkTest holds the two to the same answers.
 */
final class ModelClock {
  private static final int EXACT_PLANES = (1 << Plane.S) | (1 << Plane.D) | (1 << Plane.SX);

  private final Map<Integer, Integer> prefix = new HashMap<>();
  private final Map<Integer, TreeSet<Integer>> exact = new HashMap<>();

  /** Returns an independent copy. */
  ModelClock copy() {
    ModelClock c = new ModelClock();
    c.assign(this);
    return c;
  }

  /** Makes this clock equal to {@code other}. */
  void assign(ModelClock other) {
    if (other == this) {
      return;
    }
    prefix.clear();
    prefix.putAll(other.prefix);
    exact.clear();
    other.exact.forEach((index, members) -> exact.put(index, new TreeSet<>(members)));
  }

  /** Returns a copy without task {@code task}'s entries. */
  ModelClock withoutTask(int task) {
    ModelClock c = copy();
    c.prefix.keySet().removeIf(index -> Plane.taskOf(index) == task);
    c.exact.keySet().removeIf(index -> Plane.taskOf(index) == task);
    return c;
  }

  /** A prefix entry's epoch, or an exact entry's newest event; 0 if none. */
  int get(int index) {
    if (isExact(index)) {
      TreeSet<Integer> members = exact.get(index);
      return members == null || members.isEmpty() ? 0 : members.last();
    }
    return prefix.getOrDefault(index, 0);
  }

  void raise(int index, int value) {
    prefix.merge(index, value, Math::max);
  }

  void addExact(int index, int value) {
    if (value > 0) {
      exact.computeIfAbsent(index, i -> new TreeSet<>()).add(value);
    }
  }

  /**
   * Whether event {@code value} of exact entry {@code index} orders what the entry orders: a member,
   * or covered by a prefix plane of its task (S by W or WX, SX by WX, D by R or M), which a clock may
   * then leave out of its set.
   */
  boolean orders(int index, int value) {
    TreeSet<Integer> members = exact.get(index);
    return covered(index, value) || (members != null && members.contains(value));
  }

  /** Whether a prefix plane of this clock covers event {@code value} of exact entry {@code index}. */
  boolean covered(int index, int value) {
    int base = index & -Plane.STRIDE;
    return switch (Plane.planeOf(index)) {
      case Plane.S -> value <= get(base + Plane.W) || value <= get(base + Plane.WX);
      case Plane.SX -> value <= get(base + Plane.WX);
      default -> value <= get(base + Plane.R) || value <= get(base + Plane.M);
    };
  }

  void join(ModelClock other) {
    joinPlanes(other, (1 << Plane.COUNT) - 1);
  }

  void joinPlanes(ModelClock other, int planeMask) {
    other.prefix.forEach((index, value) -> {
      if ((planeMask & 1 << Plane.planeOf(index)) != 0) {
        raise(index, value);
      }
    });
    other.exact.forEach((index, members) -> {
      if ((planeMask & 1 << Plane.planeOf(index)) != 0) {
        members.forEach(value -> addExact(index, value));
      }
    });
  }

  /** Every task's WX raised to its W, and its stores read (S) that WX does not cover added to SX. */
  void promoteVisibleWrites() {
    for (int index : prefix.keySet().toArray(new Integer[0])) {
      if (Plane.planeOf(index) == Plane.W) {
        raise(index - Plane.W + Plane.WX, prefix.get(index));
      }
    }
    for (Map.Entry<Integer, TreeSet<Integer>> e : exact.entrySet().toArray(Map.Entry[]::new)) {
      int index = e.getKey();
      if (Plane.planeOf(index) == Plane.S) {
        int wx = get(index - Plane.S + Plane.WX);
        for (int value : e.getValue()) {
          if (value > wx) {
            addExact(index - Plane.S + Plane.SX, value);
          }
        }
      }
    }
  }

  private static boolean isExact(int index) {
    return (EXACT_PLANES & 1 << Plane.planeOf(index)) != 0;
  }
}
