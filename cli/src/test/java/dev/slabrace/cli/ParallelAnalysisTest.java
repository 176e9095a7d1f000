package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.finding.TraceSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code analyze --jobs 3} against {@code --jobs 1} over every sample trace and generated ones (among
 * them a trace that breaks after its first findings and a missing file): byte-identical standard
 * output and standard error, and the same exit status, in every report format.
 */
final class ParallelAnalysisTest {
  private static final Path ROOT = Path.of(System.getProperty("slabrace.root", ".."));

  @TempDir static Path dir;
  private static final List<String> TRACES = new ArrayList<>();

  @BeforeAll
  static void traces() throws IOException {
    try (Stream<Path> files = Files.list(ROOT.resolve("sample-traces"))) {
      files.map(Path::toString)
          .filter(n -> n.endsWith(".jsonl") || n.endsWith(".jsonl.gz"))
          .sorted()
          .forEach(TRACES::add);
    }
    int[][] shapes = {{400, 2, 4}, {15_000, 6, 40}, {3_000, 3, 8}, {12_000, 8, 200}, {900, 4, 2}};
    for (int i = 0; i < shapes.length; i++) {
      Path p = GeneratedTraces.write(dir.resolve("gen-" + i + ".jsonl"), 1000 + i, shapes[i][0],
          shapes[i][1], shapes[i][2]);
      TRACES.add(i * 3, p.toString());
    }
    // Breaks after its first findings: JSON must close the document it began, in both runs.
    Path broken = GeneratedTraces.write(dir.resolve("broken.jsonl"), 7, 2_000, 3, 6);
    Files.writeString(broken, "{\"op\":\"nope\",\"tid\":1}\n", StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    TRACES.add(5, broken.toString());
    TRACES.add(9, dir.resolve("missing.jsonl").toString());
  }

  static Stream<List<String>> options() {
    return Stream.of(
        List.of(),
        List.of("--max-reports", "3"),
        List.of("--only", "user,object", "--ignore-func", "func1"),
        List.of("--report", "json"),
        List.of("--report", "json", "--lenient"),
        List.of("--report", "sarif"),
        List.of("--report", "html", "--max-reports", "5"));
  }

  private static Cli analyze(int jobs, List<String> options, List<String> traces) {
    List<String> args = new ArrayList<>(List.of("analyze", "--jobs", Integer.toString(jobs)));
    args.addAll(options);
    args.addAll(traces);
    return Cli.run(args.toArray(String[]::new));
  }

  @ParameterizedTest
  @MethodSource("options")
  void threeJobs_sameOutputErrorsAndExitAsOne(List<String> options) {
    Cli one = analyze(1, options, TRACES);
    Cli three = analyze(3, options, TRACES);
    assertAll(
        // The missing file makes it 2 in every run.
        () -> assertEquals(2, one.exit(), one.err()),
        () -> assertEquals(one.exit(), three.exit()),
        () -> assertEquals(one.out(), three.out()),
        () -> assertEquals(one.err(), three.err()));
  }

  @Test
  void generatedTraces_haveFindings_jsonSpillsPastTheMemoryBuffer() {
    Cli r = analyze(2, List.of("--report", "json", "--quiet"), TRACES.subList(0, 4));
    long longest = r.out().lines().mapToLong(String::length).max().orElse(0);
    assertAll(
        () -> assertEquals(1, r.exit(), r.err()),
        () -> assertTrue(longest > SpillBuffer.MEMORY_CHARS, "longest document " + longest),
        () -> assertEquals(r.out(), analyze(1, List.of("--report", "json", "--quiet"),
            TRACES.subList(0, 4)).out()));
  }

  @Test
  void baselines_writtenAndJudgedTheSame() throws IOException {
    Path one = dir.resolve("one.baseline");
    Path three = dir.resolve("three.baseline");
    List<String> clean = TRACES.stream().filter(t -> !t.contains("broken") && !t.contains("missing"))
        .toList();
    Cli w1 = analyze(1, List.of("--write-baseline", one.toString()), clean);
    Cli w3 = analyze(3, List.of("--write-baseline", three.toString()), clean);
    Cli j1 = analyze(1, List.of("--baseline", one.toString()), clean.subList(0, 6));
    Cli j3 = analyze(3, List.of("--baseline", one.toString()), clean.subList(0, 6));
    assertAll(
        () -> assertEquals(0, w1.exit(), w1.err()),
        () -> assertEquals(0, w3.exit(), w3.err()),
        () -> assertEquals(Files.readString(one), Files.readString(three)),
        () -> assertTrue(Files.readAllLines(one).size() > 20, "generated traces have many keys"),
        () -> assertEquals(0, j1.exit(), j1.err()),
        () -> assertEquals(j1.exit(), j3.exit()),
        () -> assertEquals(j1.out(), j3.out()),
        () -> assertEquals(j1.err(), j3.err()));
  }

  @Test
  void internalError_laterTracesStillAnalysed_exit3_asWithOneJob() {
    TraceAnalyzer analyzer = (trace, options, sink) -> {
      if (trace.equals("boom")) {
        throw new IllegalStateException("shadow out of sync");
      }
      return new TraceSummary(trace, 3, List.of(), 0);
    };
    String[] args = {"analyze", "--jobs", "3", "a", "b", "boom", "c", "d"};
    Cli three = Cli.run(analyzer, args);
    args[2] = "1";
    Cli one = Cli.run(analyzer, args);
    assertAll(
        () -> assertEquals(3, three.exit()),
        () -> assertEquals(one.out(), three.out()),
        () -> assertEquals(one.err(), three.err()),
        () -> assertTrue(three.out().contains("slabrace: b: 3 events analysed, no findings\n"),
            three.out()),
        () -> assertTrue(three.out().contains("slabrace: d: 3 events analysed, no findings\n"),
            three.out()),
        () -> assertEquals("slabrace: a: 3 events, no findings\n"
            + "slabrace: b: 3 events, no findings\n"
            + "slabrace: boom: internal error: java.lang.IllegalStateException: shadow out of sync\n"
            + "slabrace: c: 3 events, no findings\n"
            + "slabrace: d: 3 events, no findings\n", three.err()));
  }

  @Test
  void jobs_atLeastOne() {
    Cli r = Cli.run("analyze", "--jobs", "0", "t.jsonl");
    assertEquals(2, r.exit());
    assertTrue(r.err().startsWith("slabrace: --jobs: expected a number of at least 1 but was 0\n"),
        r.err());
  }
}
