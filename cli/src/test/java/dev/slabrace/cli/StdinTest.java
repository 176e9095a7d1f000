package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -} as a trace reads standard input, in any format the reader sniffs (gzip included), named
 * {@code <stdin>} in messages and reports; {@code -} as convert's output writes JSON Lines to standard
 * output.
 */
final class StdinTest {
  private static final Path SAMPLES =
      Path.of(System.getProperty("slabrace.root", "..")).resolve("sample-traces");

  /** Runs the command line with {@code stdin} as standard input. */
  private static Cli withStdin(byte[] stdin, String... args) {
    InputStream saved = System.in;
    System.setIn(new ByteArrayInputStream(stdin));
    try {
      return Cli.run(args);
    } finally {
      System.setIn(saved);
    }
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  @Test
  void analyzeStdin_sameReportAsTheFile_namedStdin() throws IOException {
    Path file = SAMPLES.resolve("stride-race.jsonl");
    Cli fromFile = Cli.run("analyze", "--report", "json", file.toString());
    Cli fromStdin = withStdin(Files.readAllBytes(file), "analyze", "--report", "json", "-");
    assertAll(
        () -> assertEquals(1, fromStdin.exit(), fromStdin.err()),
        () -> assertEquals(fromFile.out().replace(file.toString(), "<stdin>"), fromStdin.out()),
        () -> assertEquals("slabrace: <stdin>: 8 events, 1 finding (1 data-race)\n",
            fromStdin.err()));
  }

  @Test
  void analyzeGzipOnStdin_sameReportAsTheFile() throws IOException {
    Path file = SAMPLES.resolve("tty-flush-plain.jsonl");
    Cli fromFile = Cli.run("analyze", "--quiet", file.toString());
    Cli fromStdin = withStdin(gzip(Files.readAllBytes(file)), "analyze", "--quiet", "-");
    assertAll(
        () -> assertEquals(fromFile.exit(), fromStdin.exit(), fromStdin.err()),
        () -> assertEquals(fromFile.out().replace(file.toString(), "<stdin>"), fromStdin.out()));
  }

  @Test
  void ftraceOnStdin_sniffed() throws IOException {
    Path file = SAMPLES.resolve("ftrace").resolve("debian-6.1-trace-cmd-report.txt");
    Cli fromFile = Cli.run("stats", file.toString());
    Cli fromStdin = withStdin(Files.readAllBytes(file), "stats", "-");
    Cli handoffs = withStdin(Files.readAllBytes(file), "handoffs", "-");
    assertAll(
        () -> assertEquals(0, fromStdin.exit(), fromStdin.err()),
        () -> assertEquals(fromFile.out().replace(file.toString(), "<stdin>"), fromStdin.out()),
        () -> assertEquals(0, handoffs.exit(), handoffs.err()),
        () -> assertTrue(handoffs.out().startsWith("handoffs in <stdin>: "), handoffs.out()));
  }

  @Test
  void convertStdinToStdout_jsonLines() throws IOException {
    Path file = SAMPLES.resolve("stride-race.jsonl");
    Path canonical = dir.resolve("c.jsonl");
    assertEquals(0, Cli.run("convert", file.toString(), canonical.toString()).exit());
    Cli r = withStdin(Files.readAllBytes(file), "convert", "-", "-");
    assertAll(
        () -> assertEquals(0, r.exit(), r.err()),
        () -> assertEquals(Files.readString(canonical), r.out()),
        () -> assertEquals("slabrace: <stdin>: 8 events written to <stdout>\n", r.err()));
  }

  @TempDir Path dir;

  @Test
  void malformedStdin_namedStdin_exit2() {
    Cli r = withStdin("{\"op\":\"load\"}\n".getBytes(), "analyze", "-");
    assertAll(
        () -> assertEquals(2, r.exit()),
        () -> assertEquals("slabrace: <stdin>:1: missing field 'tid' for op load\n", r.err()));
  }

  @Test
  void stdinTwice_exit2() {
    Cli r = withStdin(new byte[0], "analyze", "-", "-");
    assertAll(
        () -> assertEquals(2, r.exit()),
        () -> assertTrue(r.err().startsWith("slabrace: '-' (standard input) can be given only"
            + " once\n"), r.err()));
  }
}
