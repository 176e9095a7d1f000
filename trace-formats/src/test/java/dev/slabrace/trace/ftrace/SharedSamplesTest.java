package dev.slabrace.trace.ftrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.trace.Op;
import dev.slabrace.trace.ftrace.Decoded.Ev;
import dev.slabrace.trace.ftrace.FtraceLineScanner.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real Debian 6.1 excerpts in sample-traces/ftrace: one buffer exported as the trace file
 * (default, record-tgid, irq-info off), as trace-cmd report with and without plugins, and a run with
 * kprobe events.
 */
final class SharedSamplesTest {
  private static final Path DIR =
      Path.of(System.getProperty("slabrace.root", ".."), "sample-traces", "ftrace");
  private static final String TRACE = "debian-6.1-trace.txt";
  private static final String TGID = "debian-6.1-trace-tgid.txt";
  private static final String NO_IRQ_INFO = "debian-6.1-trace-noirqinfo.txt";
  private static final String REPORT = "debian-6.1-trace-cmd-report.txt";
  private static final String REPORT_NO_PLUGIN = "debian-6.1-trace-cmd-report-noplugin.txt";
  private static final String KPROBES = "debian-6.1-kprobes.txt";
  /** A kmem line whose pointer is not NULL, found independently of the reader. */
  private static final Pattern KMEM = Pattern.compile(
      " (kmalloc|kmem_cache_alloc|kfree|kmem_cache_free): +(?:\\([^)]*\\) )?call_site=\\S+ ptr=(\\S+)");

  static Stream<String> excerpts() {
    return Stream.of(TRACE, TGID, NO_IRQ_INFO, REPORT, REPORT_NO_PLUGIN, KPROBES);
  }

  private static Decoded read(String file) throws IOException {
    assertTrue(Files.isRegularFile(DIR.resolve(file)), "missing sample " + DIR.resolve(file)
        + ": the real Debian 6.1 captures are part of the repository (run from its root, or set"
        + " -Dslabrace.root)");
    try (InputStream in = Files.newInputStream(DIR.resolve(file))) {
      return Decoded.read(in, file, false);
    }
  }

