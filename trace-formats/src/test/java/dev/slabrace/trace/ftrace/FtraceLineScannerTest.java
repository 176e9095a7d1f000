package dev.slabrace.trace.ftrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.ftrace.FtraceLineScanner.Context;
import dev.slabrace.trace.ftrace.FtraceLineScanner.Kind;
import org.junit.jupiter.api.Test;

final class FtraceLineScannerTest {
  private final FtraceLineScanner scanner = new FtraceLineScanner();

  private FtraceLineScanner event(String line) {
    assertEquals(Kind.EVENT, scanner.scan(line), line);
    return scanner;
  }

  private String payload(FtraceLineScanner s) {
    return s.text.substring(s.payloadStart);
  }

  @Test
  void scan_digitsToTheEndOfTheLine_areNoEvent() {
    // found by FtraceFuzzTest: a pid followed by nothing but digits read past the line's end
    assertEquals(Kind.NONE, new FtraceLineScanner().scan("  rie          init-1 2"));
    assertEquals(Kind.NONE, new FtraceLineScanner().scan("a-1 123456789"));
  }

  @Test
  void comm_sameFromTheTextAndFromTheBytes() {
    for (String line : new String[] {
        "    kworker/1:2-88      [001] .....  1.000200: kmalloc: call_site=f+0x1/0x2 ptr=0x10",
        "  my-comm-with dashes-4242 (   4242) [000] ..... 2.0: kfree: call_site=f+0x1/0x2 ptr=0x10",
        "bash-777 [000] 3.0: kfree: call_site=f+0x1/0x2 ptr=0x10"}) {
      String expected = line.substring(0, line.indexOf(line.startsWith("  my") ? "-4242" : line
          .startsWith("bash") ? "-777" : "-88")).strip();
      assertEquals(expected, event(line).comm(), line);
      byte[] b = ("xx" + line + "yy").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      BytePrefix prefix = new BytePrefix();
      assertTrue(prefix.read(b, 2, b.length - 2), line);
      assertEquals(expected, prefix.line.comm(), line);
    }
  }

  @Test
  void scan_traceFileDefaultOptions() {
    FtraceLineScanner s = event("            init-1       [000] .....     2.565005: kmem_cache_free:"
        + " call_site=__fput+0x100/0x250 ptr=ff2e4d3b812e4558 name=lsm_file_cache");
    assertEquals(1, s.pid);
    assertEquals(0, s.cpu);
    assertTrue(s.hasFlags);
    assertEquals(Context.TASK, s.context);
    assertEquals(2_565_005_000L, s.ts);
    assertEquals("kmem_cache_free", s.name());
    assertTrue(payload(s).startsWith("call_site=__fput"));
  }

  @Test
  void scan_recordTgid() {
    FtraceLineScanner s = event("            init-1       (      1) [000] .....     3.439293:"
        + " kmem_cache_free: call_site=__fput+0x100/0x250 ptr=ff297985822529c0 name=lsm_file_cache");
    assertEquals(1, s.pid);
    assertEquals(0, s.cpu);
    s = event("          <idle>-0       (-------) [001] d.h1.     3.440554: softirq_raise: vec=1"
        + " [action=TIMER]");
    assertEquals(0, s.pid);
    assertEquals(1, s.cpu);
    assertEquals(Context.HARDIRQ, s.context);
  }

  @Test
  void scan_withoutIrqInfo() {
    FtraceLineScanner s = event("            init-1       [000]      3.439786: kfree:"
        + " call_site=tomoyo_check_open_permission+0x107/0x190 ptr=0000000000000000");
    assertFalse(s.hasFlags);
    assertEquals(Context.TASK, s.context);
    assertEquals(3_439_786_000L, s.ts);
    assertEquals("kfree", s.name());
  }

  @Test
  void scan_traceCmdPaddedNameAndPluginPrefix() {
    FtraceLineScanner s = event("            init-1     [000]     3.439293: kmem_cache_free:      "
        + "(__fput+0x100) call_site=__fput+0x100 ptr=0xff297985822529c0 name=lsm_file_cache");
    assertFalse(s.hasFlags);
    assertEquals("kmem_cache_free", s.name());
    assertTrue(payload(s).startsWith("(__fput+0x100) call_site="));
  }

  @Test
  void scan_fourCharFlagsOfOldKernels() {
    FtraceLineScanner s = event(" cat-382   [000] ...1  2935.586706: kmalloc: call_site=c0554644"
        + " ptr=de515a00 bytes_req=384 bytes_alloc=512 gfp_flags=GFP_ATOMIC");
    assertEquals(382, s.pid);
    assertEquals(Context.TASK, s.context);
    assertEquals(Context.SOFTIRQ, event("  sshd-1200  [002] ..s3  10.000001: kfree: ptr=x").context);
  }

