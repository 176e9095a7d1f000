package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task names and contexts of an ftrace capture in the reports: {@code Comm:} and KASAN's
 * {@code by task <comm>/<pid>} from the line's {@code bash-777} prefix, and {@code by interrupt} for
 * a line in softirq context.
 */
final class FtraceTaskNamesTest {
  private static final String TRACE = String.join("\n",
      "# tracer: nop",
      "#",
      "           bash-777     [000] .....  1.000000: kmalloc: call_site=conn_new+0x2a/0x90"
          + " ptr=0xffff888104a2c800 bytes_req=64 bytes_alloc=64 gfp_flags=GFP_KERNEL",
      "           bash-777     [000] .....  1.000100: slabrace_store: (conn_set+0x11/0x30)"
          + " addr=0xffff888104a2c810 size=4 val=1",
      "    kworker/1:2-88      [001] .....  1.000200: slabrace_load: (conn_work+0x16/0x60)"
          + " addr=0xffff888104a2c810 size=4 val=1",
      "          <idle>-0       [001] ..s1.  1.000300: slabrace_load: (conn_timer_fn+0x16/0x60)"
          + " addr=0xffff888104a2c810 size=4 val=1",
      "           bash-777     [000] .....  1.000400: kfree: call_site=conn_free+0x2a/0x90"
          + " ptr=0xffff888104a2c800",
      "    kworker/1:2-88      [001] .....  1.000500: slabrace_load: (conn_work+0x26/0x60)"
          + " addr=0xffff888104a2c810 size=4 val=1",
      "");

  @Test
  void commFromTheLinePrefix_interruptContext(@TempDir Path dir) throws IOException {
    Path t = dir.resolve("comm.txt");
    Files.writeString(t, TRACE);
    Cli r = Cli.run("analyze", "--quiet", t.toString());
    String out = r.out();
    assertAll(
        () -> assertEquals(1, r.exit(), r.err()),
        () -> assertTrue(out.contains("read to 0xffff888104a2c810 of 4 bytes by task 88 on cpu 1:\n"
            + " conn_work+0x16/0x60\n"), out),
        () -> assertTrue(out.contains("CPU: 1 PID: 88 Comm: kworker/1:2 Not tainted slabrace\n"
            + "Hardware name: slabrace trace " + t + ", events 1 and 2\n"), out),
        () -> assertTrue(out.contains("read to 0xffff888104a2c810 of 4 bytes by interrupt on cpu 1:\n"
            + " conn_timer_fn+0x16/0x60\n"), out),
        () -> assertTrue(out.contains("CPU: 0 PID: 777 Comm: bash Not tainted slabrace\n"), out),
        () -> assertTrue(out.contains("BUG: KASAN: slab-use-after-free in conn_work+0x26/0x60\n"
            + "Read of size 4 at addr ffff888104a2c810 by task kworker/1:2/88\n\n"
            + "CPU: 1 PID: 88 Comm: kworker/1:2 Not tainted slabrace\n"), out));
  }

  @Test
  void commInJson(@TempDir Path dir) throws IOException {
    Path t = dir.resolve("comm.txt");
    Files.writeString(t, TRACE);
    Cli r = Cli.run("analyze", "--quiet", "--report", "json", t.toString());
    assertTrue(r.out().contains("{\"id\":1,\"task\":\"777\",\"comm\":\"bash\",\"cpu\":0,"), r.out());
  }
}
