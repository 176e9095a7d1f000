package dev.slabrace.report;

import static dev.slabrace.finding.AccessType.ALLOC;
import static dev.slabrace.finding.AccessType.FREE;
import static dev.slabrace.finding.AccessType.READ;
import static dev.slabrace.finding.AccessType.READ_WRITE;
import static dev.slabrace.finding.AccessType.WRITE;
import static dev.slabrace.finding.FindingKind.ASSERT_RACE;
import static dev.slabrace.finding.FindingKind.DATA_RACE;
import static dev.slabrace.finding.FindingKind.DOUBLE_FREE;
import static dev.slabrace.finding.FindingKind.USE_AFTER_FREE;
import static dev.slabrace.report.Findings.access;
import static dev.slabrace.report.Findings.finding;
import static dev.slabrace.report.Findings.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.finding.Access;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.SlabObject;
import dev.slabrace.finding.TraceResult;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

final class KcsanTextReporterTest {
  private static final String RULER = "=".repeat(66) + "\n";
  private static final long OBJ = 0xffff888100a3c028L;

  /** Prints the results and returns the splats alone, without each trace's summary line. */
  private static String print(TraceResult... results) throws IOException {
    return printAll(ReportOptions.DEFAULT, results).replaceAll("(?m)^slabrace: .*\n", "");
  }

  private static String printAll(ReportOptions options, TraceResult... results) throws IOException {
    StringWriter out = new StringWriter();
    new KcsanTextReporter(options).print(List.of(results), out);
    return out.toString();
  }

  private static Finding strideRace(long firstId, long secondId) {
    Access w = access(firstId, "1", 0, WRITE, false, OBJ, 4,
        "alloc_slab_obj_exts+0x1a4/0x2b0", "__kmalloc+0x50/0x100");
    Access r = access(secondId, "2", 1, READ, false, OBJ, 4, "slab_obj_ext+0x2e/0x40");
    return new Finding(DATA_RACE, w, r, OBJ, 4, "slab->stride", "slab-meta", true, 0, 0x10);
  }

  @Test
  void dataRace_valueChangeRegionAndRepeats() throws IOException {
    TraceResult result = result("sample-traces/stride.jsonl",
        strideRace(5, 9), strideRace(11, 12), strideRace(15, 17), strideRace(20, 21));
    assertEquals(RULER
        + "BUG: KCSAN: data-race in alloc_slab_obj_exts / slab_obj_ext\n"
        + "\n"
        + "write to 0xffff888100a3c028 of 4 bytes by task 1 on cpu 0:\n"
        + " alloc_slab_obj_exts+0x1a4/0x2b0\n"
        + " __kmalloc+0x50/0x100\n"
        + "\n"
        + "read to 0xffff888100a3c028 of 4 bytes by task 2 on cpu 1:\n"
        + " slab_obj_ext+0x2e/0x40\n"
        + "\n"
        + "value changed: 0x00000000 -> 0x00000010\n"
        + "region: slab->stride (slab-meta)\n"
        + "\n"
        + "Reported by Kernel Concurrency Sanitizer on:\n"
        + "CPU: 1 PID: 2 Comm: 2 Not tainted slabrace\n"
        + "Hardware name: slabrace trace sample-traces/stride.jsonl, events 5 and 9, 3 more occurrences\n"
        + RULER, print(result));
  }

  @Test
  void assertRace_freeIsAssertNoAccesses() throws IOException {
    Access read = access(3, "7", 2, READ, true, 0xffff888100a3c010L, 8, "slab_obj_ext+0x2e/0x40");
    Access free = access(4, "8", 3, FREE, false, 0xffff888100a3c000L, 64, "kfree+0x11/0x90 [slub]");
    Finding f = new Finding(ASSERT_RACE, read, free, 0xffff888100a3c010L, 8, "", "", false, 0, 0);
    assertEquals(RULER
        + "BUG: KCSAN: assert: race in kfree / slab_obj_ext\n"
        + "\n"
        + "read (marked) to 0xffff888100a3c010 of 8 bytes by task 7 on cpu 2:\n"
        + " slab_obj_ext+0x2e/0x40\n"
        + "\n"
        + "assert no accesses to 0xffff888100a3c000 of 64 bytes by task 8 on cpu 3:\n"
        + " kfree+0x11/0x90 [slub]\n"
        + "\n"
        + "Reported by Kernel Concurrency Sanitizer on:\n"
        + "CPU: 3 PID: 8 Comm: 8 Not tainted slabrace\n"
        + "Hardware name: slabrace trace t.jsonl, events 3 and 4\n"
        + RULER, print(result("t.jsonl", f)));
  }

