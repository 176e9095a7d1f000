package dev.slabrace.detect.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.trace.FenceKind;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link LkmmOracle}, linux-kernel.cat evaluated directly, against the litmus suite's verdicts: on
 * every litmus trace it can judge (loads, stores, RMWs, fences, dependencies, exclusive locks; no
 * RCU, allocator or task events, no partial overlaps, no rf fields), the pairs each trace expects
 * are racing pairs of the model and name the same later accesses (the suite writes pairs as the
 * engine reports them: an earlier access that a later one of its task covers is reported through
 * that one). The suite's verdicts were checked with herd7 (its README); this test checks that the
 * oracle reads the cat as herd7 does, so that {@link LkmmOracleSweep} can judge random traces.
 */
final class LkmmOracleTest {
  @Test
  void theOracleGivesTheLitmusSuitesVerdicts() throws IOException {
    List<String> wrong = new ArrayList<>();
    int judged = judge("litmus", wrong);
    assertTrue(judged >= 150, "the oracle judged only " + judged + " litmus traces");
    assertEquals(List.of(), wrong);
  }

  @Test
  void theOracleGivesTheKnownDisagreementsTheirLkmmVerdicts() throws IOException {
    // litmus-disagreements/ holds the LKMM's verdicts on traces where the engine departs from it,
    // none while the engine agrees on every trace found so far (its README keeps their history)
    List<String> wrong = new ArrayList<>();
    judge("litmus-disagreements", wrong);
    assertEquals(List.of(), wrong);
  }

  /** Judges every trace of resource directory {@code dirName} the oracle can; returns how many. */
  private static int judge(String dirName, List<String> wrong) throws IOException {
    URL url = LkmmOracleTest.class.getClassLoader().getResource(dirName);
    assertNotNull(url, dirName + " (detector/src/test/resources) is not on the class path");
    Path dir;
    try {
      dir = Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    int judged = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path path : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
        String text = Files.readString(path);
        List<Ev> trace = Ev.parseJsonLines(text);
        if (!LkmmOracle.supports(trace) || locationProblem(trace) != null || !racesOnly(text)) {
          continue;
        }
        judged++;
        Set<List<Long>> expected = expectedRaces(text);
        Set<List<Long>> model = LkmmOracle.races(trace);
        // a trace whose lkmm line says forbidden shows an execution the model rules out (its
        // expect lines are what the engine reports of it, on which the model says nothing)
        boolean forbidden = text.contains("# lkmm: forbidden");
        if (model == null) {
          if (!forbidden) {
            wrong.add(path.getFileName() + ": linux-kernel.cat forbids its execution");
          }
        } else if (forbidden) {
          wrong.add(path.getFileName() + ": linux-kernel.cat allows its execution, giving " + model);
        } else if (!agree(model, expected)) {
          wrong.add(path.getFileName() + ": expects " + expected + ", linux-kernel.cat gives "
              + model);
        }
      }
    }
    return judged;
  }

  @Test
  void aCoherenceOrderingIsSeenOnlyWithCoherence() {
    // 2+2W-like: r0 = 0 (fre) then smp_mb: with prop's (overwrite & ext), x = 1 before r1 = x
    List<Ev> sb = List.of(
        store(0, "0", 0x1000, MemOrder.PLAIN),
        Ev.fence(1, "0", FenceKind.MB),
        load(2, "0", 0x1040, MemOrder.ONCE, -1, -1),
        store(3, "1", 0x1040, MemOrder.ONCE),
        Ev.fence(4, "1", FenceKind.MB),
        load(5, "1", 0x1080, MemOrder.ONCE, -1, -1),
        Ev.fence(6, "1", FenceKind.RMB),
        load(7, "1", 0x1000, MemOrder.PLAIN, -1, -1));
    assertEquals(Set.of(), LkmmOracle.races(sb));
    assertEquals(Set.of(List.of(0L, 7L)), LkmmOracle.racesWithoutCoherence(sb));
  }

  /** The racing pairs a litmus trace's {@code # expect: race A B} lines give. */
  static Set<List<Long>> expectedRaces(String text) {
    Set<List<Long>> out = new TreeSet<>(LkmmOracle.PAIRS);
    for (String line : text.split("\n")) {
      if (line.startsWith("# expect: race ")) {
        String[] ids = line.substring("# expect: race ".length()).trim().split("\\s+");
        out.add(List.of(Long.parseLong(ids[0]), Long.parseLong(ids[1])));
      }
    }
    return out;
  }

  /** Whether the trace expects races or nothing: no use-after-free or double free. */
  static boolean racesOnly(String text) {
    return !text.contains("# expect: uaf") && !text.contains("# expect: double-free");
  }

  /**
   * Why the trace's locations are not whole (accesses to one address of different sizes, or ranges
   * that overlap), or null if they are: LkmmOracle and herd7 (HerdLitmus) take a location as one
   * unit.
   */
  static String locationProblem(List<Ev> trace) {
    Map<Long, Long> sizes = new TreeMap<>();
    for (Ev e : trace) {
      if (e.isAccess()) {
        Long old = sizes.put(e.addr(), e.size());
        if (old != null && old != e.size()) {
          return "mixed-size accesses at 0x" + Long.toHexString(e.addr());
        }
      }
    }
    long end = Long.MIN_VALUE;
    for (Map.Entry<Long, Long> r : sizes.entrySet()) {
      if (r.getKey() < end) {
        return "overlapping accesses at 0x" + Long.toHexString(r.getKey());
      }
      end = r.getKey() + r.getValue();
    }
    return null;
  }

  /**
   * Whether the engine's (or a trace's expected) pairs are racing pairs of the model and name the
   * same later accesses.
   */
  static boolean agree(Set<List<Long>> model, Set<List<Long>> engine) {
    return model.containsAll(engine) && later(model).equals(later(engine));
  }

  /** The later accesses that racing pairs name. */
  static Set<Long> later(Set<List<Long>> pairs) {
    Set<Long> out = new TreeSet<>();
    pairs.forEach(p -> out.add(p.get(1)));
    return out;
  }

  private static Ev load(long id, String tid, long addr, MemOrder mo, long dep, long ctrl) {
    return Ev.access(id, Op.LOAD, tid, addr, 8, mo, true, dep, ctrl, -1);
  }

  private static Ev store(long id, String tid, long addr, MemOrder mo) {
    return Ev.access(id, Op.STORE, tid, addr, 8, mo, true, -1, -1, -1);
  }
}
