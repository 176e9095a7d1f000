package dev.slabrace.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gzip traces through the command line: read from a FIFO, many members before the data, and a
 * trace after a damaged one still analysed.
 */
final class GzipInputTest {
  private static final String RACE = "{\"op\":\"load\",\"tid\":1,\"addr\":\"0x1000\",\"size\":8}\n"
      + "{\"op\":\"store\",\"tid\":2,\"addr\":\"0x1000\",\"size\":8}\n";

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(UTF_8));
    }
    return bytes.toByteArray();
  }

  @Test
  void gzipFromAFifo_isAnalysed(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("t.jsonl.gz");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor(), "mkfifo (coreutils) must be on PATH for this test");
    byte[] gz = gzip(RACE);
    Thread writer = new Thread(() -> {
      try (OutputStream out = Files.newOutputStream(fifo)) {
        out.write(gz);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    writer.setDaemon(true);
    writer.start();
    Cli r = Cli.run("analyze", fifo.toString());
    writer.join(TimeUnit.SECONDS.toMillis(10));
    assertAll(
        () -> assertEquals("slabrace: " + fifo + ": 2 events, 1 finding (1 data-race)\n", r.err()),
        () -> assertEquals(1, r.exit()));
  }

  @Test
  void manyMembersThenData_andTheTracesAfterADamagedOne(@TempDir Path dir) throws IOException {
    ByteArrayOutputStream many = new ByteArrayOutputStream();
    byte[] empty = gzip("");
    for (int i = 0; i < 10_000; i++) {
      many.writeBytes(empty);
    }
    many.writeBytes(gzip(RACE));
    Path members = Files.write(dir.resolve("members.jsonl.gz"), many.toByteArray());
    byte[] first = gzip(RACE);
    ByteArrayOutputStream appended = new ByteArrayOutputStream();
    appended.writeBytes(first);
    appended.writeBytes(RACE.getBytes(UTF_8));
    Path damaged = Files.write(dir.resolve("appended.jsonl.gz"), appended.toByteArray());
    Path plain = Files.writeString(dir.resolve("plain.jsonl"), RACE);
    Cli r = Cli.run("analyze", "--report", "json", members.toString(), damaged.toString(),
        plain.toString());
    assertAll(
        () -> assertEquals(2, r.exit()),
        () -> assertEquals("slabrace: " + members + ": 2 events, 1 finding (1 data-race)\n"
            + "slabrace: " + damaged + ":3: trailing data at compressed byte " + first.length
            + ": not a gzip member (after the member that starts at compressed byte 0)\n"
            + "slabrace: " + plain + ": 2 events, 1 finding (1 data-race)\n", r.err()));
  }
}