  @Test
  void assertRace_allocAgainstFree() throws IOException {
    Access alloc = access(0, "1", 0, ALLOC, false, 0x1000, 32, "kmalloc_trace+0x20/0x80");
    Access free = access(2, "2", 1, FREE, true, 0x1000, 32, "kfree+0x11/0x90");
    assertEquals(RULER
        + "BUG: KCSAN: assert: race in kfree / kmalloc_trace\n"
        + "\n"
        + "alloc to 0x0000000000001000 of 32 bytes by task 1 on cpu 0:\n"
        + " kmalloc_trace+0x20/0x80\n"
        + "\n"
        + "assert no accesses to 0x0000000000001000 of 32 bytes by task 2 on cpu 1:\n"
        + " kfree+0x11/0x90\n"
        + "\n"
        + "Reported by Kernel Concurrency Sanitizer on:\n"
        + "CPU: 1 PID: 2 Comm: 2 Not tainted slabrace\n"
        + "Hardware name: slabrace trace t.jsonl, events 0 and 2\n"
        + RULER, print(result("t.jsonl", finding(ASSERT_RACE, alloc, free))));
  }

  @Test
  void useAfterFree_kasanLayout_withObject() throws IOException {
    Access alloc = access(3, "2", 0, ALLOC, false, 0x2000, 16, "conn_new+0x10/0x40");
    Access free = access(10, "1", 0, FREE, false, 0x2000, 16, "kmem_cache_free+0x40/0x200");
    Access write = access(14, "3", 1, WRITE, false, 0x2008, 4, "conn_put+0x9/0x20 net/conn.c:42",
        "conn_close+0x4/0x30");
    Finding f = finding(USE_AFTER_FREE, free, write)
        .withObject(new SlabObject(0x2000, 16, "kmalloc-16", alloc));
    assertEquals(RULER
        + "BUG: KASAN: slab-use-after-free in conn_put+0x9/0x20\n"
        + "Write of size 4 at addr 0000000000002008 by task 3\n"
        + "\n"
        + "CPU: 1 PID: 3 Comm: 3 Not tainted slabrace\n"
        + "Hardware name: slabrace trace uaf.jsonl, events 10 and 14\n"
        + "Call Trace:\n"
        + " <TASK>\n"
        + " conn_put+0x9/0x20 net/conn.c:42\n"
        + " conn_close+0x4/0x30\n"
        + " </TASK>\n"
        + "\n"
        + "Allocated by task 2:\n"
        + " conn_new+0x10/0x40\n"
        + "\n"
        + "Freed by task 1:\n"
        + " kmem_cache_free+0x40/0x200\n"
        + "\n"
        + "The buggy address belongs to the object at 0000000000002000\n"
        + " which belongs to the cache kmalloc-16 of size 16\n"
        + "The buggy address is located 8 bytes inside of\n"
        + " freed 16-byte region [0000000000002000, 0000000000002010)\n"
        + "\n"
        + RULER, print(result("uaf.jsonl", f)));
  }

  @Test
  void useAfterFree_inInterrupt_noObject_readToTheRight() throws IOException {
    Access free = access(10, "1", 0, FREE, false, 0x2000, 16, "kfree+0x40/0x200");
    Access read = access(14, "softirq/1", 1, READ, false, 0x2010, 8, "timer_fn+0x9/0x20");
    assertEquals(RULER
        + "BUG: KASAN: slab-use-after-free in timer_fn+0x9/0x20\n"
        + "Read of size 8 at addr 0000000000002010 by task softirq/1\n"
        + "\n"
        + "CPU: 1 PID: softirq/1 Comm: softirq/1 Not tainted slabrace\n"
        + "Hardware name: slabrace trace uaf.jsonl, events 10 and 14\n"
        + "Call Trace:\n"
        + " <IRQ>\n"
        + " timer_fn+0x9/0x20\n"
        + " </IRQ>\n"
        + "\n"
        + "Freed by task 1:\n"
        + " kfree+0x40/0x200\n"
        + "\n"
        + RULER, print(result("uaf.jsonl", finding(USE_AFTER_FREE, free, read))));
  }

