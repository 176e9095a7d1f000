package dev.slabrace.detect;

import static dev.slabrace.trace.MemOrder.ACQUIRE;
import static dev.slabrace.trace.MemOrder.FULL;
import static dev.slabrace.trace.MemOrder.ONCE;
import static dev.slabrace.trace.MemOrder.PLAIN;
import static dev.slabrace.trace.MemOrder.RELEASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.finding.AccessType;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.HandoffRow;
import dev.slabrace.finding.MissingEdge;
import dev.slabrace.finding.TraceResult;
import dev.slabrace.finding.Triage;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.RegionClass;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Naming what raced and whose fault it is: slab fields, obj_ext entries, objects, handoffs. */
final class TriageTest {
  private static final long SLAB = 0xffffea0004000000L;
  private static final long STRIDE = SLAB + 0x28;
  private static final long OBJ_EXTS = SLAB + 0x30;
  private static final long GLOBAL = 0xffffffff82000000L;
  private static final long OBJ = 0xffff888100a3c000L;
  private static final long EXTS = 0xffff888100b00000L;

  private static TraceBuilder slab() {
    TraceBuilder t = new TraceBuilder();
    t.region(STRIDE, 4, "slab->stride", RegionClass.SLAB_META);
    t.region(OBJ_EXTS, 8, "slab->obj_exts", RegionClass.SLAB_META);
    return t;
  }

  @Test
  void strideRace_isAllocatorInternal() throws IOException {
    TraceBuilder t = slab();
    t.allocIn("0", EXTS, 64, "kmalloc-64", "alloc_slab_obj_exts+0x40/0x2b0");
    long w = t.storeVal("0", STRIDE, 4, PLAIN, "alloc_slab_obj_exts+0x1a0/0x2b0", 16);
    t.add(Op.RMW, "0", e -> {
      e.addr = OBJ_EXTS;
      e.size = 8;
      e.mo = FULL;
      e.ip = 0;
      e.value = EXTS | 1;
      e.hasValue = true;
    });
    t.loadVal("1", OBJ_EXTS, 8, ONCE, "slab_obj_ext+0x10/0x40", EXTS | 1);
    long r = t.loadVal("1", STRIDE, 4, PLAIN, "slab_obj_ext+0x2e/0x40", 0);
    TraceResult result = Collect.analyze(t.source());
    assertEquals(1, result.findings().size());
    Finding f = result.findings().get(0);
    assertEquals(List.of(w, r), List.of(f.first().id(), f.second().id()));
    assertEquals("slab->stride", f.region());
    assertEquals("slab-meta", f.regionClass());
    assertEquals(Triage.ALLOCATOR_INTERNAL, f.triage());
    assertTrue(f.handoff().isEmpty());
  }

  @Test
  void objExtEntry_namedFromArrayAndStride() throws IOException {
    TraceBuilder t = slab();
    t.allocIn("0", EXTS, 128, "kmalloc-128", "alloc_slab_obj_exts+0x40/0x2b0");
    t.storeVal("0", STRIDE, 4, PLAIN, "alloc_slab_obj_exts+0x1a0/0x2b0", 16);
    t.add(Op.STORE, "0", e -> {
      e.addr = OBJ_EXTS;
      e.size = 8;
      e.mo = RELEASE;
      e.value = EXTS;
      e.hasValue = true;
    });
    t.store("0", EXTS + 5 * 16 + 8, 8, PLAIN, "__memcg_slab_post_alloc_hook+0x90/0x200");
    long r = t.load("1", EXTS + 5 * 16 + 8, 8, PLAIN, "__memcg_slab_free_hook+0x50/0x180");
    TraceResult result = Collect.analyze(t.source());
    Finding f = result.findings().get(0);
    assertEquals(r, f.second().id());
    assertEquals("slab->obj_exts[5]+0x8", f.region());
    assertEquals("obj-ext", f.regionClass());
  }

