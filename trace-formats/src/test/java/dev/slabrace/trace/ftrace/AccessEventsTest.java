package dev.slabrace.trace.ftrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.RegionClass;
import dev.slabrace.trace.TraceFormatException;
import dev.slabrace.trace.ftrace.Decoded.Ev;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loads and stores users add: slab_access lines (tracepoint or trace_printk) and kprobes. */
final class AccessEventsTest {
  private static final String RMW = " kworker/u4:1-25   [001] d..1.  3.977161: slab_access:"
      + " slab=ffeb70e4804b2080 field=obj_exts op=X size=8 order=full addr=ffeb70e4804b20b8"
      + " val=0xff2979858215f001 cache=kmalloc-64 ip=alloc_slab_obj_exts+0x1a4/0x2b0\n";
  private static final String LOAD = "       ls-212      [000] .....  3.977190: slab_access:"
      + " slab=ffeb70e4804b2080 field=stride op=R size=4 order=plain addr=ffeb70e4804b2094"
      + " val=0x10 cache=kmalloc-64 ip=slab_obj_ext+0x2e/0x40\n";

  @Test
  void slabAccess_rmwAndLoadWithTheirRegions() throws IOException {
    Decoded d = Decoded.of(RMW + LOAD);
    assertEquals(List.of(Op.REGION, Op.RMW, Op.REGION, Op.LOAD),
        d.events().stream().map(Ev::op).toList());
    Ev region = d.events().get(0);
    assertNull(region.tid());
    assertEquals(0xffeb70e4804b20b8L, region.addr());
    assertEquals(8, region.size());
    assertEquals("slab->obj_exts", region.region());
    assertEquals(RegionClass.SLAB_META, region.regionClass());
    Ev rmw = d.events().get(1);
    assertEquals("25", rmw.tid());
    assertEquals(1, rmw.cpu());
    assertEquals(0xffeb70e4804b20b8L, rmw.addr());
    assertEquals(8, rmw.size());
    assertEquals(MemOrder.FULL, rmw.mo());
    assertEquals(0xff2979858215f001L, rmw.value());
    assertNull(rmw.old());
    assertEquals("alloc_slab_obj_exts+0x1a4/0x2b0", rmw.ip());
    Ev load = d.events().get(3);
    assertEquals("212", load.tid());
    assertEquals(MemOrder.PLAIN, load.mo());
    assertEquals(4, load.size());
    assertEquals(0x10L, load.value());
    assertEquals("slab->stride", d.events().get(2).region());
    assertTrue(d.sawAccesses());
    assertFalse(d.notes().stream().anyMatch(n -> n.startsWith("no load/store")), d.notes().toString());
  }

  @Test
  void slabAccess_regionDeclaredOncePerField() throws IOException {
    Decoded d = Decoded.of(LOAD + LOAD.replace("op=R", "op=W").replace("order=plain", "order=once"));
    assertEquals(List.of(Op.REGION, Op.LOAD, Op.STORE), d.events().stream().map(Ev::op).toList());
    assertEquals(MemOrder.ONCE, d.events().get(2).mo());
  }

  @Test
  void slabAccess_oldValueUnknownKeysAndModuleIp() throws IOException {
    Ev e = Decoded.of("  a-9  [000] .....  1.0: slab_access: slab=ffeb70e4804b2080 op=X size=8"
        + " order=release addr=ffeb70e4804b20b8 val=0x1 old=0x0 cpu_hint=3 cache=x"
        + " ip=my_alloc+0x10/0x80 [mymod]\n").only();
    assertEquals(Op.RMW, e.op());
    assertEquals(MemOrder.RELEASE, e.mo());
    assertEquals(1L, e.value());
    assertEquals(0L, e.old());
    assertEquals("my_alloc+0x10/0x80 [mymod]", e.ip());
  }

  @Test
  void slabAccess_throughTracePrintkAndTraceCmdBprint() throws IOException {
    Decoded d = Decoded.of("""
          ls-212  [000] .....  3.977190: slab_obj_ext: slab_access: slab=ffeb70e4804b2080 op=R size=4 order=acquire addr=ffeb70e4804b2094 val=0x10 cache=kmalloc-64 ip=slab_obj_ext+0x2e/0x40
          ls-212  [000]  3.977191: bprint:               slab_obj_ext: slab_access: slab=0xffeb70e4804b2080 op=W size=4 order=release addr=0xffeb70e4804b2094 val=0x20 cache=kmalloc-64 ip=slab_obj_ext+0x2e
        """);
    assertEquals(List.of(Op.LOAD, Op.STORE), d.events().stream().map(Ev::op).toList());
    assertEquals(MemOrder.ACQUIRE, d.events().get(0).mo());
    assertEquals(0xffeb70e4804b2094L, d.events().get(1).addr());
    assertEquals(0x20L, d.events().get(1).value());
  }

  @Test
  void slabAccess_malformedLinesAreErrors() {
    assertEquals("t.txt:1: slab_access: slab_access op= is not R, W or X: 'Q'", error(
        "  a-9  [000] .....  1.0: slab_access: op=Q size=4 order=plain addr=ffff888100a3c028\n"));
    assertEquals("t.txt:1: slab_access: no addr= (or base=) in the payload", error(
        "  a-9  [000] .....  1.0: slab_access: op=R size=4 order=plain val=0x1\n"));
    assertEquals("t.txt:1: slab_access: order= is not plain, once, relaxed, acquire, release, full"
        + " or data_race: 'strong'", error(
        "  a-9  [000] .....  1.0: slab_access: op=R size=4 order=strong addr=ffff888100a3c028\n"));
    assertEquals("t.txt:1: slab_access: access size 0 is outside 1..4096", error(
        "  a-9  [000] .....  1.0: slab_access: op=R size=0 order=plain addr=ffff888100a3c028\n"));
  }

