package dev.slabrace.detect;

import static dev.slabrace.trace.MemOrder.ONCE;
import static dev.slabrace.trace.MemOrder.PLAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.finding.EngineNote;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.NoteCode;
import dev.slabrace.finding.TraceResult;
import dev.slabrace.trace.Op;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The bounded selection of race reports (AccessChecker's class comment) on the shapes that made
 * every-pair reporting quadratic: findings per access stay bounded, every racy access is named, the
 * folded pairs are counted in a note.
 */
final class BoundedFindingsTest {
  private static final long X = 0x1000;
  /** A task that joins the storing tasks before it reads X. */
  private static final String READER = "1000000";

  /** n tasks, one plain store each to X from one code location (ids 0..n-1). */
  private static TraceBuilder storesFromOneLocation(int n) {
    TraceBuilder t = new TraceBuilder();
    for (int i = 0; i < n; i++) {
      t.store(Integer.toString(i), X, 8, PLAIN, "store_x+0x4/0x10");
    }
    return t;
  }

  @Test
  void tenThousandTasksStoringToOneAddressGiveOneFindingPerLaterStore() throws IOException {
    int n = 10_000;
    TraceResult result = Collect.analyze(storesFromOneLocation(n).source());
    // each store reports the newest earlier store (its code location's newest racing cell); every
    // earlier store was named when it was itself checked
    assertEquals(n - 1, result.findings().size());
    for (int i = 0; i < n - 1; i++) {
      Finding f = result.findings().get(i);
      assertEquals(i, f.first().id());
      assertEquals(i + 1, f.second().id());
    }
    // each store races with every cell left in the granule and reports one; once the granule holds
    // CROWD cells, all named, it is cut to the newest KEEP (CrowdedGranules)
    long folded = 0;
    long evicted = 0;
    int cells = 0;
    for (int i = 0; i < n; i++) {
      folded += Math.max(0, cells - 1);
      cells++;
      if (cells > CrowdedGranules.CROWD) {
        evicted += cells - CrowdedGranules.KEEP;
        cells = CrowdedGranules.KEEP;
      }
    }
    assertEquals(List.of(new EngineNote(NoteCode.FOLDED_RACES, folded),
        new EngineNote(NoteCode.EVICTED_CELLS, evicted, CrowdedGranules.CROWD)),
        result.summary().engineNotes());
  }

  @Test
  void aGranuleCrowdedWithMarkedStoresEvictsTheNamedOnesToo() throws IOException {
    // n tasks each WRITE_ONCE X and then read it plainly: the reads fill the main list and race with
    // the marked stores, which fill a list of their own; both lists stay bounded, so nearly every
    // access but the newest of each list is evicted once named
    int n = 2_000;
    TraceBuilder t = new TraceBuilder();
    for (int i = 0; i < n; i++) {
      t.store(Integer.toString(i), X, 8, ONCE, "writer+0x1/0x10");
      t.load(Integer.toString(i), X, 8, PLAIN, "reader+0x1/0x10");
    }
    TraceResult result = Collect.analyze(t.source());
    // every store and read after the first task's races with the other tasks' accesses of the
    // other kind before it, all named already but the newest: one finding each
    assertEquals(2 * n - 2, result.findings().size());
    EngineNote evicted = result.summary().engineNotes().get(1);
    assertEquals(NoteCode.EVICTED_CELLS, evicted.code());
    assertTrue(evicted.count() >= 2L * (n - CrowdedGranules.CROWD), evicted::toString);
  }

  @Test
  void aCrowdedGranuleForgetsTheOldestNamedStoresAsFastTrackForgetsOlderWrites() throws IOException {
    // task 0 stores, then CROWD more tasks store racily: the granule is crowded and task 0's store,
    // named in the first finding, is evicted; a task that joins every store but task 0's then reads
    // X: it races with task 0's store alone, which is no longer there to report
    int n = CrowdedGranules.CROWD + 1;
    TraceBuilder t = storesFromOneLocation(n);
    for (int i = 1; i < n; i++) {
      t.child(Op.JOIN, READER, Integer.toString(i));
    }
    t.load(READER, X, 8, PLAIN, "reader+0x1/0x10");
    TraceResult result = Collect.analyze(t.source());
    assertEquals(n - 1, result.findings().size(), "the read is not reported");
    assertEquals(new EngineNote(NoteCode.EVICTED_CELLS, n - CrowdedGranules.KEEP,
        CrowdedGranules.CROWD), result.summary().engineNotes().get(1));
    // below the crowd, the same read is reported against task 0's store
    TraceBuilder few = storesFromOneLocation(3);
    few.child(Op.JOIN, READER, "1");
    few.child(Op.JOIN, READER, "2");
    few.load(READER, X, 8, PLAIN, "reader+0x1/0x10");
    List<Finding> reported = Collect.analyze(few.source()).findings();
    Finding last = reported.get(reported.size() - 1);
    assertEquals(0, last.first().id());
    assertEquals("reader+0x1/0x10", last.second().topFrame());
  }

  @Test
  void everyPairModeReportsTheSameEventsWithQuadraticallyManyPairs() throws IOException {
    int n = 300;
    List<Finding> every = EveryPair.analyze(storesFromOneLocation(n).source());
    List<Finding> chosen = Collect.analyze(storesFromOneLocation(n).source()).findings();
    assertEquals(n * (n - 1) / 2, every.size());
    assertEquals(n - 1, chosen.size());
    assertEquals(named(every), named(chosen));
  }

  @Test
  void twoCodeLocationsGiveAtMostTwoFindingsPerStore() throws IOException {
    int n = 1_000;
    TraceBuilder t = new TraceBuilder();
    for (int i = 0; i < n; i++) {
      t.store(Integer.toString(i), X, 8, PLAIN, i % 2 == 0 ? "even+0x1/0x10" : "odd+0x1/0x10");
    }
    List<Finding> findings = Collect.analyze(t.source()).findings();
    // the first later store races with one store, every other with the newest of each location
    assertEquals(1 + 2 * (n - 2), findings.size());
    Set<String> pairs = new TreeSet<>();
    findings.forEach(f -> pairs.add(f.first().topFrame() + " " + f.second().topFrame()));
    assertEquals(Set.of("even+0x1/0x10 odd+0x1/0x10", "odd+0x1/0x10 even+0x1/0x10",
        "even+0x1/0x10 even+0x1/0x10", "odd+0x1/0x10 odd+0x1/0x10"), pairs);
  }

  @Test
  void aWriteAfterManyUnorderedReadersNamesEachReaderOnce() throws IOException {
    int n = 500;
    TraceBuilder t = new TraceBuilder();
    for (int i = 0; i < n; i++) {
      t.load(Integer.toString(i), X, 8, PLAIN, "reader+0x1/0x10");
    }
    t.store(Integer.toString(n), X, 8, PLAIN, "writer+0x1/0x10");
    t.store(Integer.toString(n + 1), X, 8, PLAIN, "writer+0x1/0x10");
    List<Finding> findings = Collect.analyze(t.source()).findings();
    // the first write names every reader (none was named before); the second names the first write
    // and the newest reader only
    assertEquals(n + 2, findings.size());
    assertEquals(n + 2, named(findings).size());
  }

  private static Set<Long> named(List<Finding> findings) {
    Set<Long> out = new TreeSet<>();
    for (Finding f : findings) {
      out.add(f.first().id());
      out.add(f.second().id());
    }
    return out;
  }
}
