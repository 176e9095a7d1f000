package dev.slabrace.detect;

import static dev.slabrace.trace.MemOrder.PLAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.finding.Finding;
import dev.slabrace.finding.TraceResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Objects above {@link HeapTracker#LARGE_GRANULES} take the path without per-granule work: they must
 * give the findings the per-granule path gives, in time and memory that do not grow with their size.
 */
final class LargeObjectTest {
  private static final long OBJ = 0xffff888100a30000L;
  /** The largest object on the per-granule path, and the smallest past it. */
  private static final long SMALL = HeapTracker.LARGE_GRANULES * 8;
  private static final long LARGE = SMALL + 8;

  /** Accesses, a free, use after free, and a reallocation of part of the freed bytes. */
  private static List<String> scenario(long size) throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.alloc("0", OBJ, size, "a+0x1/0x10");
    t.store("1", OBJ + 8, 8, PLAIN, "b+0x1/0x10");
    t.load("2", OBJ + 4000, 8, PLAIN, "c+0x1/0x10");
    t.free("0", OBJ, "a+0x2/0x10");
    t.load("1", OBJ + 16, 8, PLAIN, "b+0x2/0x10");
    t.alloc("3", OBJ + 1024, 64, "d+0x1/0x10");
    t.store("3", OBJ + 1024, 8, PLAIN, "d+0x2/0x10");
    t.load("3", OBJ + 2044, 8, PLAIN, "d+0x3/0x10");
    t.free("3", OBJ + 1024, "d+0x4/0x10");
    t.store("1", OBJ + 1028, 4, PLAIN, "b+0x3/0x10");
    t.alloc("2", OBJ, 16, "c+0x2/0x10");
    t.store("2", OBJ + 4, 4, PLAIN, "c+0x3/0x10");
    t.store("2", OBJ + 24, 4, PLAIN, "c+0x4/0x10");
    TraceResult result = Collect.analyze(t.source());
    List<String> found = new ArrayList<>();
    for (Finding f : result.findings()) {
      found.add(f.kind().wireName() + " " + f.first().id() + " " + f.second().id() + " "
          + Long.toHexString(f.addr()));
    }
    return found;
  }

  @Test
  void largeObject_sameFindingsAsPerGranulePath() throws IOException {
    List<String> small = scenario(SMALL);
    assertEquals(List.of("assert-race 1 3 ffff888100a30008", "assert-race 2 3 ffff888100a30fa0",
        "use-after-free 3 4 ffff888100a30010", "use-after-free 3 7 ffff888100a307fc",
        "use-after-free 8 9 ffff888100a30404", "use-after-free 3 12 ffff888100a30018"), small);
    assertEquals(small, scenario(LARGE));
  }

  @Test
  void hugeObject_boundedTimeAndMemory() {
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      TraceBuilder t = new TraceBuilder();
      long huge = 1L << 40;
      t.alloc("0", 0x1000, huge, "a+0x1/0x10");
      t.store("1", 0x1000 + (huge >>> 1), 8, PLAIN, "b+0x1/0x10");
      long free = t.free("0", 0x1000, "a+0x2/0x10");
      long use = t.load("1", 0x1000 + huge - 8, 8, PLAIN, "b+0x2/0x10");
      t.alloc("2", 0x1000 + 4096, huge - 8192, "c+0x1/0x10");
      long edge = t.load("2", 0x1000, 8, PLAIN, "c+0x2/0x10");
      List<Finding> findings = new ArrayList<>();
      Engine engine = Collect.replay(t.source(), findings);
      List<String> kinds = findings.stream()
          .map(f -> f.kind().wireName() + " " + f.first().id() + " " + f.second().id()).toList();
      assertEquals(List.of("assert-race 1 " + free, "use-after-free " + free + " " + use,
          "use-after-free " + free + " " + edge), kinds);
      assertTrue(engine.liveShadowCells() < 16, "cells " + engine.liveShadowCells());
    });
  }
}