  @Test
  void doubleFree_sameFunctionTwice() throws IOException {
    Access alloc = access(0, "idle/0", 0, ALLOC, false, 0x3000, 8, "new+0x1/0x9");
    Access free1 = access(1, "1#2", 0, FREE, false, 0x3000, 8, "kfree+0x11/0x90");
    Access free2 = access(2, "1#2", 0, FREE, false, 0x3000, 8, "kfree+0x11/0x90");
    Finding f = finding(DOUBLE_FREE, free1, free2)
        .withObject(new SlabObject(0x3000, 8, "kmalloc-8", alloc));
    assertEquals(RULER
        + "BUG: KASAN: double-free in kfree+0x11/0x90\n"
        + "Free of addr 0000000000003000 by task 1#2/1\n"
        + "\n"
        + "CPU: 0 PID: 1 Comm: 1#2 Not tainted slabrace\n"
        + "Hardware name: slabrace trace df.jsonl, events 1 and 2\n"
        + "Call Trace:\n"
        + " <TASK>\n"
        + " kfree+0x11/0x90\n"
        + " </TASK>\n"
        + "\n"
        + "Allocated by task 0:\n"
        + " new+0x1/0x9\n"
        + "\n"
        + "Freed by task 1:\n"
        + " kfree+0x11/0x90\n"
        + "\n"
        + "The buggy address belongs to the object at 0000000000003000\n"
        + " which belongs to the cache kmalloc-8 of size 8\n"
        + "The buggy address is located 0 bytes inside of\n"
        + " 8-byte region [0000000000003000, 0000000000003008)\n"
        + "\n"
        + RULER, print(result("df.jsonl", f)));
  }

  @Test
  void dataRace_interruptSide_byInterrupt_idleFooterIsSwapper() throws IOException {
    Access write = access(1, "hardirq/2", 2, WRITE, false, 0x10, 4, "irq_fn+0x1/0x9");
    Access read = access(2, "idle/3", 3, READ, false, 0x10, 4, "idle_fn+0x1/0x9");
    String text = print(result("irq.jsonl", finding(DATA_RACE, write, read)));
    assertTrue(text.contains("write to 0x0000000000000010 of 4 bytes by interrupt on cpu 2:\n"), text);
    assertTrue(text.contains("read to 0x0000000000000010 of 4 bytes by task idle/3 on cpu 3:\n"), text);
    assertTrue(text.contains("CPU: 3 PID: 0 Comm: swapper/3 Not tainted slabrace\n"), text);
  }

  @Test
  void markedReadWrite_unknownCpu_noFrames_wideValue() throws IOException {
    Access rmw = access(6, "kworker/0:1", -1, READ_WRITE, true, 0x4000, 16, "atomic_inc+0x5/0x10");
    Access write = access(8, "5", -1, WRITE, false, 0x4000, 16);
    Finding f = new Finding(DATA_RACE, rmw, write, 0x4000, 16, "obj", "", true, 0x1234, -1L);
    assertEquals(RULER
        + "BUG: KCSAN: data-race in ? / atomic_inc\n"
        + "\n"
        + "read-write (marked) to 0x0000000000004000 of 16 bytes by task kworker/0:1 on cpu ?:\n"
        + " atomic_inc+0x5/0x10\n"
        + "\n"
        + "write to 0x0000000000004000 of 16 bytes by task 5 on cpu ?:\n"
        + "\n"
        + "value changed: 0x0000000000001234 -> 0xffffffffffffffff\n"
        + "region: obj\n"
        + "\n"
        + "Reported by Kernel Concurrency Sanitizer on:\n"
        + "CPU: ? PID: 5 Comm: 5 Not tainted slabrace\n"
        + "Hardware name: slabrace trace t, events 6 and 8\n"
        + RULER, print(result("t", f)));
  }