  @ParameterizedTest
  @MethodSource("excerpts")
  void everyLineParses(String file) throws IOException {
    Decoded d = read(file);
    assertEquals(0, d.skipped());
    assertTrue(d.notes().stream().noneMatch(n -> n.contains("timestamped before")), d.notes().toString());
    FtraceLineScanner scanner = new FtraceLineScanner();
    List<String> lines = Files.readAllLines(DIR.resolve(file));
    int kmem = 0;
    int freedAgain = 0;
    Map<String, Boolean> freed = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("#") || line.isBlank() || line.startsWith("cpus=")) {
        continue;
      }
      assertEquals(Kind.EVENT, scanner.scan(line), file + ":" + (i + 1) + ": " + line);
      Matcher m = KMEM.matcher(line);
      if (m.find() && !m.group(2).matches("0+|\\(nil\\)|\\(null\\)")) {
        boolean free = m.group(1).endsWith("free");
        if (free && freed.getOrDefault(m.group(2), false)) {
          freedAgain++;
        } else {
          kmem++;
        }
        freed.put(m.group(2), free);
      }
    }
    assertTrue(kmem > 0, file);
    assertEquals(kmem, d.of(Op.ALLOC).size() + d.of(Op.FREE).size(), file);
    // maple_node objects come from kmem_cache_alloc_bulk, which emits no event
    if (freedAgain > 0) {
      String count = "(" + freedAgain + " such frees in all)";
      assertTrue(d.notes().stream().anyMatch(n -> n.contains("(maple_node) is freed again") && n.contains(count)),
          d.notes().toString());
    }
  }

  @Test
  void kprobeExcerpt_onlyKmemAndSchedulerLinesMap() throws IOException {
    Decoded d = read(KPROBES);
    assertTrue(d.events().stream().allMatch(e -> e.op() == Op.ALLOC || e.op() == Op.FREE
        || e.op() == Op.SIGNAL || e.op() == Op.WAIT || e.op() == Op.FORK), "no accesses");
    Ev first = d.events().get(0);
    assertEquals(Op.FREE, first.op());
    assertEquals(14, first.line());
    assertEquals(0xff27db4cc1929990L, first.addr());
    assertEquals("lsm_file_cache", first.cache());
  }

  @Test
  void sameBuffer_traceFileVariantsGiveTheSameEvents() throws IOException {
    assertSameEvents(TRACE, TGID, true);
  }

  @Test
  void sameBuffer_flaglessVariantsGiveTheSameEvents() throws IOException {
    assertSameEvents(NO_IRQ_INFO, REPORT, true);
    assertSameEvents(NO_IRQ_INFO, REPORT_NO_PLUGIN, true);
    assertSameEvents(REPORT, REPORT_NO_PLUGIN, true);
  }

  /**
   * Without a flags column the reader cannot tell a task from a hard interrupt that has no entry/exit
   * event (the timer raising softirqs) or from softirq work after softirq_exit (waking ksoftirqd), so
   * it drops the signals made outside known interrupts (and the waits for wakeups so dropped). Every
   * other event agrees with the flagged export, and every signal the flagless export keeps is in the
   * flagged one, made by the same task.
   */
  @Test
  void sameBuffer_flaggedAndFlaglessVariantsAgreeButForSignalsOfUnknownContext() throws IOException {
    assertSameEvents(TRACE, NO_IRQ_INFO, false);
    assertSameEvents(TRACE, REPORT, false);
    assertSameEvents(TGID, REPORT_NO_PLUGIN, false);
  }

  /**
   * Compares two exports of one buffer over the span both cover: per CPU (the order of one CPU's
   * buffer is exact; lines of different CPUs with equal timestamps may be merged in either order),
   * event by event: op, timestamp, task, address, size, cache, key, child and call-site function.
   */
  private static void assertSameEvents(String a, String b, boolean bothFlagged) throws IOException {
    List<Ev> x = read(a).events();
    List<Ev> y = read(b).events();
    long end = Math.min(x.get(x.size() - 1).ts(), y.get(y.size() - 1).ts());
    int compared = 0;
    for (int cpu = 0; cpu < 2; cpu++) {
      List<String> xs = signatures(x, cpu, end, bothFlagged);
      List<String> ys = signatures(y, cpu, end, bothFlagged);
      assertEquals(xs.size(), ys.size(), a + " vs " + b + " on CPU " + cpu);
      for (int i = 0; i < xs.size(); i++) {
        assertEquals(xs.get(i), ys.get(i), a + " vs " + b + " on CPU " + cpu + ", event " + i);
      }
      compared += xs.size();
      if (!bothFlagged) {
        List<Ev> kept = contextSignals(y, cpu, end);
        List<Ev> all = contextSignals(x, cpu, end);
        List<String> flagged = all.stream().map(SharedSamplesTest::signature).toList();
        List<String> anyTask = all.stream().map(e -> e.op() + " " + e.ts() + " " + e.key()).toList();
        for (Ev e : kept) {
          if (!flagged.contains(signature(e))) {
            // a hard interrupt nested in a softirq, with no entry event of its own, is credited to
            // the softirq that brackets it
            assertEquals("softirq/" + cpu, e.tid(), b + " keeps a signal that " + a + " lacks: " + e);
            assertTrue(anyTask.contains(e.op() + " " + e.ts() + " " + e.key()), e.toString());
          }
        }
        assertTrue(kept.size() < all.size(), b + " should drop some signals on CPU " + cpu);
      }
    }
    assertTrue(compared > 500, a + " vs " + b + ": only " + compared + " events in common");
  }

  /**
   * Whether a flags-less export may drop or keep {@code e}: a signal other than a CPU handoff, or the
   * wait for a wakeup (there is none when its sched_waking was dropped).
   */
  private static boolean contextSignal(Ev e) {
    return (e.op() == Op.SIGNAL && !e.key().startsWith("cpu:"))
        || (e.op() == Op.WAIT && e.key().startsWith("wake:"));
  }

  private static List<Ev> contextSignals(List<Ev> events, int cpu, long end) {
    return events.stream().filter(e -> e.cpu() == cpu && e.ts() < end && contextSignal(e)).toList();
  }

  private static List<String> signatures(List<Ev> events, int cpu, long end, boolean withSignals) {
    List<String> out = new ArrayList<>();
    for (Ev e : events) {
      if (e.cpu() == cpu && e.ts() < end && (withSignals || !contextSignal(e))) {
        out.add(signature(e));
      }
    }
    return out;
  }

  private static String signature(Ev e) {
    return e.op() + " " + e.ts() + " " + e.tid() + " " + Long.toHexString(e.addr()) + " " + e.size()
        + " " + e.cache() + " " + e.key() + " " + e.child() + " " + e.function();
  }
}
