package dev.slabrace.trace.ftrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.trace.Op;
import dev.slabrace.trace.TraceFormatException;
import dev.slabrace.trace.ftrace.Decoded.Ev;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader as a whole on short traces: heap events, file structure, errors, sniffing. */
final class FtraceEventSourceTest {
  static final String HEADER = """
      # tracer: nop
      #
      # entries-in-buffer/entries-written: 157027/157027   #P:2
      #
      #                                _-----=> irqs-off/BH-disabled
      #                               / _----=> need-resched
      #                              | / _---=> hardirq/softirq
      #                              || / _--=> preempt-depth
      #                              ||| / _-=> migrate-disable
      #                              |||| /     delay
      #           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION
      #              | |         |   |||||     |         |
      """;

  @Test
  void kmalloc_accountedGivesAllocWithSizeClassCache() throws IOException {
    Ev e = Decoded.of("            init-1       [000] .....     2.565937: kmalloc:"
        + " call_site=security_prepare_creds+0xc5/0xe0 ptr=ff2e4d3b811b6f00 bytes_req=16"
        + " bytes_alloc=16 gfp_flags=GFP_KERNEL_ACCOUNT|__GFP_ZERO node=-1 accounted=true\n").only();
    assertEquals(Op.ALLOC, e.op());
    assertEquals(0, e.id());
    assertEquals(1, e.line());
    assertEquals("1", e.tid());
    assertEquals(0, e.cpu());
    assertEquals(2_565_937_000L, e.ts());
    assertEquals(0xff2e4d3b811b6f00L, e.addr());
    assertEquals(16, e.size());
    assertEquals("kmalloc-16", e.cache());
    assertEquals("security_prepare_creds+0xc5/0xe0", e.ip());
  }

  @Test
  void kmemCacheFree_nameIsTheCache() throws IOException {
    Ev e = Decoded.of("            init-1       [000] .....     2.565005: kmem_cache_free:"
        + " call_site=__fput+0x100/0x250 ptr=ff2e4d3b812e4558 name=lsm_file_cache\n").only();
    assertEquals(Op.FREE, e.op());
    assertEquals(0xff2e4d3b812e4558L, e.addr());
    assertEquals(0, e.size());
    assertEquals("lsm_file_cache", e.cache());
    assertEquals("__fput+0x100/0x250", e.ip());
  }

  @Test
  void kmemCacheAlloc_newestFormatWithNameAfterPtr() throws IOException {
    Ev e = Decoded.of("  kworker/u8:2-93   [002] ..... 12.000001: kmem_cache_alloc:"
        + " call_site=alloc_slab_obj_exts+0x51/0x150 ptr=ffff888104c1a300 name=kmalloc-64"
        + " bytes_req=64 bytes_alloc=64 gfp_flags=GFP_KERNEL node=-1 accounted=false\n").only();
    assertEquals(Op.ALLOC, e.op());
    assertEquals("93", e.tid());
    assertEquals(2, e.cpu());
    assertEquals(64, e.size());
    assertEquals("kmalloc-64", e.cache());
  }

  @Test
  void kmemCacheAlloc_withoutNameHasNoCache() throws IOException {
    Ev e = Decoded.of("            init-1       [000] .....     2.565406: kmem_cache_alloc:"
        + " call_site=getname_flags.part.0+0x2b/0x1c0 ptr=ff2e4d3b81838000 bytes_req=4096"
        + " bytes_alloc=4096 gfp_flags=GFP_KERNEL node=-1 accounted=false\n").only();
    assertEquals(4096, e.size());
    assertNull(e.cache());
    assertEquals("getname_flags.part.0+0x2b/0x1c0", e.ip());
  }

