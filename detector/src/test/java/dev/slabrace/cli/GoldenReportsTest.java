package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slabrace.detect.Detector;
import dev.slabrace.report.JsonReporter;
import dev.slabrace.report.KcsanTextReporter;
import dev.slabrace.report.Reporter;
import dev.slabrace.report.TraceResult;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.Traces;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every trace in {@code sample-traces/} against its expected reports in {@code reports/}, byte for byte:
 * {@code <name>.txt} (KCSAN text) and {@code <name>.json}. Run with {@code -Dgolden.update=true} to
 * rewrite the expected files after a deliberate change, and review the diff.
 */
final class GoldenReportsTest {
  private static final Path ROOT = Path.of(System.getProperty("slabrace.root", ".."));
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  static Stream<String> traces() throws IOException {
    try (Stream<Path> files = Files.list(ROOT.resolve("sample-traces"))) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".jsonl") || n.endsWith(".jsonl.gz"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("traces")
  void textReport_matchesGolden(String trace) throws IOException {
    compare(trace, ".txt", new KcsanTextReporter());
  }

  @ParameterizedTest
  @MethodSource("traces")
  void jsonReport_matchesGolden(String trace) throws IOException {
    compare(trace, ".json", new JsonReporter());
  }

  private static void compare(String trace, String extension, Reporter reporter) throws IOException {
    TraceResult result;
    try (EventSource source =
        Traces.open(ROOT.resolve("sample-traces").resolve(trace), "sample-traces/" + trace, false)) {
      result = Detector.analyze(source);
    }
    StringWriter out = new StringWriter();
    reporter.print(result, out);
    String base = trace.replaceFirst("\\.jsonl(\\.gz)?$", "");
    Path golden = ROOT.resolve("reports").resolve(base + extension);
    if (UPDATE) {
      Files.writeString(golden, out.toString(), StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), out.toString(),
        "report of " + trace + " differs from " + golden);
  }
}
