package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slabrace.detect.AnalysisOptions;
import dev.slabrace.finding.TraceResult;
import dev.slabrace.report.Collect;
import dev.slabrace.report.JsonReporter;
import dev.slabrace.report.KcsanTextReporter;
import dev.slabrace.report.Reporter;
import dev.slabrace.report.html.HtmlReporter;
import dev.slabrace.report.sarif.SarifReporter;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.Traces;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every trace in {@code sample-traces/} against its expected reports in {@code reports/}, byte for byte:
 * {@code <name>.txt} (KCSAN text) and {@code <name>.json}; the HTML page, the SARIF log and the
 * written baseline for the samples in {@link #DOCUMENT_SAMPLES}. Run with {@code -Dgolden.update=true} to rewrite the expected
 * files after a deliberate change, and review the diff.
 */
final class GoldenReportsTest {
  private static final AnalysisOptions CAPTURE =
      new AnalysisOptions(true, AnalysisOptions.ProgressListener.NONE);
  private static final Path ROOT = Path.of(System.getProperty("slabrace.root", ".."));
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");
  /** The samples whose HTML page, SARIF log and baseline are kept in {@code reports/}. */
  static final List<String> DOCUMENT_SAMPLES =
      List.of("stride-race.jsonl", "stride-early-plain-handoff.jsonl");

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

  /** The command line streams findings into the reporters; its reports must match the same goldens. */
  @ParameterizedTest
  @MethodSource("traces")
  void commandLine_textAndJson_matchGolden(String trace) throws IOException {
    String path = ROOT.resolve("sample-traces").resolve(trace).toString();
    String base = trace.replaceFirst("\\.jsonl(\\.gz)?$", "");
    for (String format : List.of("text", "json")) {
      Cli r = Cli.run("analyze", "--quiet", "--report", format, path);
      Path golden = ROOT.resolve("reports").resolve(base + (format.equals("text") ? ".txt" : ".json"));
      assertEquals(Files.readString(golden, StandardCharsets.UTF_8),
          r.out().replace(path, "sample-traces/" + trace), format + " report of " + trace);
    }
  }

  @ParameterizedTest
  @MethodSource("documentSamples")
  void commandLine_html_matchesGolden(String trace) throws IOException {
    String path = ROOT.resolve("sample-traces").resolve(trace).toString();
    Cli r = Cli.run("analyze", "--quiet", "--report", "html", path);
    Path golden = ROOT.resolve("reports").resolve(trace.replaceFirst("\\.jsonl$", ".html"));
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8),
        r.out().replace(path, "sample-traces/" + trace));
  }

  static Stream<String> documentSamples() {
    return DOCUMENT_SAMPLES.stream();
  }

  @ParameterizedTest
  @MethodSource("documentSamples")
  void htmlReport_matchesGolden(String trace) throws IOException {
    compare(trace, ".html", new HtmlReporter(), CAPTURE);
  }

  @ParameterizedTest
  @MethodSource("documentSamples")
  void sarifReport_matchesGolden(String trace) throws IOException {
    compare(trace, ".sarif", new SarifReporter(Main.version()));
  }

  @ParameterizedTest
  @MethodSource("documentSamples")
  void writtenBaseline_matchesGolden(String trace, @TempDir Path dir) throws IOException {
    Path written = dir.resolve("written.baseline");
    Cli r = Cli.run("analyze", "--quiet", "--write-baseline", written.toString(),
        ROOT.resolve("sample-traces").resolve(trace).toString());
    assertEquals(0, r.exit(), r.err());
    Path golden = ROOT.resolve("reports").resolve(trace.replaceFirst("\\.jsonl$", ".baseline"));
    String actual = Files.readString(written, StandardCharsets.UTF_8);
    if (UPDATE) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual);
  }

  @ParameterizedTest
  @MethodSource("documentSamples")
  void stats_matchesGolden(String trace) throws IOException {
    String path = ROOT.resolve("sample-traces").resolve(trace).toString();
    Cli r = Cli.run("stats", path);
    assertEquals(0, r.exit(), r.err());
    // The golden names the trace as a user at the repository's root types it.
    String actual = r.out().replace(path, "sample-traces/" + trace);
    Path golden = ROOT.resolve("reports").resolve(trace.replaceFirst("\\.jsonl$", ".stats.txt"));
    if (UPDATE) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual);
  }

  private static void compare(String trace, String extension, Reporter reporter) throws IOException {
    compare(trace, extension, reporter, AnalysisOptions.DEFAULT);
  }

  private static void compare(String trace, String extension, Reporter reporter,
      AnalysisOptions options) throws IOException {
    TraceResult result;
    try (EventSource source =
        Traces.open(ROOT.resolve("sample-traces").resolve(trace), "sample-traces/" + trace, false)) {
      result = Collect.analyze(source, options);
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
