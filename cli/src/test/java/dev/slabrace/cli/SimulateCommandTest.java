package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.sim.SimConfig;
import dev.slabrace.sim.SimulationEventSource;
import dev.slabrace.sim.scenario.Scenarios;
import dev.slabrace.trace.jsonl.JsonlEventWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SimulateCommandTest {
  @TempDir Path dir;

  private static byte[] expected(String scenario, SimConfig config) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SimulationEventSource source =
        new SimulationEventSource(Scenarios.byName(scenario).orElseThrow(), config);
    try (JsonlEventWriter out = new JsonlEventWriter(bytes, source)) {
      source.writeTo(out);
    }
    return bytes.toByteArray();
  }

  @Test
  void toFile_writesTheSimulatorsTrace_summaryOnStderr() throws IOException {
    Path file = dir.resolve("t.jsonl");
    Cli r = Cli.run("simulate", "stride-race", "--seed", "7", "-o", file.toString());
    byte[] trace = expected("stride-race", new SimConfig(7, 0, 0));
    String lines = Long.toString(new String(trace, StandardCharsets.UTF_8).lines().count());
    assertAll(
        () -> assertEquals(0, r.exit()),
        () -> assertEquals("", r.out()),
        () -> assertEquals("slabrace: " + file + ": " + lines + " events of stride-race (seed 7, 4 cpus)\n",
            r.err()),
        () -> assertArrayEquals(trace, Files.readAllBytes(file)));
  }

  @Test
  void gzipFile_compressedSameTrace() throws IOException {
    Path file = dir.resolve("t.jsonl.gz");
    Cli r = Cli.run("simulate", "mixed", "--events", "500", "--cpus", "3", "--quiet", "-o",
        file.toString());
    assertEquals(0, r.exit());
    assertEquals("", r.err());
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      assertArrayEquals(expected("mixed", new SimConfig(1, 3, 500)), in.readAllBytes());
    }
  }

  @Test
  void binaryFile_analysedLikeTheJsonl() {
    Path bin = dir.resolve("t.simbin");
    Path jsonl = dir.resolve("t.jsonl");
    assertEquals(0, Cli.run("simulate", "tty-flush-plain", "--seed", "4", "--quiet", "-o",
        bin.toString()).exit());
    assertEquals(0, Cli.run("simulate", "tty-flush-plain", "--seed", "4", "--quiet", "-o",
        jsonl.toString()).exit());
    Cli fromBin = Cli.run("analyze", "--report", "json", "--quiet", bin.toString());
    Cli fromJsonl = Cli.run("analyze", "--report", "json", "--quiet", jsonl.toString());
    assertAll(
        () -> assertEquals(1, fromBin.exit()),
        () -> assertTrue(fromBin.out().contains("\"tty_buffer->used\""), fromBin.out()),
        () -> assertEquals(fromJsonl.out().replace(jsonl.toString(), "T"),
            fromBin.out().replace(bin.toString(), "T")));
  }

  @Test
  void noOutput_jsonlOnStdout() throws IOException {
    Cli r = Cli.run("simulate", "put-pid-refcount", "--seed", "3", "--cpus", "2", "--quiet");
    assertAll(
        () -> assertEquals(0, r.exit()),
        () -> assertEquals(new String(expected("put-pid-refcount", new SimConfig(3, 2, 0)),
            StandardCharsets.UTF_8), r.out()),
        () -> assertEquals("", r.err()));
  }

  @Test
  void unknownScenario_exit2_listsTheScenarios() {
    Cli r = Cli.run("simulate", "stride");
    assertAll(
        () -> assertEquals(2, r.exit()),
        () -> assertEquals("", r.out()),
        () -> assertEquals("slabrace: unknown scenario 'stride'; the scenarios are: "
            + Scenarios.names() + "\n", r.err()));
  }

  @Test
  void eventsForAFixedLengthScenario_exit2() {
    Cli r = Cli.run("simulate", "tty-flush-plain", "--events", "100");
    assertEquals(2, r.exit());
    assertEquals("slabrace: tty-flush-plain has a fixed length; --events applies to open-ended"
        + " scenarios such as mixed\n", r.err());
  }

  @Test
  void tooFewCpus_exit2() {
    Cli r = Cli.run("simulate", "stride-early-release-acquire", "--cpus", "1");
    assertEquals(2, r.exit());
    assertEquals("slabrace: stride-early-release-acquire needs at least 3 CPUs, not 1\n", r.err());
  }

  @Test
  void unknownFormat_exit2_noFileLeft() {
    Path file = dir.resolve("t.txt");
    Cli r = Cli.run("simulate", "mixed", "-o", file.toString());
    assertEquals(2, r.exit());
    assertEquals("slabrace: cannot tell the output format from 't.txt' (expected .bin, .simbin or"
        + " .jsonl, optionally .gz)\n", r.err());
    assertFalse(Files.exists(file));
  }

  @Test
  void unwritableOutput_exit2_namesTheFile() {
    Path file = dir.resolve("missing-dir").resolve("t.jsonl");
    Cli r = Cli.run("simulate", "mixed", "-o", file.toString());
    assertEquals(2, r.exit());
    assertEquals("slabrace: " + file + ": no such file\n", r.err());
  }

  @Test
  void badNumber_exit2() {
    Cli r = Cli.run("simulate", "mixed", "--seed", "x");
    assertEquals(2, r.exit());
    assertTrue(r.err().startsWith("slabrace: Invalid value for option '--seed'"), r.err());
  }

  @Test
  void scenarios_oneLinePerScenario() {
    Cli r = Cli.run("scenarios");
    String[] lines = r.out().split("\n");
    assertAll(
        () -> assertEquals(0, r.exit()),
        () -> assertEquals("", r.err()),
        () -> assertEquals(Scenarios.all().size(), lines.length),
        () -> assertTrue(lines[0].matches("stride-race {22}buggy  v7\\.0-rc1: .*"), lines[0]),
        () -> assertTrue(lines[lines.length - 1].matches("mixed {28}clean  many caches .*"),
            lines[lines.length - 1]));
  }

  @Test
  void help_listsSimulateAndScenarios() {
    Cli r = Cli.run("--help");
    assertTrue(r.out().contains("simulate"), r.out());
    assertTrue(r.out().contains("scenarios"), r.out());
  }
}
