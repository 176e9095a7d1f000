package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code slabrace convert}: every sample trace survives JSON Lines → binary → JSON Lines unchanged,
 * and gives the same report in each format.
 */
final class ConvertTest {
  private static final Path SAMPLES =
      Path.of(System.getProperty("slabrace.root", "..")).resolve("sample-traces");

  static Stream<String> traces() throws IOException {
    return GoldenReportsTest.traces();
  }

  @ParameterizedTest
  @MethodSource("traces")
  void roundTrip_isLosslessAndReportsTheSame(String trace, @TempDir Path dir) throws IOException {
    String in = SAMPLES.resolve(trace).toString();
    String canonical = dir.resolve("a.jsonl").toString();
    String binary = dir.resolve("b.bin.gz").toString();
    String back = dir.resolve("c.jsonl").toString();
    assertEquals(0, Cli.run("convert", in, canonical).exit());
    assertEquals(0, Cli.run("convert", canonical, binary).exit());
    assertEquals(0, Cli.run("convert", binary, back).exit());
    assertEquals(Files.readString(Path.of(canonical)), Files.readString(Path.of(back)));
    Cli original = Cli.run("analyze", "--quiet", in);
    Cli fromBinary = Cli.run("analyze", "--quiet", binary);
    assertEquals(original.exit(), fromBinary.exit());
    assertEquals(original.out().replace(in, "TRACE"), fromBinary.out().replace(binary, "TRACE"));
  }

  @Test
  void unknownOutputFormat_exit2(@TempDir Path dir) {
    Cli r = Cli.run("convert", SAMPLES.resolve("stride-race.jsonl").toString(),
        dir.resolve("out.txt").toString());
    assertAll(
        () -> assertEquals(2, r.exit()),
        () -> assertTrue(r.err().startsWith("slabrace: cannot tell the output format from"),
            r.err()));
  }

  @Test
  void unreadableInput_exit2_noOutputLeft(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("bad.jsonl");
    Files.writeString(bad, "{\"op\":\"load\"}\n");
    Path out = dir.resolve("out.bin");
    Cli r = Cli.run("convert", bad.toString(), out.toString());
    assertAll(
        () -> assertEquals(2, r.exit()),
        () -> assertEquals("slabrace: " + bad + ":1: missing field 'tid' for op load\n", r.err()),
        () -> assertTrue(Files.notExists(out)));
  }
}
