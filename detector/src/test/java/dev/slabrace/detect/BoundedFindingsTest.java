package dev.slabrace.detect;

import static dev.slabrace.trace.MemOrder.PLAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slabrace.finding.EngineNote;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.NoteCode;
import dev.slabrace.finding.TraceResult;
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
    long folded = (long) n * (n - 1) / 2 - (n - 1);
    assertEquals(new EngineNote(NoteCode.FOLDED_RACES, folded), result.summary().engineNotes().get(0));
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
