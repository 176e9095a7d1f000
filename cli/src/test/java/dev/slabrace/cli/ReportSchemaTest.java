package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.slabrace.finding.WarningCode;
import java.io.IOException;
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
 * The JSON documents slabrace prints against the repository's schema, docs/report.schema.json: every
 * golden {@code analyze --report json} document, and the {@code handoffs} and {@code stats} documents
 * of every sample trace; the schema must also refuse what the contract rules out.
 */
final class ReportSchemaTest {
  private static final Path ROOT = Path.of(System.getProperty("slabrace.root", ".."));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonSchema schema;

  @BeforeAll
  static void loadSchema() throws IOException {
    JsonNode node = JSON.readTree(ROOT.resolve("docs/report.schema.json").toFile());
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(node, config);
  }

  private static Set<ValidationMessage> validate(JsonNode doc) {
    return schema.validate(doc);
  }

  /** Validates each line of {@code documents}, one JSON document per line, for other tests. */
  static Set<ValidationMessage> validateLines(String documents) throws IOException {
    if (schema == null) {
      loadSchema();
    }
    Set<ValidationMessage> problems = new java.util.LinkedHashSet<>();
    for (String line : documents.split("\n")) {
      problems.addAll(validate(JSON.readTree(line)));
    }
    return problems;
  }

  static Stream<Path> goldenJson() throws IOException {
    try (Stream<Path> files = Files.list(ROOT.resolve("reports"))) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("goldenJson")
  void goldenReport_validAgainstTheSchema(Path golden) throws IOException {
    List<String> lines = Files.readAllLines(golden, StandardCharsets.UTF_8);
    assertFalse(lines.isEmpty(), golden.toString());
    for (String line : lines) {
      JsonNode doc = JSON.readTree(line);
      assertAll(
          () -> assertEquals(Set.of(), validate(doc), golden.toString()),
          () -> assertEquals("slabrace-report", doc.get("format").asText()),
          () -> assertEquals(1, doc.get("version").asInt()));
    }
  }

  @ParameterizedTest
  @MethodSource("dev.slabrace.cli.GoldenReportsTest#traces")
  void handoffsAndStatsJson_validAgainstTheSchema(String trace) throws IOException {
    String path = ROOT.resolve("sample-traces").resolve(trace).toString();
    for (String command : List.of("handoffs", "stats")) {
      Cli r = Cli.run(command, "--report", "json", path);
      assertEquals(0, r.exit(), r.err());
      JsonNode doc = JSON.readTree(r.out());
      assertAll(
          () -> assertEquals(Set.of(), validate(doc), command + " " + trace),
          () -> assertEquals("slabrace-" + command, doc.get("format").asText()),
          () -> assertEquals(1, r.out().lines().count(), "one document on one line"));
    }
  }

  /** The schema's warning codes are the engine's, so that a new code cannot be left out of it. */
  @Test
  void schema_warningCodes_everyWarningCode() throws IOException {
    JsonNode node = JSON.readTree(ROOT.resolve("docs/report.schema.json").toFile());
    Set<String> schemaCodes = new java.util.TreeSet<>();
    node.at("/definitions/warning/properties/code/enum").forEach(c -> schemaCodes.add(c.asText()));
    Set<String> codes = new java.util.TreeSet<>();
    for (WarningCode code : WarningCode.values()) {
      codes.add(code.wireName());
    }
    assertEquals(codes, schemaCodes);
  }

  @Test
  void failedTrace_documentWithError_valid() throws IOException {
    Path bad = Files.createTempFile("schema", ".jsonl");
    try {
      Files.writeString(bad, Files.readString(ROOT.resolve("sample-traces/stride-race.jsonl"))
          + "{\"op\":\"load\"}\n");
      Cli r = Cli.run("analyze", "--quiet", "--report", "json", bad.toString());
      JsonNode doc = JSON.readTree(r.out());
      assertAll(
          () -> assertEquals(2, r.exit(), r.err()),
          () -> assertTrue(doc.has("error"), r.out()),
          () -> assertEquals(Set.of(), validate(doc)));
    } finally {
      Files.delete(bad);
    }
  }

  @Test
  void schema_refusesWhatTheContractRulesOut() throws IOException {
    String golden = Files.readAllLines(ROOT.resolve("reports/use-after-free.json")).get(0);
    List<String> refused = new ArrayList<>();
    ObjectNode noFormat = (ObjectNode) JSON.readTree(golden);
    noFormat.remove("format");
    ObjectNode kcsanTitle = (ObjectNode) JSON.readTree(golden);
    ((ObjectNode) kcsanTitle.at("/findings/0")).put("title",
        "KCSAN: use-after-free in conn_close / conn_timeout_work");
    ObjectNode noIds = (ObjectNode) JSON.readTree(golden);
    ((ObjectNode) noIds.at("/findings/0")).remove("ids");
    ObjectNode decimalAddr = (ObjectNode) JSON.readTree(golden);
    ((ObjectNode) decimalAddr.at("/findings/0")).put("addr", "4096");
    ObjectNode both = (ObjectNode) JSON.readTree(golden);
    both.put("error", "t.jsonl:3: bad");
    ObjectNode unknownMember = (ObjectNode) JSON.readTree(golden);
    unknownMember.put("extra", 1);
    ObjectNode laterVersion = (ObjectNode) JSON.readTree(golden);
    laterVersion.put("version", 2);
    for (JsonNode doc : List.of(noFormat, kcsanTitle, noIds, decimalAddr, both, unknownMember,
        laterVersion)) {
      if (!validate(doc).isEmpty()) {
        refused.add(doc.toString());
      }
    }
    assertEquals(7, refused.size(), "every broken document refused");
  }
}
