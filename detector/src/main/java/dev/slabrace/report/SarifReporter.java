package dev.slabrace.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * A reporter that writes one SARIF 2.1.0 log for all traces: one run of the {@code slabrace} tool, one
 * rule per finding kind, one result per finding with the later access as its location and the earlier
 * one as a related location, and the baseline key as a partial fingerprint.
 */
public final class SarifReporter implements Reporter {
  /* Implementation notes
   *
   * Streaming jackson-core, pretty-printed with '\n' line ends so that a golden file compares byte
   * for byte. Locations are logical (the function, kind "function", with the whole frame as its fully
   * qualified name); a frame of the file.c:123 style also gets a physical location. The trace and the
   * event ids, which a location cannot hold, are result properties. Every finding is a result (no
   * folding, no --max-reports): code-scanning services fold by fingerprint themselves.
   */

  /** The partialFingerprints key under which each result carries its {@link BaselineKey}. */
  public static final String FINGERPRINT = "slabraceBaselineKey/v1";

  private static final JsonFactory FACTORY =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private final String version;

  /** Creates a reporter that names the tool's version {@code version}. */
  public SarifReporter(String version) {
    this.version = version;
  }

  @Override
  public void print(TraceResult result, Writer out) throws IOException {
    print(List.of(result), out);
  }

  /** Writes one log for all {@code results}. */
  @Override
  public void print(List<TraceResult> results, Writer out) throws IOException {
    DefaultPrettyPrinter pretty = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
        .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    try (JsonGenerator g = FACTORY.createGenerator(out).setPrettyPrinter(pretty)) {
      g.writeStartObject();
      g.writeStringField("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
      g.writeStringField("version", "2.1.0");
      g.writeArrayFieldStart("runs");
      g.writeStartObject();
      writeTool(g);
      g.writeArrayFieldStart("artifacts");
      for (TraceResult r : results) {
        g.writeStartObject();
        g.writeObjectFieldStart("location");
        g.writeStringField("uri", SarifLocations.uri(r.trace()));
        g.writeEndObject();
        g.writeArrayFieldStart("roles");
        g.writeString("analysisTarget");
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("results");
      for (int i = 0; i < results.size(); i++) {
        for (Finding f : results.get(i).findings()) {
          writeResult(g, results.get(i).trace(), i, f);
        }
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write('\n');
  }

  private void writeTool(JsonGenerator g) throws IOException {
    g.writeObjectFieldStart("tool");
    g.writeObjectFieldStart("driver");
    g.writeStringField("name", "slabrace");
    g.writeStringField("version", version);
    g.writeArrayFieldStart("rules");
    for (FindingKind kind : FindingKind.values()) {
      g.writeStartObject();
      g.writeStringField("id", kind.wireName());
      g.writeStringField("name", SarifRules.name(kind));
      g.writeObjectFieldStart("shortDescription");
      g.writeStringField("text", SarifRules.shortDescription(kind));
      g.writeEndObject();
      g.writeObjectFieldStart("fullDescription");
      g.writeStringField("text", SarifRules.fullDescription(kind));
      g.writeEndObject();
      g.writeObjectFieldStart("defaultConfiguration");
      g.writeStringField("level", "error");
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeResult(JsonGenerator g, String trace, int artifact, Finding f)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("ruleId", f.kind().wireName());
    g.writeNumberField("ruleIndex", f.kind().ordinal());
    g.writeStringField("level", "error");
    g.writeObjectFieldStart("message");
    g.writeStringField("text", message(f));
    g.writeEndObject();
    g.writeArrayFieldStart("locations");
    SarifLocations.write(g, f.second(), -1);
    g.writeEndArray();
    g.writeArrayFieldStart("relatedLocations");
    SarifLocations.write(g, f.first(), 0);
    g.writeEndArray();
    g.writeObjectFieldStart("partialFingerprints");
    g.writeStringField(FINGERPRINT, BaselineKey.of(f));
    g.writeEndObject();
    g.writeObjectFieldStart("properties");
    g.writeStringField("trace", trace);
    g.writeNumberField("traceIndex", artifact);
    g.writeArrayFieldStart("eventIds");
    g.writeNumber(f.first().id());
    g.writeNumber(f.second().id());
    g.writeEndArray();
    g.writeStringField("kind", f.kind().wireName());
    g.writeStringField("addr", "0x" + Long.toHexString(f.addr()));
    g.writeNumberField("size", f.size());
    if (!f.region().isEmpty()) {
      g.writeStringField("region", f.region());
    }
    if (!f.regionClass().isEmpty()) {
      g.writeStringField("regionClass", f.regionClass());
    }
    if (f.triage() != Triage.NONE) {
      g.writeStringField("triage", f.triage().wireName());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  /** The KCSAN title, then the region and the triage (with the handoff's missing edge). */
  static String message(Finding f) {
    StringBuilder sb = new StringBuilder(KcsanTitle.of(f));
    if (!f.region().isEmpty()) {
      sb.append("; region: ").append(f.region());
      if (!f.regionClass().isEmpty()) {
        sb.append(" (").append(f.regionClass()).append(')');
      }
    }
    if (f.triage() != Triage.NONE) {
      sb.append("; triage: ").append(f.triage().wireName());
    }
    f.handoff().ifPresent(h -> sb.append("; missing edge: ").append(h.missingEdge()));
    return sb.toString();
  }
}