  @Test
  void oldFormats_nodeEventsHexCallSiteAnd32BitPointers() throws IOException {
    Decoded d = Decoded.of("""
          <idle>-0     [003] ..s1  100.000001: kmalloc_node: call_site=__alloc_skb+0x4f/0x1e0 ptr=ffff88003a8d2000 bytes_req=512 bytes_alloc=1024 gfp_flags=GFP_ATOMIC node=-1
          <idle>-0     [003] ..s1  100.000002: kmem_cache_alloc_node: call_site=ffffffff8150c3f0 ptr=ffff88003b123400 bytes_req=256 bytes_alloc=256 gfp_flags=GFP_ATOMIC node=-1
         cat-382   [000] ...1  2935.586706: kmalloc: call_site=c0554644 ptr=de515a00 bytes_req=384 bytes_alloc=512 gfp_flags=GFP_ATOMIC|GFP_NOWARN|GFP_NOMEMALLOC
         cat-382   [000] ...1  2935.586718: kfree: call_site=c059c2d8 ptr=  (null)
        """);
    List<Ev> allocs = d.of(Op.ALLOC);
    assertEquals(3, allocs.size());
    assertEquals("softirq/3", allocs.get(0).tid());
    assertEquals("kmalloc-1024", allocs.get(0).cache());
    assertNull(allocs.get(1).cache());
    assertEquals("ffffffff8150c3f0", allocs.get(1).ip());
    assertEquals(0xde515a00L, allocs.get(2).addr());
    assertEquals("c0554644", allocs.get(2).ip());
    assertEquals(3, d.events().size());
  }

  @Test
  void nullPointers_mapToNothing() throws IOException {
    Decoded d = Decoded.of("""
          init-1  [000] .....  3.439786: kfree: call_site=tomoyo_check_open_permission+0x107/0x190 ptr=0000000000000000
          init-1  [000]  3.439786: kfree:                (tomoyo_check_open_permission+0x107) call_site=tomoyo_check_open_permission+0x107 ptr=(nil)
          init-1  [000] ...1  3.5: kfree: call_site=c059c2d8 ptr=  (null)
          init-1  [000] .....  3.6: kmalloc: call_site=f+0x1/0x2 ptr=0000000000000000 bytes_req=64 bytes_alloc=64 gfp_flags=GFP_NOWAIT node=-1 accounted=false
        """);
    assertEquals(List.of(), d.events());
  }

  @Test
  void zeroSizeAllocations_andTheirFreesMapToNothing() throws IOException {
    Decoded d = Decoded.of("""
          a-7  [000] .....  1.0: kmalloc: call_site=f+0x1/0x2 ptr=0000000000000010 bytes_req=0 bytes_alloc=0 gfp_flags=GFP_KERNEL node=-1 accounted=false
          a-7  [000] .....  1.1: kfree: call_site=g+0x1/0x2 ptr=0000000000000010
          a-7  [000] .....  1.2: kmalloc: call_site=f+0x1/0x2 ptr=00000000deadbeef bytes_req=0 bytes_alloc=0 gfp_flags=GFP_KERNEL node=-1 accounted=false
          a-7  [000] .....  1.3: kfree: call_site=g+0x1/0x2 ptr=00000000deadbeef
          a-7  [000] .....  1.4: kfree: call_site=g+0x1/0x2 ptr=00000000deadbeef
        """);
    assertEquals(List.of(), d.events());
  }

  @Test
  void hashedPointers_areNoted() throws IOException {
    Decoded d = Decoded.of("  a-7  [000] .....  1.0: kfree: call_site=g+0x1/0x2 ptr=00000000469a998c\n");
    assertEquals(0x469a998cL, d.only().addr());
    assertTrue(d.notes().stream().anyMatch(n -> n.startsWith("line 1: pointers are hashed")), d.notes().toString());
  }

  @Test
  void callSiteOfAModule_keepsTheModule() throws IOException {
    Ev e = Decoded.of("  insmod-300  [001] .....  9.0: kmalloc: call_site=memleak_task_test+0x70/0xb0"
        + " [memleak] ptr=ffff888100a3c028 bytes_req=8 bytes_alloc=8 gfp_flags=GFP_KERNEL node=-1"
        + " accounted=false\n").only();
    assertEquals("memleak_task_test+0x70/0xb0 [memleak]", e.ip());
  }

