package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real reader and engine behind the command line: exit statuses, filters, handoffs, errors. */
final class EndToEndTest {
  private static final Path SAMPLES =
      Path.of(System.getProperty("slabrace.root", "..")).resolve("sample-traces");

  private static String sample(String name) {
    return SAMPLES.resolve(name).toString();
  }

  @Test
  void racyTrace_exit1_cleanTrace_exit0() {
    Cli racy = Cli.run("analyze", "--quiet", sample("stride-race.jsonl"));
    Cli clean = Cli.run("analyze", "--quiet", sample("stride-wmb-rmb.jsonl"));
    assertAll(
        () -> assertEquals(1, racy.exit()),
        () -> assertTrue(racy.out().contains("BUG: KCSAN: data-race in alloc_slab_obj_exts / "
            + "slab_obj_ext\n"), racy.out()),
        () -> assertEquals(0, clean.exit()),
        () -> assertEquals("", clean.out()));
  }

  @Test
  void unreadableTraceAmongOthers_othersAnalysed_exit2(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("bad.jsonl");
    Files.writeString(bad, "{\"op\":\"load\",\"tid\":1,\"addr\":\"0x10\",\"size\":4}\n{\"op\":\"nope\"}\n");
    Cli r = Cli.run("analyze", "--report", "json", "--quiet", sample("stride-race.jsonl"),
        bad.toString(), sample("lock-protected.jsonl"));
    assertAll(
        () -> assertEquals(2, r.exit()),
        () -> assertEquals(2, r.out().lines().count(), r.out()),
        () -> assertEquals("slabrace: " + bad + ":2: unknown op 'nope'\n", r.err()));
  }

  @Test
  void onlyAndIgnoreFunc_filterFindings() {
    String trace = sample("stride-early-plain-handoff.jsonl");
    Cli user = Cli.run("analyze", "--quiet", "--only", "user", trace);
    Cli slab = Cli.run("analyze", "--quiet", "--only", "slab-meta,obj-ext", trace);
    Cli ignored = Cli.run("analyze", "--quiet", "--only", "user", "--ignore-func", "drain_items",
        trace);
    assertAll(
        () -> assertEquals(1, user.out().split("BUG: KCSAN").length - 1, user.out()),
        () -> assertTrue(user.out().contains("region: work_queue->item (user)"), user.out()),
        () -> assertEquals(1, slab.out().split("BUG: KCSAN").length - 1, slab.out()),
        () -> assertTrue(slab.out().contains("triage: user-handoff"), slab.out()),
        () -> assertEquals(0, ignored.exit()),
        () -> assertEquals("", ignored.out()));
  }

  @Test
  void filtersFromAFile(@TempDir Path dir) throws IOException {
    Path args = dir.resolve("filters");
    Files.writeString(args, "--only user\n--ignore-func drain_items\n");
    Cli r = Cli.run("analyze", "--quiet", "@" + args, sample("stride-early-plain-handoff.jsonl"));
    assertEquals(0, r.exit(), r.err());
  }

  @Test
  void handoffs_listsUnorderedCrossings() {
    Cli r = Cli.run("handoffs", sample("stride-early-plain-handoff.jsonl"));
    assertAll(
        () -> assertEquals(0, r.exit(), r.err()),
        () -> assertTrue(r.out().endsWith(": 1 object freed by another task, 1 with no ordering"
            + " from their allocation\n"
            + " unordered    ordered    crossed  allocation site -> free site\n"
            + "         1          0          1  queue_item+0x1c/0x80 -> kfree+0x1b2/0x2a0\n"),
            r.out()));
  }

  @Test
  void ftraceWithoutAccesses_reportsNoRaces_listsHandoffs() {
    Path capture = Path.of(System.getProperty("slabrace.root", "..")).resolve(
        "../shared/samples/ftrace/debian-6.1-trace.txt");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(capture), "shared samples missing");
    Cli analyze = Cli.run("analyze", capture.toString());
    Cli handoffs = Cli.run("handoffs", capture.toString());
    assertAll(
        () -> assertEquals(0, analyze.exit(), analyze.err()),
        () -> assertEquals("", analyze.out()),
        () -> assertTrue(analyze.err().contains("note: 18 object(s) freed by another task with no"
            + " observed ordering from their allocation are not reported as races"), analyze.err()),
        () -> assertTrue(analyze.err().contains(": 1995 events, no findings"), analyze.err()),
        () -> assertTrue(handoffs.out().contains("340 objects freed by another task, 18 with no"
            + " ordering from their allocation"), handoffs.out()));
  }

  @Test
  void badSize_oneLineNamingFileAndLine(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("big.jsonl");
    Files.writeString(bad, "{\"op\":\"load\",\"tid\":1,\"addr\":\"0x10\",\"size\":9000}\n");
    Cli r = Cli.run("analyze", bad.toString());
    assertAll(
        () -> assertEquals(2, r.exit()),
        () -> assertEquals("slabrace: " + bad + ":1: size: expected an integer from 1 to 4096,"
            + " got 9000\n", r.err()),
        () -> assertFalse(r.err().contains("Exception")));
  }
}
