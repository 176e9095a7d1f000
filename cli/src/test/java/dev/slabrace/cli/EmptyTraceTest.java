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
 * A trace without a single event is no error (exit 0), but standard error says so, with the likely
 * cause: for an ftrace export, events not enabled or the wrong tracefs; for the other formats, an
 * empty file.
 */
final class EmptyTraceTest {
  private static final String FTRACE_CAUSE = "the trace holds no events: no kmem, sched,"
      + " workqueue, RCU, lock or slab_access event line: were the events enabled (echo 1 >"
      + " /sys/kernel/tracing/events/kmem/enable; trace-formats/spec/ftrace.md lists the others),"
      + " and was the trace read from the tracefs that recorded them (/sys/kernel/tracing, or"
      + " /sys/kernel/debug/tracing on older kernels)?";

  @TempDir Path dir;

  @Test
  void emptyFile_exit0_saysSo() throws IOException {
    Path t = Files.createFile(dir.resolve("t.jsonl"));
    Cli r = Cli.run("analyze", "--quiet", t.toString());
    assertAll(
        () -> assertEquals(0, r.exit()),
        () -> assertEquals("slabrace: " + t + ": note: the trace holds no events: the input is empty"
            + " or holds only comments, blank lines or a header\n", r.err()));
  }

  @Test
  void ftraceHeaderOnly_exit0_namesTheLikelyCause() throws IOException {
    Path t = dir.resolve("trace.txt");
    Files.writeString(t, "# tracer: nop\n#\n# entries-in-buffer/entries-written: 0/0   #P:2\n#\n");
    Cli analyze = Cli.run("analyze", t.toString());
    Cli stats = Cli.run("stats", t.toString());
    Cli handoffs = Cli.run("handoffs", t.toString());
    String note = "slabrace: " + t + ": note: " + FTRACE_CAUSE + "\n";
    assertAll(
        () -> assertEquals(0, analyze.exit()),
        () -> assertTrue(analyze.err().startsWith(note), analyze.err()),
        () -> assertTrue(analyze.err().endsWith("slabrace: " + t + ": 0 events, no findings\n"),
            analyze.err()),
        () -> assertEquals(0, stats.exit()),
        () -> assertEquals(note, stats.err()),
        () -> assertEquals(0, handoffs.exit()),
        () -> assertEquals(note, handoffs.err()));
  }

  @Test
  void traceWithEvents_noSuchNote() {
    Cli r = Cli.run("analyze", Path.of(System.getProperty("slabrace.root", ".."))
        .resolve("sample-traces").resolve("lock-protected.jsonl").toString());
    assertTrue(!r.err().contains("no events"), r.err());
  }
}
