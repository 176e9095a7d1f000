package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        () -> assertEquals("slabrace: " + sample("stride-wmb-rmb.jsonl") + ": 10 events analysed,"
            + " no findings\n", clean.out()));
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
        () -> assertTrue(ignored.out().endsWith(" analysed, no findings\n"), ignored.out()));
  }

  @Test
  void filtersFromAFile(@TempDir Path dir) throws IOException {
    Path args = dir.resolve("filters");
    Files.writeString(args, "--only user\n--ignore-func drain_items\n");
    Cli r = Cli.run("analyze", "--quiet", "@" + args, sample("stride-early-plain-handoff.jsonl"));
    assertEquals(0, r.exit(), r.err());
  }

  /** --typesafe-cache, from an options file, for a trace that does not declare its caches. */
  @Test
  void typesafeCache_fromAFile_forATraceWithoutCacheDeclarations(@TempDir Path dir)
      throws IOException {
    Path trace = dir.resolve("undeclared.jsonl");
    Files.write(trace, Files.readAllLines(Path.of(sample("typesafe-by-rcu-plain-peek.jsonl")))
        .stream().filter(l -> !l.contains("\"op\":\"cache\"")).toList());
    Path options = dir.resolve("options");
    Files.writeString(options, "--typesafe-cache sighand_cache,files_cache\n");
    Cli plain = Cli.run("analyze", "--quiet", "--report", "json", trace.toString());
    Cli typesafe = Cli.run("analyze", "--quiet", "@" + options, trace.toString());
    assertAll(
        () -> assertEquals(1, plain.exit(), plain.err()),
        () -> assertTrue(plain.out().contains("\"kind\":\"use-after-free\""), plain.out()),
        () -> assertTrue(!plain.out().contains("typesafe_by_rcu_cache"), plain.out()),
        () -> assertEquals(1, typesafe.exit(), typesafe.err()),
        () -> assertEquals(1, typesafe.out().split("BUG: KCSAN").length - 1, typesafe.out()),
        () -> assertTrue(typesafe.out().contains("BUG: KCSAN: data-race in copy_sighand /"
            + " lock_task_sighand"), typesafe.out()),
        () -> assertTrue(typesafe.out().contains("cache: sighand_cache is SLAB_TYPESAFE_BY_RCU"),
            typesafe.out()));
  }

  @Test
  void handoffs_listsUnorderedCrossings() {
    Cli r = Cli.run("handoffs", sample("stride-early-plain-handoff.jsonl"));
    assertAll(
        () -> assertEquals(0, r.exit(), r.err()),
        () -> assertTrue(r.out().endsWith(": 1 object freed by another task, 1 with no ordering"
            + " from their allocation\n"
            + " unordered    ordered    crossed  allocation site -> free site\n"
            + "         1          0          1  queue_item+0x1c/0x80 -> drain_items+0x5e/0x90\n"),
            r.out()));
  }

  @Test
  void ftraceWithoutAccesses_reportsNoRaces_listsHandoffs() {
    Path capture = SAMPLES.resolve("ftrace/debian-6.1-trace.txt");
    assertTrue(Files.isRegularFile(capture), "missing " + capture + ": the real Debian 6.1 captures"
        + " are part of the repository");
    Cli analyze = Cli.run("analyze", capture.toString());
    Cli handoffs = Cli.run("handoffs", capture.toString());
    assertAll(
        () -> assertEquals(0, analyze.exit(), analyze.err()),
        () -> assertEquals("slabrace: " + capture + ": 1995 events analysed, no findings\n",
            analyze.out()),
        () -> assertTrue(analyze.err().contains("note: 18 object(s) freed by another task with no"
            + " observed ordering from their allocation are not reported as races"), analyze.err()),
        () -> assertTrue(analyze.err().contains(": 1995 events, no findings"), analyze.err()),
        () -> assertTrue(handoffs.out().contains("340 objects freed by another task, 18 with no"
            + " ordering from their allocation"), handoffs.out()));
  }

  @Test
  void threads_sameReportsAsOneEngine() throws IOException {
    for (String trace : GoldenReportsTest.traces().toList()) {
      Cli one = Cli.run("analyze", "--quiet", sample(trace));
      Cli three = Cli.run("analyze", "--quiet", "--threads", "3", sample(trace));
      assertEquals(one.exit(), three.exit(), trace);
      assertEquals(one.out(), three.out(), trace);
    }
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

  @Test
  void maxReports_limitsTextReports_summarySaysHowManyWereLeftOut() {
    Cli r = Cli.run("analyze", "--quiet", "--max-reports", "2", sample("tty-flush-plain.jsonl"));
    Cli negative = Cli.run("analyze", "--max-reports", "-1", sample("tty-flush-plain.jsonl"));
    assertAll(
        () -> assertEquals(1, r.exit()),
        () -> assertEquals(2, r.out().split("BUG: KCSAN").length - 1, r.out()),
        () -> assertTrue(r.out().endsWith(": 15 events analysed, 8 findings (2 data-race,"
            + " 6 assert-race) in 7 reports, 5 not printed (--max-reports 2)\n"), r.out()),
        () -> assertEquals(2, negative.exit()),
        () -> assertTrue(negative.err().startsWith("slabrace: --max-reports: expected a number of"
            + " at least 0 but was -1\n"), negative.err()));
  }

  @Test
  void baseline_failsOnlyOnNewFindings(@TempDir Path dir) throws IOException {
    String baseline = dir.resolve("known.baseline").toString();
    Cli write = Cli.run("analyze", "--quiet", "--write-baseline", baseline,
        sample("stride-race.jsonl"));
    Cli same = Cli.run("analyze", "--baseline", baseline, sample("stride-race.jsonl"));
    Cli other = Cli.run("analyze", "--quiet", "--baseline", baseline,
        sample("stride-early-plain-handoff.jsonl"));
    assertAll(
        () -> assertEquals(0, write.exit(), write.err()),
        () -> assertTrue(write.out().contains("BUG: KCSAN: data-race"), write.out()),
        () -> assertEquals(List.of("# slabrace baseline v1: one key per line, kind then"
                + " function:access of both sides",
                "data-race alloc_slab_obj_exts:write slab_obj_ext:read"),
            Files.readAllLines(Path.of(baseline))),
        () -> assertEquals(0, same.exit(), same.err()),
        () -> assertTrue(same.out().contains("BUG: KCSAN: data-race"), "still reported"),
        () -> assertTrue(same.out().endsWith(" in 1 report, 0 new (not in the baseline)\n"),
            same.out()),
        () -> assertTrue(same.err().endsWith(": 8 events, 1 finding (1 data-race), 0 new\n"),
            same.err()),
        () -> assertEquals(1, other.exit()),
        () -> assertTrue(other.out().endsWith(", 4 new (not in the baseline)\n"), other.out()));
  }

  @Test
  void baselineKeys_surviveARerecording(@TempDir Path dir) throws IOException {
    // Another recording of the same race: other tasks, CPUs, addresses, event ids and code offsets.
    String original = Files.readString(SAMPLES.resolve("stride-race.jsonl"));
    String rerecorded = original
        .replace("\"tid\":101,\"cpu\":0", "\"tid\":7,\"cpu\":3")
        .replace("\"tid\":202,\"cpu\":1", "\"tid\":9,\"cpu\":5")
        .replace("ffffea0004000", "ffffea0007770")
        .replace("+0x1a4/0x2b0", "+0x1c0/0x2d0")
        .replace("+0x2e/0x40", "+0x31/0x48")
        .replace("{\"op\":\"alloc\"", "{\"op\":\"fence\",\"tid\":7,\"kind\":\"mb\"}\n"
            + "{\"op\":\"alloc\"");
    assertFalse(rerecorded.equals(original));
    Path trace = dir.resolve("stride-race-2.jsonl");
    Files.writeString(trace, rerecorded);
    String baseline = dir.resolve("b").toString();
    Cli write = Cli.run("analyze", "--quiet", "--write-baseline", baseline,
        sample("stride-race.jsonl"));
    Cli check = Cli.run("analyze", "--quiet", "--baseline", baseline, trace.toString());
    assertAll(
        () -> assertEquals(0, write.exit(), write.err()),
        () -> assertEquals(0, check.exit(), check.out()),
        () -> assertTrue(check.out().contains("events 5 and 8"), check.out()));
  }

  @Test
  void baseline_unreadableOrMalformed_exit2(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("bad.baseline");
    Files.writeString(bad, "# known\ndata-race only_one_side:read\n");
    Cli malformed = Cli.run("analyze", "--baseline", bad.toString(), sample("stride-race.jsonl"));
    String missing = dir.resolve("none").toString();
    Cli absent = Cli.run("analyze", "--baseline", missing, sample("stride-race.jsonl"));
    assertAll(
        () -> assertEquals(2, malformed.exit()),
        () -> assertEquals("slabrace: " + bad + ":2: not a baseline key: expected a finding kind"
            + " and two function:access words, got 'data-race only_one_side:read'\n",
            malformed.err()),
        () -> assertEquals("", malformed.out()),
        () -> assertEquals(2, absent.exit()),
        () -> assertEquals("slabrace: " + missing + ": no such file\n", absent.err()));
  }

  @Test
  void sarif_oneLogForAllTraces_oneRunPerTrace() throws IOException {
    Cli r = Cli.run("analyze", "--quiet", "--report", "sarif", sample("stride-race.jsonl"),
        sample("double-free.jsonl"), sample("lock-protected.jsonl"));
    assertAll(
        () -> assertEquals(1, r.exit()),
        () -> assertTrue(r.out().startsWith("{\n  \"$schema\": "), r.out()),
        () -> assertEquals(1, r.out().split("\"runs\"", -1).length - 1),
        () -> assertEquals(3, r.out().split("\"automationDetails\"", -1).length - 1),
        () -> assertEquals(2, r.out().split("\"ruleId\"", -1).length - 1, r.out()),
        () -> assertEquals(3, r.out().split("\"analysisTarget\"", -1).length - 1));
  }

  @Test
  void notATerminal_noProgressBar() {
    Cli r = Cli.run("analyze", sample("stride-race.jsonl"));
    assertFalse(r.err().contains("\r"), r.err());
  }
}
