package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A million tasks that never synchronise, one plain store each to an address of its own, analyse in a
 * JVM of 256 MiB heap: an unsynchronised task has no state of its own in the engine (TaskState).
 * Before that, each task cost about a kilobyte and 100,000 of them needed 157 MB.
 */
final class UnsynchronisedTasksMemoryTest {
  private static final int TASKS = 1_000_000;

  @Test
  void aMillionUnsynchronisedTasks_analyseIn256MiB(@TempDir Path dir)
      throws IOException, InterruptedException {
    Path trace = dir.resolve("own-address.jsonl");
    try (BufferedWriter w = Files.newBufferedWriter(trace, StandardCharsets.UTF_8)) {
      for (int i = 0; i < TASKS; i++) {
        w.write("{\"op\":\"store\",\"tid\":\"" + i + "\",\"addr\":\"0x"
            + Long.toHexString(0x10000L + 8L * i) + "\",\"size\":8,\"mo\":\"plain\"}\n");
      }
    }
    Path out = dir.resolve("report.txt");
    Path err = dir.resolve("stderr.txt");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "analyze",
        "--report", "text", trace.toString())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the analysis hung");
    String stderr = Files.readString(err);
    assertEquals(0, p.exitValue(), stderr);
    List<String> report = Files.readAllLines(out);
    assertEquals(List.of("slabrace: " + trace + ": " + TASKS + " events analysed, no findings"),
        report, stderr);
  }
}
