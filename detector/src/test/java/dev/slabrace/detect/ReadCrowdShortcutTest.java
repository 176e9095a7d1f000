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
  void pollersReportAsTheWalkDoes() throws IOException {
    for (long seed = 1; seed <= 12; seed++) {
      Run walking = run(polling(seed), false);
      Run skipping = run(polling(seed), true);
      assertEquals(walking.findings, skipping.findings, "seed " + seed);
      assertEquals(walking.notes, skipping.notes, "seed " + seed);
      assertTrue(walking.findings.size() > 0, "seed " + seed + ": the crowd is written to");
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

  private record Run(List<Finding> findings, List<String> notes, boolean evicted) {}

  private static Run run(long seed, boolean shortcut) throws IOException {
    Run run = run(crowd(seed), shortcut);
    if (seed == 1) {
      assertTrue(run.evicted, "the crowds also evict: " + run.notes);
    }
    return run;
  }

  private static Run run(TraceBuilder trace, boolean shortcut) throws IOException {
    List<Finding> findings = new ArrayList<>();
    Engine engine = Collect.replay(trace.source(), findings, e -> e.readCrowdShortcut(shortcut));
    List<String> notes = new ArrayList<>();
    engine.notes().forEach(n -> notes.add(n.toString()));
    return new Run(findings, notes,
        engine.notes().stream().anyMatch(n -> n.code() == NoteCode.EVICTED_CELLS));
  }

  /**
   * 6,000 events of 70 tasks that poll X, each many times more than the loads a task remembers for
   * dependencies (so that its older READ_ONCE cells come to stand for one another): READ_ONCE
   * mostly, plain and narrower reads now and then, a WRITE_ONCE to Y whose data depends on the
   * task's last load of X (its cell can no longer stand for older ones), and once in a while a
   * plain store to X.
   */
  private static TraceBuilder polling(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    TraceBuilder t = new TraceBuilder();
    long[] lastLoad = new long[71];
    for (int i = 0; i < 6_000; i++) {
      int task = 1 + rnd.nextInt(70);
      String tid = Integer.toString(task);
      int r = rnd.nextInt(400);
      if (i >= 300 && r < 2) {
        t.store(tid, X, 8, MemOrder.PLAIN, "clear+0x1/0x10");
      } else if (r < 12 && lastLoad[task] != 0) {
        t.storeData(tid, X + 64, 8, MemOrder.ONCE, "publish+0x1/0x10", lastLoad[task] - 1);
      } else if (r < 40) {
        boolean narrow = r < 25;
        t.load(tid, narrow ? X + 4 : X, narrow ? 4 : 8, MemOrder.PLAIN, "peek+0x1/0x10");
      } else {
        lastLoad[task] = 1 + t.load(tid, X, 8, MemOrder.ONCE, "poll+0x" + (r % 3) + "/0x10");
      }
    }
    return t;
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