  @Test
  void scan_sixCharFlags() {
    assertEquals(Context.SOFTIRQ, event("  a-5  [003] dNs2..  1.000000: kfree: ptr=0").context);
    assertEquals(Context.HARDIRQ, event("  a-5  [003] d.Lh1.  1.000000: kfree: ptr=0").context);
  }

  @Test
  void scan_sevenCharPreemptRtFlags() {
    FtraceLineScanner s = event("          <idle>-0       [009] dn.h2..   555.400822: ipi_raise:"
        + " target_mask=00000000,00000002 (Function call interrupts)");
    assertEquals(9, s.cpu);
    assertEquals(Context.HARDIRQ, s.context);
    assertEquals(Context.TASK, event("       swapper/0-1       [002] ....1..     0.831928: my:"
        + " (pci_enable_ats+0x0/0xa0) a=8").context);
  }

  @Test
  void scan_contextLetters() {
    assertEquals(Context.HARDIRQ, event("  a-5  [000] d.H2.  1.0: kfree: ptr=0").context);
    assertEquals(Context.NMI, event("  a-5  [000] d.z2.  1.0: kfree: ptr=0").context);
    assertEquals(Context.NMI, event("  a-5  [000] d.Z2.  1.0: kfree: ptr=0").context);
    assertEquals(Context.TASK, event("  a-5  [000] dN.f.  1.0: kfree: ptr=0").context);
  }

  @Test
  void scan_commsWithDashesSpacesColonsAndUnknown() {
    assertEquals(107, event("  load-worker.sh-107     [001] dNs2.     3.976887: workqueue_queue_work:"
        + " work struct=ff2979858215f9e8").pid);
    assertEquals(25, event("     kworker/u4:1-25      [001] .....     3.977161: workqueue_execute_start:"
        + " work struct ff2979858215f9e8: function wb_workfn").pid);
    assertEquals(1299, event("      test:.sh-1299  [000] .....  5.0: kfree: ptr=0").pid);
    assertEquals(3979, event("           <...>-3979  [007]   217.975284: sched_stat_runtime:"
        + "   comm=Thread-103 pid=3979").pid);
    FtraceLineScanner s = event("  my worker-9 x-12     [001] .....  1.5: kfree: ptr=0");
    assertEquals(12, s.pid);
    assertEquals(1, s.cpu);
    assertEquals(7, event("  a-1 [x]-7  [002] .....  1.5: kfree: ptr=0").pid);
  }

  @Test
  void scan_traceCmdLatencyGluedCpuAndFlags() {
    FtraceLineScanner s = event("load-wor-107     1dNs2.     3.976887: workqueue_queue_work:"
        + "  work struct=0xff2979858215f9e8 function=wb_workfn");
    assertEquals(107, s.pid);
    assertEquals(1, s.cpu);
    assertTrue(s.hasFlags);
    assertEquals(Context.SOFTIRQ, s.context);
    s = event("irq/43-e-280     0....2    74.017658: softirq_raise:        vec=3 [action=NET_RX]");
    assertEquals(280, s.pid);
    assertEquals(0, s.cpu);
  }

  @Test
  void scan_timestampsOfOtherClocks() {
    assertEquals(EventCursor.NO_REF, event("  a-5  [000] .....  123456789012: kfree: ptr=0").ts);
    assertEquals(3_439_293_123L, event("  init-1  [000]  3.439293123: kfree: ptr=0").ts);
  }

  @Test
  void scan_functionTracerLineIsPrefixOnly() {
    assertEquals(Kind.PREFIX_ONLY, scanner.scan("            bash-1234  [000] ....  1.000000:"
        + " do_sys_open <-do_syscall_64"));
  }

  @Test
  void scan_otherLinesAreNotEvents() {
    for (String line : new String[] {"", "cpus=2", "CPU 0 is empty", "{\"op\":\"alloc\",\"tid\":1}",
        "# tracer: nop", " 1)   1.692 us    |  f();", "copy_mount_options(): copy 0xd017d560b000",
        "  init-1 [000] .....  3.4397", "a-1 [000] ..... 1.0:kfree: ptr=0"}) {
      assertEquals(Kind.NONE, scanner.scan(line), line);
    }
  }

  @Test
  void scan_emptyTracePrintkNameSlot() {
    FtraceLineScanner s = event("        automount-5999  [001] .......   170.320000: : ");
    assertEquals("", s.name());
  }
}