  @Test
  void rateLimit_unorderedPairPerKind_keepsOrderOfFirstFinding() throws IOException {
    Access a = access(1, "1", 0, WRITE, false, 0x10, 1, "a_func+0x1/0x9");
    Access b = access(2, "2", 1, READ, false, 0x10, 1, "b_func+0x1/0x9");
    Access aOther = access(3, "1", 0, WRITE, false, 0x10, 1, "a_func+0x4/0x9");
    Finding first = finding(DATA_RACE, a, b);
    Finding swapped = finding(DATA_RACE, b, a);
    Finding otherOffset = finding(DATA_RACE, aOther, b);
    Finding otherKind = finding(ASSERT_RACE, a, b);
    String report = print(result("t", first, otherOffset, swapped, otherKind, first));
    assertEquals(List.of(
            "Hardware name: slabrace trace t, events 1 and 2, 2 more occurrences",
            "Hardware name: slabrace trace t, events 3 and 2",
            "Hardware name: slabrace trace t, events 1 and 2"),
        report.lines().filter(l -> l.startsWith("Hardware name:")).toList());
    assertEquals(List.of(
            "BUG: KCSAN: data-race in a_func / b_func",
            "BUG: KCSAN: data-race in a_func / b_func",
            "BUG: KCSAN: assert: race in a_func / b_func"),
        report.lines().filter(l -> l.startsWith("BUG:")).toList());
  }

  @Test
  void rateLimit_isPerTrace() throws IOException {
    Finding f = strideRace(5, 9);
    String report = print(result("one", f, f), result("two", f));
    assertEquals(List.of(
            "Hardware name: slabrace trace one, events 5 and 9, 1 more occurrence",
            "Hardware name: slabrace trace two, events 5 and 9"),
        report.lines().filter(l -> l.startsWith("Hardware name:")).toList());
  }

  @Test
  void title_doesNotDependOnSide() {
    Access x = access(1, "1", 0, WRITE, false, 0x10, 1, "zeta+0x1/0x2");
    Access y = access(2, "2", 0, READ, false, 0x10, 1, "alpha+0x1/0x2 [mod]");
    assertEquals("KCSAN: data-race in alpha / zeta", KcsanTitle.of(finding(DATA_RACE, x, y)));
    assertEquals("KCSAN: data-race in alpha / zeta", KcsanTitle.of(finding(DATA_RACE, y, x)));
  }

  @Test
  void functionName_cutsOffsetAndModule() {
    assertEquals("func", KcsanTitle.functionName("func+0x5a/0x160"));
    assertEquals("func", KcsanTitle.functionName("func+0x5a/0x160 [ext4]"));
    assertEquals("func", KcsanTitle.functionName("func [ext4]"));
    assertEquals("file.c:123", KcsanTitle.functionName("file.c:123"));
    assertEquals("func", KcsanTitle.functionName("func+0x5a/0x160 fs/file.c:12"));
    assertEquals("func", KcsanTitle.functionName("func fs/file.c:88 [inline]"));
    assertEquals("func", KcsanTitle.functionName("func+0x5a/0x160 [ext4] fs/ext4/file.c:12"));
    assertEquals("?", KcsanTitle.functionName("?"));
    assertEquals("?", KcsanTitle.functionName(""));
  }

  @Test
  void noFindings_printsOnlyTheSummary() throws IOException {
    assertEquals("slabrace: t: 100 events analysed, no findings\n",
        printAll(ReportOptions.DEFAULT, result("t")));
  }

  @Test
  void summary_countsFindingsByKindAndReports() throws IOException {
    Finding f = strideRace(5, 9);
    Access free = access(10, "1", 0, FREE, false, OBJ, 4, "kfree+0x1/0x2");
    String out = printAll(ReportOptions.DEFAULT,
        result("t", f, f, finding(ASSERT_RACE, f.second(), free)));
    assertEquals("slabrace: t: 100 events analysed, 3 findings (2 data-race, 1 assert-race) in 2"
        + " reports", out.lines().reduce((a, b) -> b).orElseThrow());
  }

  @Test
  void maxReports_printsTheFirstN_summarySaysHowManyWereLeftOut() throws IOException {
    Access a = access(1, "1", 0, WRITE, false, 0x10, 1, "a_func+0x1/0x9");
    Access b = access(2, "2", 1, READ, false, 0x10, 1, "b_func+0x1/0x9");
    Access c = access(3, "3", 1, READ, false, 0x10, 1, "c_func+0x1/0x9");
    String out = printAll(new ReportOptions(1),
        result("t", finding(DATA_RACE, a, b), finding(DATA_RACE, a, c), finding(DATA_RACE, b, c)));
    assertEquals(List.of("BUG: KCSAN: data-race in a_func / b_func"),
        out.lines().filter(l -> l.startsWith("BUG:")).toList());
    assertEquals("slabrace: t: 100 events analysed, 3 findings (3 data-race) in 3 reports,"
        + " 2 not printed (--max-reports 1)", out.lines().reduce((x, y) -> y).orElseThrow());
  }
}
