package dev.slabrace.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slabrace.finding.EngineNote;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.NoteCode;
import dev.slabrace.finding.TraceSummary;
import dev.slabrace.finding.WarningCode;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.FenceKind;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.Traces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --threads N}: the sharded engines find exactly what one engine finds, in the same order. */
final class ShardedAnalysisTest {
  private static final Path ROOT = Path.of(System.getProperty("slabrace.root", ".."));

  static Stream<Path> traces() throws IOException {
    List<Path> all = new ArrayList<>();
    try (Stream<Path> s = Files.list(ROOT.resolve("sample-traces"))) {
      s.filter(p -> p.toString().endsWith(".jsonl")).sorted().forEach(all::add);
    }
    try (Stream<Path> s = Files.list(ROOT.resolve("detector/src/test/resources/litmus"))) {
      s.filter(p -> p.toString().endsWith(".jsonl")).sorted().forEach(all::add);
    }
    return all.stream();
  }

  private static List<Finding> findings(Path trace, int threads) throws IOException {
    List<Finding> out = new ArrayList<>();
    try (EventSource source = Traces.open(trace, trace.getFileName().toString(), false)) {
      Detector.analyze(source, out::add, AnalysisOptions.DEFAULT.withThreads(threads));
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("traces")
  void sampleAndLitmusTraces_sameFindings(Path trace) throws IOException {
    List<Finding> one = findings(trace, 1);
    assertSame(one, findings(trace, 2), trace + ", threads 2");
    assertSame(one, findings(trace, 3), trace + ", threads 3");
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void generatedTraces_sameFindings(long seed) throws IOException {
    TraceBuilder one = generate(seed);
    List<Finding> expected = new ArrayList<>();
    TraceSummary r1 = Detector.analyze(one.source(), expected::add, AnalysisOptions.DEFAULT);
    for (int threads : new int[] {2, 3, 4}) {
      List<Finding> got = new ArrayList<>();
      TraceSummary rn = Detector.analyze(generate(seed).source(), got::add,
          AnalysisOptions.DEFAULT.withThreads(threads));
      assertSame(expected, got, "seed " + seed + ", threads " + threads);
      assertEquals(r1.warnings(), rn.warnings());
      assertEquals(r1.handoffs(), rn.handoffs());
      assertEquals(r1.events(), rn.events());
    }
  }

  @Test
  void crowdedGranules_sameFindingsAndNotes() throws IOException {
    // 4,000 tasks store to, and read, neighbouring words of two 64-byte blocks (owned by different
    // engines, or not): granules crowd with named cells, and each engine evicts in its own
    List<Finding> expected = new ArrayList<>();
    List<EngineNote> notes = Detector.analyze(crowded().source(), expected::add,
        AnalysisOptions.DEFAULT).engineNotes();
    assertEquals(NoteCode.EVICTED_CELLS, notes.get(1).code());
    for (int threads : new int[] {2, 3}) {
      List<Finding> got = new ArrayList<>();
      TraceSummary summary = Detector.analyze(crowded().source(), got::add,
          AnalysisOptions.DEFAULT.withThreads(threads));
      assertSame(expected, got, "threads " + threads);
      assertEquals(notes, summary.engineNotes(), "threads " + threads);
    }
  }

  /**
   * Loads of stores that a store ordered before them overwrote, in 32 blocks of granules: each
   * engine finds those of its own blocks, and the warnings are merged into the single engine's.
   */
  @Test
  void loadsOfOverwrittenStores_sameWarnings() throws IOException {
    TraceSummary one = Detector.analyze(overwritten().source(), f -> { }, AnalysisOptions.DEFAULT);
    assertEquals(32, one.warnings().stream()
        .filter(w -> w.code() == WarningCode.LOAD_OF_OVERWRITTEN_STORE).count());
    for (int threads : new int[] {2, 3}) {
      TraceSummary summary = Detector.analyze(overwritten().source(), f -> { },
          AnalysisOptions.DEFAULT.withThreads(threads));
      assertEquals(one.warnings(), summary.warnings(), "threads " + threads);
      assertEquals(one.engineNotes(), summary.engineNotes(), "threads " + threads);
    }
  }

  private static TraceBuilder overwritten() {
    TraceBuilder t = new TraceBuilder();
    for (int i = 0; i < 32; i++) {
      long x = 0x1000 + 64L * i;
      long first = t.store("0", x, 8, MemOrder.ONCE, "first+0x1/0x10");
      t.store("0", x, 8, MemOrder.PLAIN, "second+0x1/0x10");
      t.loadRf("0", x, 8, MemOrder.PLAIN, "load+0x1/0x10", first);
      t.plain(Op.RCU_READ_UNLOCK, "1"); // a warning every engine gives, between them
    }
    return t;
  }

  private static TraceBuilder crowded() {
    TraceBuilder t = new TraceBuilder();
    for (int i = 0; i < 4_000; i++) {
      String task = Integer.toString(i);
      long word = 0x1000 + 8 * (i % 12); // granules 0x200 to 0x20b: blocks 0x40 and 0x41
      t.store(task, word, i % 3 == 0 ? 8 : 4, MemOrder.PLAIN, "store+0x" + (i % 5) + "/0x10");
      t.load(task, word + 4, 8, i % 2 == 0 ? MemOrder.ONCE : MemOrder.PLAIN, "load+0x1/0x10");
      t.store(task, word, 8, MemOrder.ONCE, "once+0x1/0x10");
    }
    return t;
  }

  /** Fails with the first finding that differs, rather than two lists of thousands. */
  private static void assertSame(List<Finding> expected, List<Finding> actual, String what) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      assertEquals(expected.get(i), actual.get(i), what + ": finding " + i);
    }
    assertEquals(expected.size(), actual.size(), what + ": number of findings");
  }

  /**
   * A racy trace of 20,000 events: several tasks, mixed sizes, locks, fences, objects, loads that
   * name an older store in {@code rf}.
   */
  static TraceBuilder generate(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    TraceBuilder t = new TraceBuilder();
    long base = 0xffff888100000000L;
    boolean[] live = new boolean[64];
    boolean[] largeLive = new boolean[4];
    boolean[] inSection = new boolean[5];
    Map<Long, List<Long>> stores = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      String tid = Integer.toString(r.nextInt(5));
      if (r.nextInt(64) == 0) {
        // a read-side section left open for a while: findings wait for its end to be ordered
        int task = Integer.parseInt(tid);
        t.plain(inSection[task] ? Op.RCU_READ_UNLOCK : Op.RCU_READ_LOCK, tid);
        inSection[task] = !inSection[task];
      }
      int k = r.nextInt(100);
      // a quarter of the accesses land in the objects below, some of them freed, and some in the
      // first bytes of the large ones
      int where = r.nextInt(16);
      long addr = where < 4 ? base + 0x20000 + r.nextInt(256 * 64)
          : where < 6 ? base + 0x40000 + 0x4000L * r.nextInt(4) + r.nextInt(64)
          : base + r.nextInt(4096) + (r.nextBoolean() ? 0 : 8 * r.nextInt(64));
      int size = 1 << r.nextInt(4);
      MemOrder mo = k < 10 ? MemOrder.ONCE : k < 14 ? MemOrder.RELEASE : k < 18 ? MemOrder.ACQUIRE
          : MemOrder.PLAIN;
      List<Long> earlier = stores.get(addr);
      if (k < 50 && earlier != null && r.nextInt(4) == 0) {
        // a load that reads an older store to its address than the latest (rf): it reads before
        // the later ones in coherence
        t.loadRf(tid, addr, size, mo, "stale" + r.nextInt(20) + "+0x1/0x10",
            earlier.get(r.nextInt(earlier.size())));
      } else if (k < 50) {
        t.loadVal(tid, addr, size, mo, "load" + r.nextInt(20) + "+0x1/0x10", r.nextInt(4));
      } else if (k < 85) {
        stores.computeIfAbsent(addr, a -> new ArrayList<>()).add(
            t.storeVal(tid, addr, size, mo, "store" + r.nextInt(20) + "+0x1/0x10", r.nextInt(4)));
      } else if (k < 88) {
        t.rmw(tid, addr & ~7L, 8, MemOrder.FULL, "rmw+0x1/0x10");
      } else if (k < 91) {
        t.fence(tid, FenceKind.values()[r.nextInt(FenceKind.values().length)]);
      } else if (k < 95) {
        String lock = "L" + r.nextInt(3);
        t.lock(tid, lock, false);
        t.store(tid, base + 0x10000 + 8 * r.nextInt(16), 8, MemOrder.PLAIN, "locked+0x1/0x10");
        t.unlock(tid, lock, false);
      } else if (r.nextInt(5) == 0) {
        // a large object (over 4 KiB: a freed range), or 12 bytes at its address
        int j = r.nextInt(largeLive.length);
        long ptr = base + 0x40000 + 0x4000L * j + (j % 2) * 4;
        if (largeLive[j]) {
          t.free(tid, ptr, "kvfree+0x1/0x10");
        } else {
          t.allocIn(tid, ptr, r.nextBoolean() ? 4124 + 8 * r.nextInt(100) : 12, "kmalloc-large",
              "kvmalloc+0x1/0x10");
        }
        largeLive[j] = !largeLive[j];
      } else {
        int o = r.nextInt(live.length);
        // every third object starts inside a granule, every other one ends inside one
        long ptr = base + 0x20000 + 256L * o + (o % 3 == 0 ? 4 : 0);
        if (live[o]) {
          t.free(tid, ptr, "kfree+0x1/0x10");
        } else {
          t.allocIn(tid, ptr, 64 + 8 * r.nextInt(24) + (o % 2) * 3, "kmalloc-256",
              "kmalloc+0x1/0x10");
          t.storeVal(tid, ptr + 8 * r.nextInt(8), 8, MemOrder.PLAIN, "init+0x1/0x10", ptr);
        }
        live[o] = !live[o];
        if (r.nextInt(10) == 0) {
          t.plain(Op.RCU_READ_LOCK, tid);
          t.load(tid, ptr, 8, MemOrder.ONCE, "reader+0x1/0x10");
          t.plain(Op.RCU_READ_UNLOCK, tid);
        }
      }
    }
    return t;
  }
}
