package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.finding.Access;
import dev.slabrace.finding.AccessType;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingKind;
import dev.slabrace.finding.TraceResult;
import dev.slabrace.finding.TraceSummary;
import dev.slabrace.finding.TraceWarning;
import dev.slabrace.finding.WarningCode;
import dev.slabrace.trace.TraceFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analyze command over a fake analyzer, so that it runs without the reader and the engine. */
final class AnalyzeCommandTest {
  private static Finding finding(FindingKind kind, long a, long b) {
    Access first = new Access(a, "1", 0, AccessType.WRITE, false, 0x10, 4, List.of("f+0x1/0x2"), false, 0);
    Access second = new Access(b, "2", 1, AccessType.READ, false, 0x10, 4, List.of("g+0x1/0x2"), false, 0);
    return new Finding(kind, first, second, 0x10, 4, "", "", false, 0, 0);
  }

  private static TraceResult result(String trace, long events, Finding... findings) {
    return new TraceResult(new TraceSummary(trace, events, List.of(), 0), List.of(findings));
  }

  /** A fake analyzer that answers from a map, and throws for names it does not know. */
  private static TraceAnalyzer fake(Map<String, TraceResult> results) {
    return (trace, options, sink) -> {
      TraceResult r = results.get(trace);
      if (r == null) {
        throw TraceFormatException.atLine(trace, 3, "expected an object");
      }
      r.findings().forEach(sink::accept);
      return r.summary();
    };
  }

  @Test
  void clean_exit0_summaryOnStderr() {
    Cli r = Cli.run(fake(Map.of("a", result("a", 1))), "analyze", "a");
    assertAll(
        () -> assertEquals(0, r.exit()),
        () -> assertEquals("slabrace: a: 1 event analysed, no findings\n", r.out()),
        () -> assertEquals("slabrace: a: 1 event, no findings\n", r.err()));
  }

  @Test
  void findings_exit1_summaryCountsNonzeroKinds() {
    TraceResult a = result("a", 40, finding(FindingKind.USE_AFTER_FREE, 1, 2),
        finding(FindingKind.DATA_RACE, 3, 4), finding(FindingKind.DATA_RACE, 5, 6));
    Cli r = Cli.run(fake(Map.of("a", a)), "analyze", "a");
    assertAll(
        () -> assertEquals(1, r.exit()),
        () -> assertTrue(r.out().startsWith("=".repeat(66) + "\nBUG: KASAN: slab-use-after-free in g+0x1/0x2\n"),
            r.out()),
        () -> assertEquals(
            "slabrace: a: 40 events, 3 findings (2 data-race, 1 use-after-free)\n", r.err()));
  }

  @Test
  void quiet_noSummary() {
    Cli r = Cli.run(fake(Map.of("a", result("a", 1))), "analyze", "--quiet", "a");
    assertEquals(0, r.exit());
    assertEquals("", r.err());
  }

  @Test
  void lenient_passedOn_skippedCounted() {
    TraceAnalyzer analyzer = (trace, options, sink) ->
        new TraceSummary(trace, 9, List.of(), options.lenient() ? 2 : 0);
    Cli r = Cli.run(analyzer, "analyze", "--lenient", "a");
    assertEquals("slabrace: a: 9 events, no findings, 2 malformed lines skipped\n", r.err());
  }

  @Test
  void badTrace_othersStillAnalysed_exit2() {
    TraceResult good = result("good", 5, finding(FindingKind.DATA_RACE, 1, 2));
    Cli r = Cli.run(fake(Map.of("good", good)), "analyze", "--report", "json", "bad", "good");
    assertAll(
        () -> assertEquals(2, r.exit()),
        () -> assertTrue(r.out().startsWith("{\"format\":\"slabrace-report\",\"version\":1,\"trace\":\"good\""), r.out()),
        () -> assertEquals(1, r.out().lines().count()),
        () -> assertEquals("slabrace: bad:3: expected an object\n"
            + "slabrace: good: 5 events, 1 finding (1 data-race)\n", r.err()));
  }

  @Test
  void json_oneDocumentPerTraceInOrder() {
    Cli r = Cli.run(fake(Map.of("a", result("a", 1), "b", result("b", 2))),
        "analyze", "--report=json", "--quiet", "b", "a");
    assertEquals(0, r.exit());
    assertEquals(List.of("b", "a"),
        r.out().lines().map(l -> l.replaceFirst("^.*\"trace\":\"([^\"]*)\".*$", "$1")).toList());
  }

  @Test
  void warnings_cappedPerTrace() {
    List<TraceWarning> warnings = IntStream.rangeClosed(1, 23)
        .mapToObj(i -> new TraceWarning(i, i + 1, WarningCode.UNLOCK_NOT_HELD, "lock" + i, "0"))
        .toList();
    TraceAnalyzer analyzer = (trace, options, sink) -> new TraceSummary(trace, 30, warnings, 0);
    Cli r = Cli.run(analyzer, "analyze", "--quiet", "t");
    List<String> lines = r.err().lines().toList();
    assertAll(
        () -> assertEquals(0, r.exit()),
        () -> assertEquals(21, lines.size()),
        () -> assertEquals("slabrace: t:2: warning: event 1: unlock of lock1 which task 0 does not"
            + " hold; released anyway", lines.get(0)),
        () -> assertEquals("slabrace: t:21: warning: event 20: unlock of lock20 which task 0 does"
            + " not hold; released anyway", lines.get(19)),
        () -> assertEquals("slabrace: t: ... 3 more warnings", lines.get(20)));
  }

