package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every write to standard output is checked, in a JVM of its own as a user runs it: a full device
 * gives one line and exit 2, and a pipe whose reader went away ({@code | head -c 100}) stops the run at
 * its next write, quietly, with exit 141, instead of analysing the rest.
 */
final class StdoutFailureTest {
  /** Enough racing stores that the JSON report of one trace runs to megabytes. */
  private static final int EVENTS = 200_000;

  @TempDir static Path dir;
  private static Path racy;

  @BeforeAll
  static void generate() throws IOException {
    racy = GeneratedTraces.writeRacy(dir.resolve("racy.jsonl"), EVENTS, 8);
  }

  private static ProcessBuilder slabrace(String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.slabrace.cli.Main"));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  @Test
  void fullDevice_oneLine_exit2() throws IOException, InterruptedException {
    Path err = dir.resolve("full.err");
    Process p = slabrace("analyze", "--report", "json", racy.toString())
        .redirectOutput(new File("/dev/full")).redirectError(err.toFile()).start();
    int exit = p.waitFor();
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertAll(
        () -> assertEquals(2, exit, stderr),
        () -> assertEquals("slabrace: <stdout>: write error: No space left on device\n", stderr));
  }

  @Test
  void fullDevice_textReport_exit2() throws IOException, InterruptedException {
    Path err = dir.resolve("full-text.err");
    Process p = slabrace("stats", racy.toString())
        .redirectOutput(new File("/dev/full")).redirectError(err.toFile()).start();
    int exit = p.waitFor();
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertAll(
        () -> assertEquals(2, exit, stderr),
        () -> assertEquals("slabrace: <stdout>: write error: No space left on device\n", stderr));
  }

  @Test
  void pipeClosedEarly_stopsAtOnce_quietly_exit141() throws IOException, InterruptedException {
    Path err = dir.resolve("pipe.err");
    // three copies: a run that ignored the closed pipe would analyse all three and print a summary
    // line for each
    Process p = slabrace("analyze", "--report", "json", racy.toString(), racy.toString(),
        racy.toString()).redirectError(err.toFile()).start();
    byte[] head;
    try (InputStream out = p.getInputStream()) {
      head = out.readNBytes(100);
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running after its reader went away");
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertAll(
        () -> assertEquals(141, p.exitValue(), stderr),
        () -> assertTrue(new String(head, StandardCharsets.UTF_8)
            .startsWith("{\"format\":\"slabrace-report\",")),
        () -> assertEquals("", stderr, "no summary line: the analysis stopped"));
  }
}