  @Test
  void fieldsOption_typedValues() throws IOException {
    Ev e = Decoded.of("  a-7  [000] .....  1.0: kmalloc:  call_site=0xffffffff81234567"
        + " (-2128394905) ptr=0xffff9e0e8571e000 (-107689771147264) bytes_req=0x1000 (4096)"
        + " bytes_alloc=0x1000 (4096) gfp_flags=0xcc0 (3264) node=0xffffffff (-1)"
        + " accounted=0x0 (0)\n").only();
    assertEquals(0xffff9e0e8571e000L, e.addr());
    assertEquals(4096, e.size());
    assertEquals("0xffffffff81234567", e.ip());
  }

  @Test
  void traceCmdKmemPlugin_prefixIsIgnored() throws IOException {
    Ev e = Decoded.of("cpus=2\n            init-1     [000]     3.439293: kmem_cache_free:      "
        + "(__fput+0x100) call_site=__fput+0x100 ptr=0xff297985822529c0 name=lsm_file_cache\n").only();
    assertEquals(0xff297985822529c0L, e.addr());
    assertEquals("__fput+0x100", e.ip());
    assertEquals(2, e.line());
  }

  @Test
  void traceCmdLatencyOption_gluedCpuAndFlags() throws IOException {
    Ev e = Decoded.of("load-wor-107     1d.s2.     3.976887: kfree:                "
        + "call_site=rcu_do_batch+0x19a ptr=0xff29798582251c00\n").only();
    assertEquals("softirq/1", e.tid());
    assertEquals(1, e.cpu());
  }

  @Test
  void idsAndPositions_countEventsAndLines() throws IOException {
    Decoded d = Decoded.of(HEADER + """
                    init-1       [000] .....     3.439293: kmem_cache_free: call_site=__fput+0x100/0x250 ptr=ff297985822529c0 name=lsm_file_cache
                    init-1       [000] .....     3.439786: kfree: call_site=tomoyo_check_open_permission+0x107/0x190 ptr=0000000000000000
                    init-1       [000] .....     3.439892: tracing_mark_write: load start
                    init-1       [000] .....     3.440384: mm_page_alloc: page=ffbf57e84008f480 pfn=0x23d2 order=1 migratetype=0 gfp_flags=GFP_KERNEL_ACCOUNT|__GFP_ZERO
                    init-1       [000] .....     3.440422: kmem_cache_alloc: call_site=mas_alloc_nodes+0x6f/0x210 ptr=ff2979858238e900 bytes_req=256 bytes_alloc=256 gfp_flags=GFP_KERNEL node=-1 accounted=false
        """);
    assertEquals(2, d.events().size());
    assertEquals(0, d.events().get(0).id());
    assertEquals(13, d.events().get(0).line());
    assertEquals(1, d.events().get(1).id());
    assertEquals(17, d.events().get(1).line());
    assertEquals("nop", d.header().get("tracer"));
    assertEquals("2", d.header().get("cpus"));
  }

  @Test
  void emptyTrace_hasNoEventsAndNoError() throws IOException {
    Decoded d = Decoded.of(HEADER);
    assertEquals(List.of(), d.events());
    assertFalse(d.sawAccesses());
  }

  @Test
  void unknownEventsAndContinuationLines_areSkippedSilently() throws IOException {
    Decoded d = Decoded.of(HEADER + """
                    init-1       [000] .....     3.0: sched_wakeup: comm=rcu_preempt pid=15 prio=120 target_cpu=000
                    init-1       [000] .....     3.1: some_driver_event: x=1 y=zz
                    init-1       [000] .....     3.2: do_sys_open <-do_syscall_64
                    init-1       [000] .....     3.3: my_func: message that goes
        on on a line of its own

                    init-1       [000] .....     3.4: contention_begin: ffffffff96e06080 (flags=SPIN|READ)
        CPU 1 is empty
        """);
    assertEquals(List.of(), d.events());
    assertEquals(0, d.skipped());
  }

