package dev.slabrace.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.finding.Finding;
import dev.slabrace.finding.NoteCode;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A read of a granule crowded with other tasks' unnamed reads skips its walk (ReadCrowds): the
 * findings, in order, and the notes are those of the engine that walks, on crowds that reads,
 * re-reads by the same task, narrower reads, writes, locks, joins, evictions, frees and
 * reallocations keep changing.
 */
final class ReadCrowdShortcutTest {
  private static final long X = 0x1000;

  @Test
  void crowdedReadsReportAsTheWalkDoes() throws IOException {
    for (long seed = 1; seed <= 40; seed++) {
      Run walking = run(seed, false);
      Run skipping = run(seed, true);
      assertEquals(walking.findings, skipping.findings, "seed " + seed);
      assertEquals(walking.notes, skipping.notes, "seed " + seed);
    }
  }

  @Test
  void manyTasksReadingOneAddressAreNamedByTheWriteAfterThem() throws IOException {
    // 5,000 readers, none named before the store: the store names each once, then its reads
    int n = 5_000;
    TraceBuilder t = new TraceBuilder();
    for (int i = 1; i <= n; i++) {
      t.load(Integer.toString(i), X, 8, MemOrder.PLAIN, "reader+0x1/0x10");
    }
    t.store("0", X, 8, MemOrder.PLAIN, "writer+0x1/0x10");
    List<Finding> findings = Collect.analyze(t.source()).findings();
    assertEquals(n, findings.size());
    for (int i = 0; i < n; i++) {
      assertEquals(i, findings.get(i).first().id(), "reader " + i);
      assertEquals(n, findings.get(i).second().id());
    }
  }

  private record Run(List<Finding> findings, List<String> notes) {}

  private static Run run(long seed, boolean shortcut) throws IOException {
    List<Finding> findings = new ArrayList<>();
    Engine engine = Collect.replay(crowd(seed).source(), findings,
        e -> e.readCrowdShortcut(shortcut));
    List<String> notes = new ArrayList<>();
    engine.notes().forEach(n -> notes.add(n.toString()));
    if (seed == 1) {
      assertTrue(engine.notes().stream().anyMatch(n -> n.code() == NoteCode.EVICTED_CELLS),
          "the crowds also evict: " + notes);
    }
    return new Run(findings, notes);
  }

  /**
   * 2,000 events of 200 tasks on X's 8 bytes: mostly reads (plain or READ_ONCE, all 8 bytes or 4 of
   * them, some under a lock), with a store, a join, a free and reallocation of X's object now and
   * then, after 150 reads first.
   */
  private static TraceBuilder crowd(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    TraceBuilder t = new TraceBuilder();
    t.alloc("0", X, 64, "make+0x1/0x10");
    for (int i = 0; i < 2_000; i++) {
      String task = Integer.toString(1 + rnd.nextInt(i < 150 ? 150 : 200));
      int r = rnd.nextInt(200);
      if (i >= 150 && r < 6) {
        t.store(task, X, 8, rnd.nextBoolean() ? MemOrder.PLAIN : MemOrder.ONCE, "write+0x1/0x10");
      } else if (i >= 150 && r < 9) {
        t.child(Op.JOIN, "0", task);
      } else if (i >= 150 && r < 10) {
        t.free("0", X, "drop+0x1/0x10");
        t.alloc("0", X, 64, "make+0x1/0x10");
      } else if (r < 24) {
        t.lock(task, "L", false);
        t.load(task, X, 8, MemOrder.PLAIN, "locked+0x1/0x10");
        t.unlock(task, "L", false);
      } else {
        boolean narrow = r < 40;
        t.load(task, narrow ? X + 4 : X, narrow ? 4 : 8, r % 3 == 0 ? MemOrder.ONCE : MemOrder.PLAIN,
            "read+0x" + (r % 4) + "/0x10");
      }
    }
    return t;
  }
}
