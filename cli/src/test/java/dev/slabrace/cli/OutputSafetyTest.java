package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.finding.CollectingSink;
import dev.slabrace.finding.TraceResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No command destroys what it reads or leaves half a file: an output that is one of the inputs (by
 * name, through a symbolic link, {@code ..} or a hard link) is refused with exit 2 before anything is
 * written, and a run that fails half-way leaves the old output byte for byte as it was, with no
 * temporary file beside it.
 */
final class OutputSafetyTest {
  private static final Path SAMPLES =
      Path.of(System.getProperty("slabrace.root", "..")).resolve("sample-traces");

  @TempDir Path dir;
  private Path trace;
  private byte[] original;

  @BeforeEach
  void copySample() throws IOException {
    trace = dir.resolve("t.jsonl");
    Files.copy(SAMPLES.resolve("stride-race.jsonl"), trace);
    original = Files.readAllBytes(trace);
  }

  /** The files in the directory, so that a left-over temporary file shows. */
  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private void assertRefused(Cli r, String output, String input) throws IOException {
    assertAll(
        () -> assertEquals(2, r.exit(), r.err()),
        () -> assertEquals("slabrace: output " + output + " is the input " + input
            + ": refusing to overwrite it (name another output file)\n", r.err()),
        () -> assertEquals("", r.out()),
        () -> assertArrayEquals(original, Files.readAllBytes(trace)));
  }

  @Test
  void convertOntoItsInput_refused_inputUnchanged() throws IOException {
    assertRefused(Cli.run("convert", trace.toString(), trace.toString()), trace.toString(),
        trace.toString());
    assertEquals(List.of("t.jsonl"), files());
  }

  @Test
  void analyzeOutputIsTheTrace_refused_traceUnchanged() throws IOException {
    assertRefused(Cli.run("analyze", "-o", trace.toString(), trace.toString()), trace.toString(),
        trace.toString());
  }

