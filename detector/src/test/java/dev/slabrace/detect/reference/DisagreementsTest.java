package dev.slabrace.detect.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slabrace.detect.reference.ReferenceEngine.Deviation;
import dev.slabrace.detect.reference.ReferenceEngine.RefFinding;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The disagreements the differential test found between the fast engine and the reference, one
 * minimal trace each (as shrunk from a generated trace, in the contract's JSON Lines), with the
 * findings the documented semantics give and the findings the engine gives today.
 *
 * <p>Every case is fixed in the engine, and its test holds the engine to the documented findings;
 * {@link DifferentialTest} accepts none of them. The reference keeps each {@link Deviation} so that
 * a new disagreement can be told apart from an old one coming back; the other tests pin the
 * reference's verdict on each trace and what each emulated deviation does.
 */
final class DisagreementsTest {

  /** A minimal disagreement: the deviation it showed, its trace, the right findings and the engine's before its fix. */
  private record Case(Deviation deviation, String trace, Set<String> expected, Set<String> engineBefore) {
    List<Ev> events() {
      return Ev.parseJsonLines(trace);
    }
  }

  /**
   * A later marked store of the same task drops the earlier one's shadow cell, but S covers only the
   * exact store read: the acquire reads store 1, so store 0 is not visible to the plain load (LKMM:
   * (0,3) is in co;rf and no cumul-fence or rfe starts at 0, so wr-vis fails: a data race).
   */
  private static final Case DOMINATED = new Case(Deviation.DROP_DOMINATED, """
      {"id":0,"op":"store","tid":"0","addr":"0x2000","size":8,"mo":"release"}
      {"id":1,"op":"store","tid":"0","addr":"0x2000","size":8,"mo":"once"}
      {"id":2,"op":"load","tid":"1","addr":"0x2000","size":8,"mo":"acquire"}
      {"id":3,"op":"load","tid":"1","addr":"0x2000","size":8,"mo":"plain"}
      """, Set.of("data-race 0 3 0x2000+8"), Set.of());

  /**
   * The plain store 3 is ordered after store 0 by its address dependency on the flag load, so the
   * engine drops store 0's cell (FastTrack's write rule); but the plain load 4 has no dependency and
   * the flag's clock was never applied (no rmb, no acquire), so store 0 is not visible to it (LKMM:
   * r-pre-bounded(2,4) fails without addr or a fence: a data race).
   */
  private static final Case ORDERED_BY_WRITE = new Case(Deviation.DROP_ORDERED_BY_PLAIN_WRITE, """
      {"id":0,"op":"store","tid":"0","addr":"0x100c","size":4,"mo":"plain"}
      {"id":1,"op":"rmw","tid":"0","addr":"0x2008","size":8,"mo":"release"}
      {"id":2,"op":"load","tid":"1","addr":"0x2008","size":8,"mo":"once"}
      {"id":3,"op":"store","tid":"1","addr":"0x100c","size":4,"mo":"plain","dep":2}
      {"id":4,"op":"load","tid":"1","addr":"0x100c","size":4,"mo":"plain"}
      """, Set.of("data-race 0 4 0x100c+4"), Set.of());

  /**
   * The full RMW 3 reads store 0 directly, with acquire semantics and a strong fence after it, so the
   * plain load 4 is ordered after store 0 (LKMM: 0 rfe 3 ; mb ; 4 is wr-vis). The engine kept one S
   * epoch per writer, the newest: store 1, read relaxed earlier, hid store 0 (before S became a set).
   */
  private static final Case LOSSY_S = new Case(Deviation.LOSSY_S, """
      {"id":0,"op":"store","tid":"0","addr":"0x1010","size":8,"mo":"once"}
      {"id":1,"op":"store","tid":"0","addr":"0x2000","size":8,"mo":"once"}
      {"id":2,"op":"load","tid":"1","addr":"0x2000","size":8,"mo":"relaxed"}
      {"id":3,"op":"rmw","tid":"1","addr":"0x1010","size":8,"mo":"full"}
      {"id":4,"op":"load","tid":"1","addr":"0x1010","size":8,"mo":"plain"}
      """, Set.of(), Set.of("data-race 0 4 0x1010+8"));

  /**
   * Store 2 touches the freed byte 0x1027 and the live bytes 0x1028..0x102a; the engine stops
   * recording it at the freed granule, so the unordered load 3 does not race with it on the live
   * bytes.
   */
  private static final Case UAF_RECORDING = new Case(Deviation.UAF_STOPS_RECORDING, """
      {"id":0,"op":"alloc","tid":"0","ptr":"0x1018","size":16}
      {"id":1,"op":"free","tid":"0","ptr":"0x1018"}
      {"id":2,"op":"store","tid":"0","addr":"0x1027","size":4,"mo":"plain"}
      {"id":3,"op":"load","tid":"1","addr":"0x1027","size":4,"mo":"plain"}
      """, Set.of("use-after-free 1 2 0x1027+1", "use-after-free 1 3 0x1027+1",
          "data-race 2 3 0x1028+3"),
      Set.of("use-after-free 1 2 0x1027+1", "use-after-free 1 3 0x1027+1"));

  /**
   * The allocation resets the bytes 0x1018.. of the earlier load; the race is on 0x1016..0x1017 only
   * ("addr and size give the bytes that conflict"), the engine reports all four bytes.
   */
  private static final Case WIDE = new Case(Deviation.WIDE_BYTES, """
      {"id":0,"op":"load","tid":"1","addr":"0x1016","size":4,"mo":"plain"}
      {"id":1,"op":"alloc","tid":"1","ptr":"0x1018","size":8}
      {"id":2,"op":"store","tid":"0","addr":"0x1016","size":4,"mo":"plain"}
      """, Set.of("data-race 0 2 0x1016+2"), Set.of("data-race 0 2 0x1016+4"));

  /**
   * Store 3 carries a data dependency from load 2, store 1 from load 0; task 2 acquires both, so
   * both loads are ordered before the plain store 6 (LKMM: 0 ->data-> 1 ->rfe-> 4 ->acq-po-> 6 is
   * rw-xbstar). The engine kept one D epoch per task, the newest: load 2's hid load 0 (before D
   * became a set).
   */
  private static final Case LOSSY_D = new Case(Deviation.LOSSY_D, """
      {"id":0,"op":"load","tid":"1","addr":"0x2000","size":8,"mo":"once"}
      {"id":1,"op":"store","tid":"1","addr":"0x2008","size":8,"mo":"once","data":0}
      {"id":2,"op":"load","tid":"1","addr":"0x2010","size":8,"mo":"once"}
      {"id":3,"op":"store","tid":"1","addr":"0x2018","size":8,"mo":"once","data":2}
      {"id":4,"op":"load","tid":"2","addr":"0x2008","size":8,"mo":"acquire"}
      {"id":5,"op":"load","tid":"2","addr":"0x2018","size":8,"mo":"acquire"}
      {"id":6,"op":"store","tid":"2","addr":"0x2000","size":8,"mo":"plain"}
      """, Set.of(), Set.of("data-race 0 6 0x2000+8"));

  /**
   * Only load 1 is ordered before the plain store 4 (its data dependency into store 2, read by the
   * acquire 3); load 0 is not (LKMM: no ppo from 0 to 2, so rw-xbstar fails: a data race). The
   * engine dropped load 0's cell when load 1 of the same task read the same bytes (now only a read
   * cell that no dependency can order alone stands for the earlier reads).
   */
  private static final Case DOMINATED_READS = new Case(Deviation.DOMINATED_MARKED_READS, """
      {"id":0,"op":"load","tid":"1","addr":"0x2000","size":8,"mo":"once"}
      {"id":1,"op":"load","tid":"1","addr":"0x2000","size":8,"mo":"once"}
      {"id":2,"op":"store","tid":"1","addr":"0x2008","size":8,"mo":"once","data":1}
      {"id":3,"op":"load","tid":"2","addr":"0x2008","size":8,"mo":"acquire"}
      {"id":4,"op":"store","tid":"2","addr":"0x2000","size":8,"mo":"plain"}
      """, Set.of("data-race 0 4 0x2000+8"), Set.of());

  /**
   * Store 1 covers the 12-byte object's last four bytes and four beyond it. The free resets the
   * object's bytes only, so the unordered load 3 races with the store on 0x100c..0x100f; the engine
   * removed the store's whole cell of that granule at the free.
   */
  private static final Case RESET_CELLS = new Case(Deviation.RESET_WHOLE_CELLS, """
      {"id":0,"op":"alloc","tid":"3","ptr":"0x1000","size":12}
      {"id":1,"op":"store","tid":"2","addr":"0x1008","size":8,"mo":"plain"}
      {"id":2,"op":"free","tid":"3","ptr":"0x1000"}
      {"id":3,"op":"load","tid":"0","addr":"0x1008","size":8,"mo":"plain"}
      """, Set.of("assert-race 1 2 0x1008+4", "use-after-free 2 3 0x1008+4",
          "data-race 1 3 0x100c+4"),
      Set.of("assert-race 1 2 0x1008+4", "use-after-free 2 3 0x1008+4"));

  private static final List<Case> CASES = List.of(DOMINATED, ORDERED_BY_WRITE, LOSSY_S, UAF_RECORDING,
      WIDE, LOSSY_D, DOMINATED_READS, RESET_CELLS);

  private static Set<String> strings(Set<RefFinding> findings) {
    Set<String> out = new TreeSet<>();
    findings.forEach(f -> out.add(f.toString()));
    return out;
  }

  private static void assertEngine(Case c) {
    assertEquals(new TreeSet<>(c.expected()), strings(Differential.fast(c.events())),
        c.deviation() + "\n" + c.trace());
  }

  @Test
  void referenceGivesTheDocumentedFindings() {
    for (Case c : CASES) {
      assertEquals(new TreeSet<>(c.expected()), strings(ReferenceEngine.analyze(c.events())),
          c.deviation() + "\n" + c.trace());
    }
  }

  @Test
  void eachDeviationReproducesTheEngineOnItsCase() {
    for (Case c : CASES) {
      assertEquals(new TreeSet<>(c.engineBefore()),
          strings(ReferenceEngine.analyze(c.events(), Set.of(c.deviation()))),
          c.deviation() + "\n" + c.trace());
    }
  }

  @Test
  void everyDeviationHasACase() {
    Set<Deviation> covered = new TreeSet<>();
    CASES.forEach(c -> covered.add(c.deviation()));
    assertEquals(Set.of(Deviation.values()), covered);
  }

  @Test
  void laterMarkedStoreDoesNotHideEarlierOne() {
    assertEngine(DOMINATED);
  }

  @Test
  void writeOrderedByDependencyDoesNotHideEarlierWrite() {
    assertEngine(ORDERED_BY_WRITE);
  }

  @Test
  void storeReadDirectlyStaysVisible() {
    assertEngine(LOSSY_S);
  }

  @Test
  void dependencyOrderedLoadStaysOrdered() {
    assertEngine(LOSSY_D);
  }

  @Test
  void laterDependencyOrderedLoadDoesNotHideEarlierOne() {
    assertEngine(DOMINATED_READS);
  }

  @Test
  void partlyFreedAccessStillRacesOnLiveBytes() {
    assertEngine(UAF_RECORDING);
  }

  @Test
  void findingBytesExcludeResetBytes() {
    assertEngine(WIDE);
  }

  @Test
  void accessReachingPastAFreedObjectKeepsItsOtherBytes() {
    assertEngine(RESET_CELLS);
  }
}
