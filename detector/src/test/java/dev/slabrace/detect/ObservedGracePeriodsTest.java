package dev.slabrace.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.detect.clock.VectorClock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * ObservedGracePeriods, which joins grace-period start clocks late, against joining them at once:
 * the observed set is every start seen so far, the ordered set every start seen before the last
 * section ended, whatever the order of observations, section ends and questions, and however many
 * starts overflow its list.
 */
class ObservedGracePeriodsTest {

  @Test
  void emptyUntilObserved() {
    ObservedGracePeriods g = new ObservedGracePeriods();
    assertNull(g.observed());
    assertTrue(g.noneOrdered());
    g.sectionEnded();
    assertTrue(g.noneOrdered());
    assertNull(g.ordered());
  }

  @Test
  void startSeenAfterTheLastSectionIsObservedButNotOrdered() {
    ObservedGracePeriods g = new ObservedGracePeriods();
    g.observe(start(0, 5));
    g.sectionEnded();
    g.observe(start(1, 7));
    assertEquals(List.of(5, 7), entries(g.observed(), 2));
    assertEquals(List.of(5, 0), entries(g.ordered(), 2));
    g.sectionEnded();
    assertEquals(List.of(5, 7), entries(g.ordered(), 2));
  }

  @Test
  void sameAsJoiningAtOnce() {
    for (long seed = 0; seed < 200; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      List<VectorClock> starts = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        starts.add(start(rnd.nextInt(6), 1 + rnd.nextInt(1000)));
      }
      ObservedGracePeriods late = new ObservedGracePeriods();
      VectorClock observed = new VectorClock();
      VectorClock ordered = new VectorClock();
      for (int step = 0; step < 120; step++) {
        int r = rnd.nextInt(10);
        if (r < 6) {
          VectorClock s = starts.get(rnd.nextInt(starts.size()));
          late.observe(s);
          observed.join(s);
        } else if (r < 8) {
          late.sectionEnded();
          ordered = observed.copy();
        } else if (r == 8) {
          assertEquals(entries(observed, 6), entries(late.observed(), 6), "seed " + seed);
        } else {
          assertEquals(entries(ordered, 6), entries(late.ordered(), 6), "seed " + seed);
        }
      }
      assertEquals(entries(observed, 6), entries(late.observed(), 6), "seed " + seed);
      assertEquals(entries(ordered, 6), entries(late.ordered(), 6), "seed " + seed);
    }
  }

  private static VectorClock start(int index, int value) {
    VectorClock c = new VectorClock();
    c.raise(index, value);
    return c;
  }

  private static List<Integer> entries(VectorClock c, int n) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(c == null ? 0 : c.get(i));
    }
    return out;
  }
}