  /**
   * The object covering a racy address is found however many allocations and frees came before
   * (the index by address is brought up to date, or rebuilt, only when a finding needs it).
   */
  @Test
  void racyObjectField_namedAfterHeavyAllocatorChurn() throws IOException {
    TraceBuilder t = slab();
    long base = 0xffff888104000000L;
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 3000; i++) {
        long p = base + 64L * (i % 700);
        t.allocIn("0", p, 64, "kmalloc-64", "churn_alloc+0x10/0x40");
        t.free("0", p, "kfree+0x0/0x2a0");
      }
      long obj = base + 64L * (800 + round);
      t.allocIn("0", obj, 64, "kmalloc-64", "user_alloc+0x10/0x40");
      t.store("0", obj + 8, 8, PLAIN, "user_init+0x20/0x40");
      t.load("1", obj + 8, 8, PLAIN, "user_read+0x8/0x30");
    }
    TraceResult result = Collect.analyze(t.source());
    assertEquals(2, result.findings().size());
    assertEquals("kmalloc-64 object 0xffff88810400c800+0x8", result.findings().get(0).region());
    assertEquals("kmalloc-64 object 0xffff88810400c840+0x8", result.findings().get(1).region());
    assertEquals("object", result.findings().get(1).regionClass());
  }

  @Test
  void userPlainHandoff_blamesTheUsersStoreAndLoad() throws IOException {
    // stride set early and published to CPU 1 through the partial list lock; CPU 1 allocates an
    // object and hands it to CPU 2 by a plain store; CPU 2 frees it, reading slab->stride.
    TraceBuilder t = slab();
    t.storeVal("0", STRIDE, 4, PLAIN, "alloc_slab_obj_exts_early+0x30/0x90", 16);
    t.unlock("0", "n->list_lock", false);
    t.lock("1", "n->list_lock", false);
    t.unlock("1", "n->list_lock", false);
    long alloc = t.allocIn("1", OBJ, 64, "kmalloc-64", "user_alloc+0x10/0x40");
    long init = t.store("1", OBJ + 8, 8, PLAIN, "user_alloc+0x20/0x40");
    long store = t.storeVal("1", GLOBAL, 8, PLAIN, "user_publish+0x8/0x20", OBJ);
    long load = t.loadVal("2", GLOBAL, 8, PLAIN, "user_consume+0x8/0x30", OBJ);
    long stride = t.loadVal("2", STRIDE, 4, PLAIN, "slab_obj_ext+0x2e/0x40", 16);
    long free = t.free("2", OBJ, "kfree+0x0/0x2a0");
    TraceResult result = Collect.analyze(t.source());
    List<String> got = result.findings().stream()
        .map(f -> f.kind().wireName() + " " + f.first().id() + " " + f.second().id() + " "
            + f.region() + " " + f.triage().wireName())
        .toList();
    assertEquals(List.of(
        "data-race " + store + " " + load + " " + " ",
        "data-race 2 " + stride + " slab->stride user-handoff",
        "assert-race " + alloc + " " + free + " kmalloc-64 object 0xffff888100a3c000 user-handoff",
        "assert-race " + init + " " + free
            + " kmalloc-64 object 0xffff888100a3c000+0x8 user-handoff"), got);
    for (Finding f : result.findings().subList(1, 4)) {
      var h = f.handoff().orElseThrow();
      assertEquals(alloc, h.allocation().id());
      assertEquals(store, h.store().orElseThrow().id());
      assertEquals(load, h.load().orElseThrow().id());
      assertEquals(new MissingEdge(MissingEdge.Kind.NEITHER_ORDERED,
          f.second().type() == AccessType.FREE, "2",
          Optional.of(new MissingEdge.Pointer(PLAIN, "user_publish+0x8/0x20")),
          Optional.of(new MissingEdge.Pointer(PLAIN, "user_consume+0x8/0x30"))), h.missingEdge());
    }
  }

  @Test
  void releaseAcquireHandoff_isClean() throws IOException {
    TraceBuilder t = slab();
    t.storeVal("0", STRIDE, 4, PLAIN, "alloc_slab_obj_exts_early+0x30/0x90", 16);
    t.unlock("0", "n->list_lock", false);
    t.lock("1", "n->list_lock", false);
    t.unlock("1", "n->list_lock", false);
    t.allocIn("1", OBJ, 64, "kmalloc-64", "user_alloc+0x10/0x40");
    t.store("1", OBJ + 8, 8, PLAIN, "user_alloc+0x20/0x40");
    t.storeVal("1", GLOBAL, 8, RELEASE, "user_publish+0x8/0x20", OBJ);
    t.loadVal("2", GLOBAL, 8, ACQUIRE, "user_consume+0x8/0x30", OBJ);
    t.loadVal("2", STRIDE, 4, PLAIN, "slab_obj_ext+0x2e/0x40", 16);
    t.free("2", OBJ, "kfree+0x0/0x2a0");
    assertEquals(List.of(), Collect.analyze(t.source()).findings());
  }

  @Test
  void handoffTable_countsOrderedAndUnorderedCrossings() throws IOException {
    TraceBuilder t = new TraceBuilder();
    int objects = 1000;
    int expectUnordered = 0;
    for (int i = 0; i < objects; i++) {
      long ptr = OBJ + 64L * i;
      boolean crossed = i % 2 == 0;
      boolean ordered = i % 6 == 0;
      t.allocIn("0", ptr, 64, "kmalloc-64", "producer+0x10/0x40");
      t.storeVal("0", GLOBAL, 8, ordered ? RELEASE : ONCE, "producer+0x20/0x40", ptr);
      if (crossed) {
        t.loadVal("1", GLOBAL, 8, ordered ? ACQUIRE : ONCE, "consumer+0x8/0x30", ptr);
        t.free("1", ptr, "consumer+0x10/0x30");
        expectUnordered += ordered ? 0 : 1;
      } else {
        t.free("0", ptr, "producer+0x30/0x40");
      }
    }
    List<HandoffRow> rows = Collect.analyze(t.source()).summary().handoffs();
    assertEquals(List.of(new HandoffRow("producer+0x10/0x40", "consumer+0x10/0x30", 500,
        500 - expectUnordered, expectUnordered)), rows);
    assertEquals(333, expectUnordered);
  }

  @Test
  void objectContents_namedByCacheBaseAndOffset() throws IOException {
    TraceBuilder t = new TraceBuilder();
    t.allocIn("0", OBJ, 64, "kmalloc-64", "a+0x1/0x10");
    t.store("0", OBJ + 0x10, 8, PLAIN, "a+0x2/0x10");
    t.store("0", GLOBAL, 8, MemOrder.RELEASE, "a+0x3/0x10");
    t.load("1", GLOBAL, 8, ACQUIRE, "b+0x1/0x10");
    t.store("1", OBJ + 0x10, 8, PLAIN, "b+0x2/0x10");
    t.store("2", OBJ + 0x10, 8, PLAIN, "c+0x1/0x10");
    Finding f = Collect.analyze(t.source()).findings().get(0);
    assertEquals("kmalloc-64 object 0xffff888100a3c000+0x10", f.region());
    assertEquals("object", f.regionClass());
  }
}