  @Test
  void kmallocWithManyMoreKeys_isReadOnBothPaths() throws IOException {
    StringBuilder extra = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      extra.append(" k").append(i).append('=').append(i);
    }
    String line = "            init-1       [000] .....     2.565937: kmalloc:" + extra
        + " call_site=f+0x1/0x2 ptr=ff2e4d3b811b6f00 bytes_req=16 bytes_alloc=16"
        + " gfp_flags=GFP_KERNEL node=-1 accounted=true" + extra + "\n";
    Ev e = Decoded.of(line).only();
    assertEquals(Op.ALLOC, e.op());
    assertEquals(16, e.size());
    assertEquals(0xff2e4d3b811b6f00L, e.addr());
    FastPathTest.assertSame(line.getBytes(StandardCharsets.UTF_8), "40 keys on each side");
  }

  @Test
  void malformedMappedLine_namesFileLineAndProblem() {
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> Decoded.of(
        "  a-1  [000] .....  1.0: kfree: call_site=f+0x0/0x1 ptr=0\n"
            + "  a-1  [000] .....  2.0: kmalloc: call_site=f+0x0/0x1 ptr=ffff888100a3c028 bytes_req=16\n"));
    assertEquals("t.txt:2: kmalloc: no bytes_alloc= in the payload", e.getMessage());
    assertEquals(2, e.position());
  }

  @Test
  void corruptedLine_fromAFaultyCopyIsAnError() {
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> Decoded.of(
        "  init-1 [000] .N.. 0.17: kmalloc: call_site=c10b9619 ptr=c147dc80"
            + " bytes_http://example.org/req=6 bytes_alloc=3z gfp_flags=GFP_KERNEL\n"));
    assertEquals("t.txt:1: kmalloc: bytes_alloc is not a number: '3z'", e.getMessage());
  }

  @Test
  void lenient_skipsAndCountsMalformedLines() throws IOException {
    Decoded d = Decoded.lenient("""
          a-1  [000] .....  1.0: kmalloc: call_site=f+0x0/0x1 ptr=ffff888100a3c028 bytes_req=16
          a-1  [000] .....  1.1: kfree: call_site=f+0x0/0x1 ptr=zz
          a-1  [000] .....  1.2: kfree: call_site=f+0x0/0x1 ptr=ffff888100a3c028
        """);
    assertEquals(2, d.skipped());
    assertEquals(Op.FREE, d.only().op());
    assertEquals(0, d.only().id());
  }

  @Test
  void headerNumberOutOfRange_isAnError() throws IOException {
    String kfree = "  a-1  [000] .....  1.0: kfree: call_site=f+0x0/0x1 ptr=ffff888100a3c028\n";
    for (String marker : List.of(
        "# entries-in-buffer/entries-written: 99999999999999999999/1   #P:2",
        "##### CPU 99999999999 buffer started ####",
        "CPU:99999999999 [LOST 3 EVENTS]",
        "CPU:1 [LOST 99999999999999999999 EVENTS]")) {
      TraceFormatException e = assertThrows(TraceFormatException.class,
          () -> Decoded.of(kfree + marker + "\n" + kfree));
      assertTrue(e.getMessage().startsWith("t.txt:2: number 9999999999"), e.getMessage());
      String quoted = marker.length() <= Payload.MAX_SHOWN ? marker + "'"
          : marker.substring(0, Payload.MAX_SHOWN) + "...'";
      assertTrue(e.getMessage().endsWith(" out of range in '" + quoted), e.getMessage());
      Decoded d = Decoded.lenient(kfree + marker + "\n" + kfree);
      assertEquals(1, d.skipped(), marker);
    }
  }

  @Test
  void allocationSizeOutOfRange_isAnError() {
    String line = "  a-1  [000] .....  1.0: kmalloc: call_site=f+0x0/0x1 ptr=ffff888100a3c000"
        + " bytes_req=16 bytes_alloc=%s gfp_flags=GFP_KERNEL\n";
    TraceFormatException e = assertThrows(TraceFormatException.class,
        () -> Decoded.of(String.format(line, "18446744073709551615")));
    assertEquals("t.txt:1: kmalloc: bytes_alloc 18446744073709551615 is outside 1..1099511627776",
        e.getMessage());
    e = assertThrows(TraceFormatException.class, () -> Decoded.of(String.format(line, "-16")));
    assertEquals("t.txt:1: kmalloc: bytes_alloc -16 is outside 1..1099511627776", e.getMessage());
  }

  @Test
  void nulByteAfterTheFirstLines_isDetectedAsFtraceAndFailsThere() {
    String text = HEADER + "  a-1  [000] .....  1.0: kfree: call_site=f+0x0/0x1 ptr=ffff888100a3c028\n"
        + "  a-1  [000] .....  1.1: kf\u0000ree: ptr=0\n";
    assertTrue(sniff(text));
    long line = text.lines().count();
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> Decoded.of(text));
    assertEquals("t.txt:" + line + ": binary content (a NUL byte): not an ftrace text export",
        e.getMessage());
  }

  @Test
  void binaryContent_isAnError() {
    byte[] bytes = "\u001f\u008b\u0000\u0000garbage\n".getBytes(StandardCharsets.ISO_8859_1);
    TraceFormatException e = assertThrows(TraceFormatException.class,
        () -> Decoded.read(new ByteArrayInputStream(bytes), "t.gz", false));
    assertEquals("t.gz:1: binary content (a NUL byte): not an ftrace text export", e.getMessage());
    TraceFormatException lenient = assertThrows(TraceFormatException.class,
        () -> Decoded.read(new ByteArrayInputStream(bytes), "t.gz", true));
    assertTrue(lenient.getMessage().startsWith("t.gz:"), lenient.getMessage());
  }

  @Test
  void textWithoutEventLines_isAnError() {
    TraceFormatException e = assertThrows(TraceFormatException.class,
        () -> Decoded.of("# a comment\nhello world\nmore text\n"));
    assertEquals("t.txt:2: not an ftrace text export: no line of the file is an event line, and"
        + " this one is not a header either: 'hello world'", e.getMessage());
  }

  @Test
  void overlongLine_isAnError() {
    String line = "  a-1  [000] .....  1.0: kfree: ptr=0 x=" + "y".repeat(FtraceEventSource.MAX_LINE) + "\n";
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> Decoded.of(line));
    assertEquals("t.txt:1: line longer than 65536 bytes", e.getMessage());
  }

  @Test
  void windowsLineEndings_areAccepted() throws IOException {
    Ev e = Decoded.of("# tracer: nop\r\n  a-1  [000] .....  1.0: kmem_cache_free: call_site=f+0x0/0x1"
        + " ptr=ffff888100a3c028 name=filp\r\n").only();
    assertEquals("filp", e.cache());
  }

  @Test
  void sniff_recognisesBothExportsAndNothingElse() {
    assertTrue(sniff(HEADER));
    assertTrue(sniff("cpus=2\n            init-1     [000]     3.439293: kfree: ptr=(nil)\n"));
    assertTrue(sniff("version = 6\nCPU 3 is empty\ncpus=4\n"));
    assertTrue(sniff("\n          <idle>-0       [001] d.h1.     3.440554: softirq_raise: vec=1 [action=TIMER]\n"));
    assertTrue(sniff("  a-1  [000] .....  1.0: kfree: call_site=f+0x0/0x1 ptr=ffff88810"));
    assertFalse(sniff("{\"op\":\"alloc\",\"tid\":1,\"ptr\":\"0x10\",\"size\":8}\n"));
    assertTrue(sniff("            init-1       [000] .....     2.565005: kmem_cache_fr"));
    assertFalse(sniff("{\"op\":\"header\",\"source\":\"a-1  [000] .....  1.0: kfree: ptr=0\"}\n"));
    assertFalse(sniff("# a JSON Lines trace\n{\"op\":\"header\",\"format\":\"slabrace-jsonl\"}\n"));
    assertFalse(sniff(""));
    assertFalse(sniff("hello\n"));
    byte[] gzip = {0x1f, (byte) 0x8b, 8, 0, 0, 0};
    assertFalse(FtraceEventSource.sniff(gzip, gzip.length));
  }

  private static boolean sniff(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    byte[] padded = new byte[b.length + 16];
    System.arraycopy(b, 0, padded, 0, b.length);
    return FtraceEventSource.sniff(padded, b.length);
  }
}
