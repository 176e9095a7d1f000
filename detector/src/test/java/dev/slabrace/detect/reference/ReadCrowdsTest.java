package dev.slabrace.detect.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.detect.EveryPair;
import dev.slabrace.detect.reference.ReferenceEngine.RefFinding;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Granules crowded with reads of many tasks (the engine's ReadCrowds lets a read of a task with no
 * cell there skip the walk): every-pair mode's findings agree with the reference engine's (the
 * differential test's comparison) while reads, re-reads, narrower reads, writes, locks and joins
 * come and go.
 */
final class ReadCrowdsTest {
  private static final long X = 0x1000;

  @Test
  void crowdedReadsGiveTheReferencePairs() throws IOException {
    for (long seed = 1; seed <= 30; seed++) {
      List<Ev> trace = crowd(seed);
      Set<RefFinding> every = Differential.asRef(EveryPair.analyze(new EvSource(trace)));
      Differential.Outcome outcome = Differential.compare(trace, every, Set.of());
      assertTrue(outcome.agree(), "seed " + seed + ": " + outcome.difference() + "\n"
          + Differential.jsonLines(trace));
    }
  }

  /**
   * 150 tasks, most of them reading X's 8 bytes (or 4 of them) once or a few times, plainly or with
   * READ_ONCE, some inside a lock; a write every so often, after 100 reads first, and tasks joined
   * by task 0 now and then.
   */
  private static List<Ev> crowd(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Ev> trace = new ArrayList<>();
    long id = 1;
    for (int i = 0; i < 600; i++) {
      String task = Integer.toString(1 + rnd.nextInt(i < 100 ? 100 : 150));
      int r = rnd.nextInt(100);
      if (i >= 100 && r < 4) {
        MemOrder mo = rnd.nextBoolean() ? MemOrder.PLAIN : MemOrder.ONCE;
        trace.add(Ev.access(id++, Op.STORE, task, X, 8, mo, true, -1, -1, -1));
      } else if (i >= 100 && r < 6) {
        trace.add(Ev.child(id++, Op.JOIN, "0", task));
      } else if (r < 12) {
        trace.add(Ev.keyed(id++, Op.LOCK, task, "L", false));
        trace.add(Ev.access(id++, Op.LOAD, task, X, 8, MemOrder.PLAIN, true, -1, -1, -1));
        trace.add(Ev.keyed(id++, Op.UNLOCK, task, "L", false));
      } else {
        boolean narrow = r < 20;
        MemOrder mo = r % 3 == 0 ? MemOrder.ONCE : MemOrder.PLAIN;
        trace.add(Ev.access(id++, Op.LOAD, task, narrow ? X + 4 : X, narrow ? 4 : 8, mo, true, -1,
            -1, -1));
      }
    }
    trace.add(Ev.access(id, Op.LOAD, "0", X, 8, MemOrder.PLAIN, true, -1, -1, -1));
    return trace;
  }
}