  @Test
  void kprobe_storeWithOrderAndLabelInTheName() throws IOException {
    Ev e = Decoded.of("  kworker/u4:1-25  [001] d..1.  3.977161: slabrace_store_release_stride:"
        + " (alloc_slab_obj_exts_early+0x9c/0x130) addr=0xffeb70e4804b2094 size=4 val=16\n").only();
    assertEquals(Op.STORE, e.op());
    assertEquals(MemOrder.RELEASE, e.mo());
    assertEquals(0xffeb70e4804b2094L, e.addr());
    assertEquals(4, e.size());
    assertEquals(16L, e.value());
    assertEquals("alloc_slab_obj_exts_early+0x9c/0x130", e.ip());
  }

  @Test
  void kprobe_orderArgumentFieldAndReturnProbe() throws IOException {
    Decoded d = Decoded.of("""
          ls-212  [000] .....  3.0: slabrace_load: (slab_obj_ext+0x2e/0x40) addr=0xffeb70e4804b2094 size=4 order="once" field="stride"
          ls-212  [000] .....  3.1: slabrace_rmw_objexts: (alloc_slab_obj_exts+0x1a4/0x2b0 <- cmpxchg_obj_exts) addr=0xffeb70e4804b20b8 size=8 val=0x1 old=0x0
          ls-212  [000] .....  3.2: slabrace_load_data_race: (f+0x1/0x2) addr=0xffeb70e4804b2094 size=4
        """);
    assertEquals(List.of(Op.REGION, Op.LOAD, Op.RMW, Op.LOAD), d.events().stream().map(Ev::op).toList());
    assertEquals("slab->stride", d.events().get(0).region());
    assertEquals(MemOrder.ONCE, d.events().get(1).mo());
    Ev rmw = d.events().get(2);
    assertEquals(MemOrder.FULL, rmw.mo());
    assertEquals("cmpxchg_obj_exts", rmw.ip());
    assertEquals(0L, rmw.old());
    assertEquals(MemOrder.DATA_RACE, d.events().get(3).mo());
  }

  @Test
  void kprobe_otherProbesAreSkipped() throws IOException {
    Decoded d = Decoded.of("""
                    init-1       [000] .....     3.973711: kcache_free: (kmem_cache_free+0x0/0x310) cache=0xff27db4cc11abb00 obj=0xff27db4cc1929990 size=24 object_size=24
                    init-1       [000] .....     3.974817: kmalloc_ret: (security_prepare_creds+0xc5/0xe0 <- __kmalloc) ret=0xff27db4cc11b6300
        """);
    assertEquals(List.of(), d.events());
  }

  @Test
  void kprobe_malformedSlabraceProbesAreErrors() {
    assertEquals("t.txt:1: slabrace_load: no addr= (or base=) in the payload",
        error("  a-9  [000] .....  1.0: slabrace_load: (f+0x0/0x10) size=4\n"));
    assertEquals("t.txt:1: slabrace_peek: kprobe slabrace_peek is not slabrace_load,"
        + " slabrace_store or slabrace_rmw", error("  a-9  [000] .....  1.0: slabrace_peek:"
        + " (f+0x0/0x10) addr=0x10 size=4\n"));
  }

  private static String error(String trace) {
    return assertThrows(TraceFormatException.class, () -> Decoded.of(trace)).getMessage();
  }

  @Test
  void kprobe_baseRegisterPlusImmediateOffset() throws IOException {
    Ev e = Decoded.of("  a-9  [000] .....  1.0: slabrace_store_once: (alloc_slab_obj_exts_early+0x9c/0x130)"
        + " base=0xffeb70e4804b2080 off=0x14 size=4 val=24\n").only();
    assertEquals(0xffeb70e4804b2094L, e.addr());
    assertEquals(MemOrder.ONCE, e.mo());
  }

  @Test
  void kprobe_basePlusOffsetThatWrapsIsAnError() throws IOException {
    String probe = "  a-9  [000] .....  1.0: slabrace_store: (f+0x9c/0x130) ";
    assertEquals("t.txt:1: slabrace_store: base=0xfffffffffffffff0 plus off=32 is past the end of"
        + " the address space (2^64)", error(probe + "base=0xfffffffffffffff0 off=0x20 size=4\n"));
    assertEquals("t.txt:1: slabrace_store: base=0x1 plus off=18446744073709551615 is past the end"
        + " of the address space (2^64)", error(probe + "base=0x1 off=18446744073709551615 size=4\n"));
    assertEquals("t.txt:1: slabrace_store: base=0x10 plus off=-17 is below address 0",
        error(probe + "base=0x10 off=-17 size=4\n"));
    assertEquals(0x8L, Decoded.of(probe + "base=0x10 off=-8 size=4\n").only().addr());
    assertEquals(0xfffffffffffffff8L,
        Decoded.of(probe + "base=0xfffffffffffffff0 off=8 size=8\n").only().addr());
  }

  @Test
  void slabAccess_failedCmpxchgIsNotOk() throws IOException {
    Ev e = Decoded.of("  a-9  [000] .....  1.0: slab_access: slab=ffeb70e4804b2080 field=obj_exts op=X"
        + " size=8 order=full addr=ffeb70e4804b20b8 val=0x1 old=0x5 ok=0 cache=x ip=f+0x1/0x2\n")
        .of(Op.RMW).get(0);
    assertFalse(e.ok());
    assertEquals(5L, e.old());
  }
}
