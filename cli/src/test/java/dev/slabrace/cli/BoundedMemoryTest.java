package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.cli.MalformedInputTest.Row;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every run of the malformed-input corpus in a JVM of 256 MiB heap ({@link CorpusRunner}): no run
 * runs out of memory (that would be exit 3) or takes more than its time limit.
 */
final class BoundedMemoryTest {
  private static final String HEAP = "-Xmx256m";
  private static final int LIMIT_SECONDS = 60;
  private static final long WHOLE_RUN_MINUTES = 5;

  @Test
  void corpus_runsWithinASmallHeapAndTimeLimit() throws IOException, InterruptedException {
    List<Row> rows = MalformedInputTest.rows();
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
        "-cp", System.getProperty("java.class.path"), CorpusRunner.class.getName(),
        Integer.toString(LIMIT_SECONDS)));
    for (Row row : rows) {
      cmd.add(row.lenient() ? "lenient" : "strict");
      cmd.add(MalformedInputTest.DIR.resolve(row.input()).toString());
    }
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String l; (l = r.readLine()) != null; ) {
        out.add(l);
      }
    }
    assertTrue(p.waitFor(WHOLE_RUN_MINUTES, TimeUnit.MINUTES), "the runner hung");
    assertEquals(0, p.exitValue(), String.join("\n", out));
    assertEquals(rows.size(), out.size(), String.join("\n", out));
    long total = 0;
    long peak = 0;
    String slowest = "";
    long slowestMillis = -1;
    for (int i = 0; i < rows.size(); i++) {
      String[] f = out.get(i).split("\t");
      assertEquals(rows.get(i).exit(), Integer.parseInt(f[0]), rows.get(i) + ": " + out.get(i));
      long millis = Long.parseLong(f[1]);
      total += millis;
      peak = Math.max(peak, Long.parseLong(f[2]));
      if (millis > slowestMillis) {
        slowestMillis = millis;
        slowest = rows.get(i).toString();
      }
    }
    System.out.printf("BoundedMemoryTest: %d runs with %s in %d ms, peak heap %d MiB, slowest %s"
        + " (%d ms)%n", rows.size(), HEAP, total, peak, slowest, slowestMillis);
  }
}
