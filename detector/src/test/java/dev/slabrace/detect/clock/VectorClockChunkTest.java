package dev.slabrace.detect.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Holds the chunked, copy-on-write VectorClock to a model of what a clock means: the same operations
 * on both, on tasks spread over chunks 0, 1, 63, 64 and beyond (the owned bits of the second word), and
 * after every operation every clock of the set answers alike. A chunk written while another clock
 * still shares it shows up as a difference in that other clock.
 */
final class VectorClockChunkTest {
  private static final int[] TASKS = {
    0, 1, 5, 31, 32, 33, 63, 64, 100, 2015, 2016, 2047, 2048, 2100, 4095, 4096, 4200, 9000
  };
  private static final int[] PREFIX = {Plane.W, Plane.R, Plane.WX, Plane.M};
  private static final int[] EXACT = {Plane.S, Plane.D, Plane.SX};
  private static final int EPOCHS = 24;
  private static final int CLOCKS = 6;

  @Test
  void everyOperation_answersAsTheModelClock_onTasksInManyChunks() {
    for (long seed = 0; seed < 40; seed++) {
      run(seed, 600);
    }
  }

  @Test
  void aCopyWrittenAfterward_leavesTheOriginalAlone_inEveryChunk() {
    for (int task : TASKS) {
      VectorClock original = new VectorClock();
      original.raise(Plane.index(task, Plane.W), 3);
      VectorClock handedOn = new VectorClock();
      handedOn.join(original); // takes the chunk by reference
      VectorClock copy = handedOn.copy();
      copy.raise(Plane.index(task, Plane.W), 9);
      handedOn.raise(Plane.index(task, Plane.R), 7);
      assertEquals(3, original.get(task, Plane.W), "task " + task);
      assertEquals(0, original.get(task, Plane.R), "task " + task);
      assertEquals(3, handedOn.get(task, Plane.W), "task " + task);
      assertEquals(9, copy.get(task, Plane.W), "task " + task);
      assertEquals(0, copy.get(task, Plane.R), "task " + task);
    }
  }

  @Test
  void clocksHandedOnFromTaskToTask_shareAllButTheChunkEachWrote() {
    // N tasks taking one lock in turn: each clock holds every earlier task
    VectorClock lock = new VectorClock();
    int tasks = 3000;
    VectorClock[] held = new VectorClock[tasks];
    for (int t = 0; t < tasks; t++) {
      VectorClock mine = new VectorClock();
      mine.join(lock);
      held[t] = mine;
      lock = mine.copy();
      lock.raise(Plane.index(t, Plane.W), 1);
    }
    for (int t = 0; t < tasks; t++) {
      assertEquals(t < tasks - 1 ? 1 : 0, held[tasks - 1].get(t, Plane.W), "task " + t);
      assertEquals(0, held[t].get(t, Plane.W), "task " + t);
      assertEquals(t > 0 ? 1 : 0, held[t].get(Math.max(0, t - 1), Plane.W), "task " + t);
    }
    assertEquals(1, lock.get(tasks - 1, Plane.W));
  }

  private static void run(long seed, int steps) {
    Random random = new Random(seed);
    VectorClock[] chunked = new VectorClock[CLOCKS];
    ModelClock[] model = new ModelClock[CLOCKS];
    for (int i = 0; i < CLOCKS; i++) {
      chunked[i] = new VectorClock();
      model[i] = new ModelClock();
    }
    for (int step = 0; step < steps; step++) {
      int i = random.nextInt(CLOCKS);
      int j = random.nextInt(CLOCKS);
      int task = TASKS[random.nextInt(TASKS.length)];
      int epoch = 1 + random.nextInt(EPOCHS);
      String op;
      switch (random.nextInt(9)) {
        case 0, 1 -> {
          int index = Plane.index(task, PREFIX[random.nextInt(PREFIX.length)]);
          op = "raise " + index + " " + epoch;
          chunked[i].raise(index, epoch);
          model[i].raise(index, epoch);
        }
        case 2, 3 -> {
          int index = Plane.index(task, EXACT[random.nextInt(EXACT.length)]);
          op = "addExact " + index + " " + epoch;
          chunked[i].addExact(index, epoch);
          model[i].addExact(index, epoch);
        }
        case 4 -> {
          op = "join " + j;
          chunked[i].join(chunked[j]);
          model[i].join(model[j]);
        }
        case 5 -> {
          int mask = withCoveringPlanes(random.nextInt(1 << Plane.COUNT));
          op = "joinPlanes " + j + " " + mask;
          chunked[i].joinPlanes(chunked[j], mask);
          model[i].joinPlanes(model[j], mask);
        }
        case 6 -> {
          op = "copy " + j;
          chunked[i] = chunked[j].copy();
          model[i] = model[j].copy();
        }
        case 7 -> {
          if (random.nextBoolean()) {
            op = "assign " + j;
            chunked[i].assign(chunked[j]);
            model[i].assign(model[j]);
          } else {
            op = "withoutTask " + j + " " + task;
            chunked[i] = chunked[j].withoutTask(task);
            model[i] = model[j].withoutTask(task);
          }
        }
        default -> {
          op = "promoteVisibleWrites";
          chunked[i].promoteVisibleWrites();
          model[i].promoteVisibleWrites();
        }
      }
      // every clock's entries (a shared chunk written shows in another clock), and the sets
      // of the one changed and, now and then, of all
      for (int k = 0; k < CLOCKS; k++) {
        assertSame(model[k], chunked[k], (k == i && step % 2 == 0) || step % 64 == 0, "seed " + seed + " step " + step
            + " (" + op + " into " + i + "), clock " + k);
      }
    }
  }

  /**
   * Adds to {@code mask} the prefix planes that cover its exact planes (VectorClock.joinPlanes: a
   * clock may leave out a member its prefix covers, so the two travel together).
   */
  private static int withCoveringPlanes(int mask) {
    if ((mask & 1 << Plane.S) != 0) {
      mask |= 1 << Plane.W | 1 << Plane.WX;
    }
    if ((mask & 1 << Plane.SX) != 0) {
      mask |= 1 << Plane.WX;
    }
    if ((mask & 1 << Plane.D) != 0) {
      mask |= 1 << Plane.R | 1 << Plane.M;
    }
    return mask;
  }

  private static void assertSame(ModelClock expected, VectorClock actual, boolean sets, String where) {
    for (int task : TASKS) {
      for (int plane = 0; plane < Plane.COUNT; plane++) {
        int index = Plane.index(task, plane);
        assertEquals(expected.get(index), actual.get(index), where + ", entry " + task + "." + plane);
      }
      for (int plane : sets ? EXACT : new int[0]) {
        int index = Plane.index(task, plane);
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
          // a member that a prefix plane covers may be left out of the clock's set
          assertEquals(expected.orders(index, epoch),
              actual.hasExact(index, epoch) || expected.covered(index, epoch),
              where + ", member " + task + "." + plane + "=" + epoch);
        }
      }
    }
  }
}
