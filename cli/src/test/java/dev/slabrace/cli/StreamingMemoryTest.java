package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Memory does not grow with the findings: a trace of 600,000 unordered stores, about as many
 * findings, analysed by {@code slabrace analyze} in its own JVM with a 128 MB heap. The command line
 * that collected every finding before printing ran out of memory on it (exit 3) from about 500,000.
 */
final class StreamingMemoryTest {
  private static final int EVENTS = 600_000;

  @TempDir static Path dir;
  private static Path trace;

  @BeforeAll
  static void generate() throws IOException {
    trace = GeneratedTraces.writeRacy(dir.resolve("racy.jsonl"), EVENTS, 8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "text", "sarif"})
  void manyFindings_128MegabyteHeap_exit1(String format) throws IOException, InterruptedException {
    Path err = dir.resolve(format + ".err");
    Process p = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
            "-cp", System.getProperty("java.class.path"), "dev.slabrace.cli.Main",
            "analyze", "--report", format, trace.toString()))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(err.toFile())
        .start();
    int exit = p.waitFor();
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertAll(
        () -> assertEquals(1, exit, stderr),
        () -> assertTrue(stderr.contains(": " + EVENTS + " events, 5999"), stderr),
        () -> assertTrue(!stderr.contains("not in the SARIF log"),
            "SARIF folds the findings into a result per pair of code locations: " + stderr));
  }
}
