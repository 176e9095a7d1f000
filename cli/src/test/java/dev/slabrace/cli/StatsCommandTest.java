package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slabrace.report.StatsReporter;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.TraceReader;
import dev.slabrace.trace.TraceStats;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slabrace stats}: counts, time span, objects, lenient skips, reader notes, bad input. */
final class StatsCommandTest {
  @Test
  void timestampsObjectsAndSkippedLines(@TempDir Path dir) throws IOException {
    Path trace = dir.resolve("t.jsonl");
    Files.writeString(trace, String.join("\n",
        "{\"op\":\"alloc\",\"tid\":\"kworker/1:0\",\"cpu\":3,\"ts\":1000,\"ptr\":\"0x100\",\"size\":64}",
        "{\"op\":\"free\",\"tid\":\"kworker/1:0\",\"cpu\":3,\"ts\":1500,\"ptr\":\"0x100\"}",
        "{\"op\":\"free\",\"tid\":2,\"cpu\":0,\"ts\":2001250,\"ptr\":\"0x900\"}",
        "{\"op\":\"nope\"}",
        "{\"op\":\"fence\",\"tid\":2,\"kind\":\"mb\"}", ""));
    Cli r = Cli.run("stats", "--lenient", trace.toString());
    assertAll(
        () -> assertEquals(0, r.exit(), r.err()),
        () -> assertEquals("trace: " + trace + "\n"
            + "events: 4\n"
            + "  fence                     1\n"
            + "  alloc                     1\n"
            + "  free                      2\n"
            + "tasks: 2 (kworker/1:0, 2)\n"
            + "cpus: 2 (0, 3)\n"
            + "time span: 2.000 ms (ts 1000 to 2001250)\n"
            + "objects: 1 allocated (64 bytes), 2 freed (1 never seen allocated), 0 live at the end\n"
            + "lost events: none reported by the reader\n"
            + "malformed lines skipped: 1\n", r.out()));
  }

  @Test
  void json_toAFile_sameNumbersAsTheText(@TempDir Path dir) throws IOException {
    Path trace = dir.resolve("t.jsonl");
    Files.writeString(trace, String.join("\n",
        "{\"op\":\"alloc\",\"tid\":\"kworker/1:0\",\"cpu\":3,\"ts\":1000,\"ptr\":\"0x100\",\"size\":64}",
        "{\"op\":\"free\",\"tid\":2,\"cpu\":0,\"ts\":2001250,\"ptr\":\"0x900\"}", ""));
    Path out = dir.resolve("stats.json");
    Cli r = Cli.run("stats", "--report", "json", "-o", out.toString(), trace.toString(),
        trace.toString());
    String doc = "{\"format\":\"slabrace-stats\",\"version\":1,\"trace\":\"" + trace + "\","
        + "\"events\":2,\"per_op\":{\"alloc\":1,\"free\":1},\"tasks\":[\"kworker/1:0\",\"2\"],"
        + "\"cpus\":[0,3],\"first_ts\":1000,\"last_ts\":2001250,\"objects\":{\"allocated\":1,"
        + "\"allocated_bytes\":64,\"freed\":1,\"freed_unseen\":1,\"live_at_end\":1},"
        + "\"notes\":[],\"skipped\":0}\n";
    assertAll(
        () -> assertEquals(0, r.exit(), r.err()),
        () -> assertEquals("", r.out()),
        () -> assertEquals(doc + doc, Files.readString(out)));
  }

  @Test
  void unknownReportFormat_exit2() {
    Cli r = Cli.run("stats", "--report", "html", "t.jsonl");
    assertAll(
        () -> assertEquals(2, r.exit()),
        () -> assertEquals("slabrace: Invalid value for option '--report': expected text or json"
            + " but was 'html'", r.err().lines().findFirst().orElse("")));
  }

  @Test
  void readerNotes_areTheLostEvents() throws IOException {
    EventSource source = new TraceReader(() -> { }, "ring.bin", false) {
      @Override
      public boolean next(EventCursor into) {
        return false;
      }

      @Override
      public List<String> notes() {
        return List.of("offset 4096: CPU 1 lost 340 events; frees may appear without their"
            + " allocations");
      }
    };
    StringWriter out = new StringWriter();
    StatsReporter.print(TraceStats.of(source), out);
    assertEquals("trace: ring.bin\nevents: 0\ntasks: 0\ncpus: 0\ntime span: no timestamps\n"
        + "objects: 0 allocated (0 bytes), 0 freed, 0 live at the end\n"
        + "lost events and other reader notes:\n"
        + "  offset 4096: CPU 1 lost 340 events; frees may appear without their allocations\n",
        out.toString());
  }

  @Test
  void unreadableTrace_othersStillCounted_exit2(@TempDir Path dir) throws IOException {
    Path good = dir.resolve("good.jsonl");
    Files.writeString(good, "{\"op\":\"fence\",\"tid\":1,\"kind\":\"mb\"}\n");
    String missing = dir.resolve("missing.jsonl").toString();
    Cli r = Cli.run("stats", missing, good.toString());
    assertAll(
        () -> assertEquals(2, r.exit()),
        () -> assertEquals("slabrace: " + missing + ": no such file\n", r.err()),
        () -> assertEquals("trace: " + good + "\nevents: 1\n", r.out().substring(0,
            r.out().indexOf("  fence"))));
  }
}