  @Test
  void warnings_ofBinaryTracesNameTheByteOffset() {
    List<TraceWarning> warnings =
        List.of(new TraceWarning(3, 84, true, WarningCode.GP_END_WITHOUT_BEGIN, List.of()));
    TraceAnalyzer analyzer = (trace, options, sink) -> new TraceSummary(trace, 4, warnings, 0);
    Cli text = Cli.run(analyzer, "analyze", "--quiet", "t.bin");
    assertEquals("slabrace: t.bin: byte 84: warning: event 3: gp_end without gp_begin; treated as"
        + " a full barrier\n",
        text.err().replace(System.lineSeparator(), "\n"));
    Cli json = Cli.run(analyzer, "analyze", "--quiet", "--report=json", "t.bin");
    assertTrue(json.out().contains("\"warnings\":[{\"id\":3,\"byte\":84,"
        + "\"code\":\"gp-end-without-begin\","
        + "\"message\":\"gp_end without gp_begin; treated as a full barrier\"}]"), json.out());
  }

  @Test
  void output_writesReportToFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("report.txt");
    TraceResult a = result("a", 5, finding(FindingKind.DATA_RACE, 1, 2));
    Cli r = Cli.run(fake(Map.of("a", a)), "analyze", "-o", file.toString(), "--quiet", "a");
    String report = Files.readString(file, StandardCharsets.UTF_8);
    assertAll(
        () -> assertEquals(1, r.exit()),
        () -> assertEquals("", r.out()),
        () -> assertTrue(report.contains("BUG: KCSAN: data-race in f / g\n"), report));
  }

  @Test
  void output_unwritable_exit2(@TempDir Path dir) {
    String file = dir.resolve("missing-dir/report.txt").toString();
    Cli r = Cli.run(fake(Map.of("a", result("a", 1))), "analyze", "-o", file, "a");
    assertEquals(2, r.exit());
    assertEquals("slabrace: " + file + ": no such file\n", r.err());
  }

  @Test
  void ioErrors_namedByFile() {
    assertEquals("t: no such file", ErrorHandler.describe("t", new NoSuchFileException("/abs/t")));
    assertEquals("t: Not in GZIP format",
        ErrorHandler.describe("t", new java.util.zip.ZipException("Not in GZIP format")));
    assertEquals("t:4: bad", ErrorHandler.describe("t", TraceFormatException.atLine("t", 4, "bad")));
  }

  @Test
  void runtimeException_exit3_oneLineNoStackTrace() {
    TraceAnalyzer analyzer = (trace, options, sink) -> {
      throw new IllegalStateException("shadow out of sync");
    };
    Cli r = Cli.run(analyzer, "analyze", "a");
    assertAll(
        () -> assertEquals(3, r.exit()),
        () -> assertEquals(
            "slabrace: a: internal error: java.lang.IllegalStateException: shadow out of sync\n",
            r.err()));
  }

  @Test
  void error_exit3_oneLineNoStackTrace() {
    TraceAnalyzer analyzer = (trace, options, sink) -> {
      throw new StackOverflowError();
    };
    Cli r = Cli.run(analyzer, "analyze", "a");
    assertAll(
        () -> assertEquals(3, r.exit()),
        () -> assertEquals("slabrace: a: internal error: java.lang.StackOverflowError\n", r.err()),
        () -> assertFalse(r.err().contains("\tat "), r.err()));
  }

  @Test
  void errorInOneTrace_othersStillAnalysed_exit3() {
    TraceResult good = result("good", 5, finding(FindingKind.DATA_RACE, 1, 2));
    TraceAnalyzer analyzer = (trace, options, sink) -> {
      if (trace.equals("deep")) {
        throw new StackOverflowError();
      }
      return fake(Map.of("good", good)).analyze(trace, options, sink);
    };
    for (String jobs : List.of("1", "2")) {
      Cli r = Cli.run(analyzer, "analyze", "--jobs", jobs, "--report", "json", "deep", "bad",
          "good");
      assertAll("--jobs " + jobs,
          () -> assertEquals(3, r.exit()),
          () -> assertTrue(r.out().startsWith("{\"format\":\"slabrace-report\",\"version\":1,"
              + "\"trace\":\"good\""), r.out()),
          () -> assertEquals(1, r.out().lines().count(), r.out()),
          () -> assertEquals("slabrace: deep: internal error: java.lang.StackOverflowError\n"
              + "slabrace: bad:3: expected an object\n"
              + "slabrace: good: 5 events, 1 finding (1 data-race)\n", r.err()));
    }
  }

  @Test
  void handoffs_errorInOneTrace_othersStillTabled_exit3() {
    TraceAnalyzer analyzer = (trace, options, sink) -> {
      if (trace.equals("deep")) {
        throw new StackOverflowError();
      }
      return result(trace, 5).summary();
    };
    Cli r = Cli.run(analyzer, "handoffs", "deep", "good");
    assertAll(
        () -> assertEquals(3, r.exit()),
        () -> assertTrue(r.out().startsWith("handoffs in good: 0 objects"), r.out()),
        () -> assertEquals("slabrace: deep: internal error: java.lang.StackOverflowError\n",
            r.err()));
  }

  @Test
  void outOfMemory_exit3_saysToRaiseTheHeap() {
    TraceAnalyzer analyzer = (trace, options, sink) -> {
      throw new OutOfMemoryError("Java heap space");
    };
    Cli r = Cli.run(analyzer, "analyze", "a");
    assertAll(
        () -> assertEquals(3, r.exit()),
        () -> assertEquals("slabrace: out of memory (Java heap space): the analysis needs a larger"
            + " heap; run with JAVA_OPTS=-Xmx<size>, e.g. -Xmx8g\n",
            r.err().replace(System.lineSeparator(), "\n")));
  }
}