  @Test
  void analyzeOutputIsTheTraceThroughSymlink_refused() throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), trace.getFileName());
    assertRefused(Cli.run("analyze", "-o", link.toString(), trace.toString()), link.toString(),
        trace.toString());
    assertTrue(Files.isSymbolicLink(link));
  }

  @Test
  void analyzeOutputIsTheTraceThroughHardLink_refused() throws IOException {
    Path hard = Files.createLink(dir.resolve("hard.jsonl"), trace);
    assertRefused(Cli.run("analyze", "-o", hard.toString(), trace.toString()), hard.toString(),
        trace.toString());
  }

  @Test
  void analyzeOutputIsTheTraceThroughDotDot_refused() throws IOException {
    Files.createDirectory(dir.resolve("sub"));
    String dotted = dir.resolve("sub").resolve("..").resolve("t.jsonl").toString();
    assertRefused(Cli.run("analyze", "-o", dotted, trace.toString()), dotted, trace.toString());
  }

  @Test
  void analyzeOutputIsTheSecondTrace_refused() throws IOException {
    Path other = dir.resolve("u.jsonl");
    Files.copy(trace, other);
    assertRefused(Cli.run("analyze", "--report", "json", "-o", trace.toString(), other.toString(),
        trace.toString()), trace.toString(), trace.toString());
  }

  @Test
  void outputIsTheFileOnStandardInput_refused() throws IOException, InterruptedException {
    // analyze -o t.jsonl - < t.jsonl, in a JVM of its own whose standard input is the trace
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.slabrace.cli.Main", "analyze", "-o",
        trace.toString(), "-")
        .redirectInput(trace.toFile()).redirectError(err.toFile()).start();
    int exit = p.waitFor();
    assertAll(
        () -> assertEquals(2, exit),
        () -> assertEquals("slabrace: output " + trace + " is the input <stdin>: refusing to"
            + " overwrite it (name another output file)\n", Files.readString(err)),
        () -> assertArrayEquals(original, Files.readAllBytes(trace)));
  }

  @Test
  void handoffsAndStatsOutputIsTheTrace_refused() throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), trace.getFileName());
    assertRefused(Cli.run("handoffs", "-o", trace.toString(), trace.toString()), trace.toString(),
        trace.toString());
    assertRefused(Cli.run("stats", "--report", "json", "-o", link.toString(), trace.toString()),
        link.toString(), trace.toString());
  }

  @Test
  void analyzeOutputIsTheBaselineOrAKernelFile_refused() throws IOException {
    Path keys = dir.resolve("keys.baseline");
    assertEquals(0, Cli.run("analyze", "--quiet", "--write-baseline", keys.toString(),
        trace.toString()).exit());
    byte[] baseline = Files.readAllBytes(keys);
    Cli r = Cli.run("analyze", "--baseline", keys.toString(), "-o", keys.toString(),
        trace.toString());
    Path probes = dir.resolve("kprobe_events");
    Files.writeString(probes, "p:mygroup/probe kfree ptr=%di:x64\n");
    Cli k = Cli.run("analyze", "--kprobe-events", probes.toString(), "-o", probes.toString(),
        trace.toString());
    assertAll(
        () -> assertEquals(2, r.exit(), r.err()),
        () -> assertEquals("slabrace: output " + keys + " is the input " + keys
            + ": refusing to overwrite it (name another output file)\n", r.err()),
        () -> assertArrayEquals(baseline, Files.readAllBytes(keys)),
        () -> assertEquals(2, k.exit(), k.err()),
        () -> assertEquals("p:mygroup/probe kfree ptr=%di:x64\n", Files.readString(probes)));
  }

  @Test
  void statsFailsHalfWay_oldOutputUnchanged_noTemporaryFile() throws IOException {
    Path out = dir.resolve("stats.txt");
    Files.writeString(out, "old statistics\n");
    Path bad = dir.resolve("bad.jsonl");
    Files.writeString(bad, Files.readString(trace) + "{\"op\":\"load\",\"tid\":\n");
    Cli r = Cli.run("stats", "-o", out.toString(), trace.toString(), bad.toString());
    assertAll(
        () -> assertEquals(2, r.exit(), r.err()),
        () -> assertEquals("old statistics\n", Files.readString(out)),
        () -> assertEquals(List.of("bad.jsonl", "stats.txt", "t.jsonl"), files()));
  }

  @Test
  void writeBaselineOntoTheTrace_refused() throws IOException {
    assertRefused(Cli.run("analyze", "--write-baseline", trace.toString(), trace.toString()),
        trace.toString(), trace.toString());
  }

  @Test
  void reportAndBaselineTheSameFile_refused() throws IOException {
    Path out = dir.resolve("out.txt");
    Cli r = Cli.run("analyze", "-o", out.toString(), "--write-baseline", out.toString(),
        trace.toString());
    assertAll(
        () -> assertEquals(2, r.exit()),
        () -> assertEquals("slabrace: -o " + out + " and --write-baseline " + out
            + " are the same file\n", r.err()),
        () -> assertEquals(List.of("t.jsonl"), files()));
  }

  @Test
  void baselineReadAndRewritten_sameFile_allowed() throws IOException {
    Path keys = dir.resolve("keys.txt");
    // without --baseline, the baseline just written is in force: exit 0
    assertEquals(0, Cli.run("analyze", "--quiet", "--write-baseline", keys.toString(),
        trace.toString()).exit());
    byte[] first = Files.readAllBytes(keys);
    Cli again = Cli.run("analyze", "--quiet", "--baseline", keys.toString(), "--write-baseline",
        keys.toString(), trace.toString());
    assertEquals(0, again.exit(), again.err());
    assertArrayEquals(first, Files.readAllBytes(keys));
  }

  @Test
  void analyzeFailsHalfWay_oldReportUnchanged_noTemporaryFile() throws IOException {
    Path report = dir.resolve("report.txt");
    byte[] old = "the report of yesterday\n".getBytes(StandardCharsets.UTF_8);
    Files.write(report, old);
    Path bad = dir.resolve("bad.jsonl");
    // good events that race, then a malformed line: the analysis fails with exit 2 half-way
    Files.write(bad, (new String(original, StandardCharsets.UTF_8) + "{\"op\":\"nope\"}\n")
        .getBytes(StandardCharsets.UTF_8));
    Path keys = dir.resolve("keys.txt");
    Cli r = Cli.run("analyze", "--report", "json", "-o", report.toString(), "--write-baseline",
        keys.toString(), trace.toString(), bad.toString());
    assertAll(
        () -> assertEquals(2, r.exit()),
        () -> assertTrue(r.err().contains("slabrace: " + bad + ":"), r.err()),
        () -> assertTrue(r.err().endsWith("slabrace: " + report
            + ": not written, as a trace could not be read\nslabrace: " + keys
            + ": not written, as a trace could not be read\n"), r.err()),
        () -> assertArrayEquals(old, Files.readAllBytes(report)),
        () -> assertEquals(List.of("bad.jsonl", "report.txt", "t.jsonl"), files()));
  }

  @Test
  void analyzeWriterThrowsHalfWay_oldReportUnchanged_noTemporaryFile() throws IOException {
    Path report = dir.resolve("report.json");
    byte[] old = "{\"old\":true}\n".getBytes(StandardCharsets.UTF_8);
    Files.write(report, old);
    CollectingSink found = new CollectingSink();
    TraceResult good = found.result(TraceAnalyzer.DETECTOR.analyze(trace.toString(),
        TraceAnalyzer.Options.lenient(false), found));
    // the first trace's report is written, then the analysis of the second throws (a bug: exit 3)
    TraceAnalyzer failing = (name, options, sink) -> {
      if (name.equals("second")) {
        throw new IllegalStateException("injected failure");
      }
      good.findings().forEach(sink::accept);
      return good.summary();
    };
    Cli r = Cli.run(failing, "analyze", "--report", "json", "-o", report.toString(),
        trace.toString(), "second");
    assertAll(
        () -> assertEquals(3, r.exit()),
        () -> assertTrue(r.err().contains("slabrace: second: internal error:"
            + " java.lang.IllegalStateException: injected failure\n"), r.err()),
        () -> assertArrayEquals(old, Files.readAllBytes(report)),
        () -> assertEquals(List.of("report.json", "t.jsonl"), files()));
  }

  @Test
  void analyzeSucceeds_reportReplaced_permissionsKept() throws IOException {
    Path report = dir.resolve("report.txt");
    Files.writeString(report, "old\n");
    Files.setPosixFilePermissions(report, PosixFilePermissions.fromString("rw-r-----"));
    Cli r = Cli.run("analyze", "--quiet", "-o", report.toString(), trace.toString());
    assertAll(
        () -> assertEquals(1, r.exit(), r.err()),
        () -> assertEquals(Cli.run("analyze", "--quiet", trace.toString()).out(),
            Files.readString(report)),
        () -> assertEquals("rw-r-----",
            PosixFilePermissions.toString(Files.getPosixFilePermissions(report))),
        () -> assertEquals(List.of("report.txt", "t.jsonl"), files()));
  }

  @Test
  void outputThroughSymlink_linkKept_targetReplaced() throws IOException {
    Files.createDirectory(dir.resolve("reports"));
    Path real = dir.resolve("reports").resolve("real.txt");
    Files.writeString(real, "old\n");
    Path link = Files.createSymbolicLink(dir.resolve("link.txt"), real);
    Cli r = Cli.run("analyze", "--quiet", "-o", link.toString(), trace.toString());
    assertAll(
        () -> assertEquals(1, r.exit(), r.err()),
        () -> assertTrue(Files.isSymbolicLink(link)),
        () -> assertTrue(Files.readString(real).startsWith("=====")),
        () -> assertEquals(List.of("link.txt", "reports", "t.jsonl"), files()));
  }

  @Test
  void outputIsADevice_writtenInPlace() {
    Cli r = Cli.run("analyze", "--quiet", "-o", "/dev/null", trace.toString());
    assertAll(
        () -> assertEquals(1, r.exit(), r.err()),
        () -> assertEquals("", r.err()),
        () -> assertFalse(Files.isRegularFile(Path.of("/dev/null"))));
  }

  @Test
  void convertFailsHalfWay_oldOutputUnchanged_noTemporaryFile() throws IOException {
    Path out = dir.resolve("out.bin.gz");
    byte[] old = {1, 2, 3};
    Files.write(out, old);
    Path bad = dir.resolve("bad.jsonl");
    Files.write(bad, (new String(original, StandardCharsets.UTF_8) + "{\"op\":\"load\"}\n")
        .getBytes(StandardCharsets.UTF_8));
    Cli r = Cli.run("convert", bad.toString(), out.toString());
    assertAll(
        () -> assertEquals(2, r.exit()),
        () -> assertTrue(r.err().startsWith("slabrace: " + bad + ":"), r.err()),
        () -> assertArrayEquals(old, Files.readAllBytes(out)),
        () -> assertEquals(List.of("bad.jsonl", "out.bin.gz", "t.jsonl"), files()));
  }

  @Test
  void simulateFails_oldTraceUnchanged() throws IOException {
    byte[] before = Files.readAllBytes(trace);
    Cli r = Cli.run("simulate", "stride-early-release-acquire", "--cpus", "1", "-o",
        trace.toString());
    assertAll(
        () -> assertEquals(2, r.exit()),
        () -> assertArrayEquals(before, Files.readAllBytes(trace)),
        () -> assertEquals(List.of("t.jsonl"), files()));
  }

  @Test
  void simulateOverExistingFile_replacedWhole() throws IOException {
    Cli r = Cli.run("simulate", "stride-race", "--quiet", "-o", trace.toString());
    assertAll(
        () -> assertEquals(0, r.exit(), r.err()),
        () -> assertEquals(Cli.run("simulate", "stride-race").out(), Files.readString(trace)),
        () -> assertEquals(List.of("t.jsonl"), files()));
  }

  @Test
  void writerFailsHalfWay_safeOutputLeavesOldFile() throws IOException {
    Path out = dir.resolve("out.txt");
    Files.writeString(out, "old\n");
    try (SafeOutput o = SafeOutput.create(out.toString())) {
      OutputStream s = o.stream();
      s.write("half a new file".getBytes(StandardCharsets.UTF_8));
      s.flush();
      assertEquals(List.of("out.txt", "t.jsonl"),
          files().stream().filter(f -> !f.startsWith(".out.txt.")).toList());
      assertEquals(3, files().size(), "the temporary file beside the target: " + files());
      // no commit: the writer failed
    }
    assertAll(
        () -> assertEquals("old\n", Files.readString(out)),
        () -> assertEquals(List.of("out.txt", "t.jsonl"), files()));
  }

  @Test
  void outputInMissingDirectory_namesTheFile() {
    Path out = dir.resolve("missing").resolve("out.txt");
    Cli r = Cli.run("analyze", "-o", out.toString(), trace.toString());
    assertAll(
        () -> assertEquals(2, r.exit()),
        () -> assertEquals("slabrace: " + out + ": no such file\n", r.err()),
        () -> assertFalse(Files.exists(out)));
  }
}
