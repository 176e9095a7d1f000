package dev.slabrace.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
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
   *
   * A log is one document, written when the run ends, so the reporter holds each trace's findings
   * until then: at most MAX_RESULTS_PER_TRACE (no timelines are captured for SARIF, so a finding is a
   * few hundred bytes). Past the cap a trace's findings are only counted, and the log says so in a
   * warning notification of its invocation (an object present only then), as standard error does.
   */

  /** The partialFingerprints key under which each result carries its {@link BaselineKey}. */
  public static final String FINGERPRINT = "slabraceBaselineKey/v1";

  private static final JsonFactory FACTORY = JsonText.FACTORY;

  /** The most findings of one trace a log holds; the rest are counted and named in the log. */
  public static final int MAX_RESULTS_PER_TRACE = 10_000;

  private final String version;
  private final int maxResults;
  private final List<Artifact> artifacts = new ArrayList<>();

  /** Creates a reporter that names the tool's version {@code version}. */
  public SarifReporter(String version) {
    this(version, MAX_RESULTS_PER_TRACE);
  }

  /** Creates a reporter that holds at most {@code maxResults} findings of each trace. */
  SarifReporter(String version, int maxResults) {
    this.version = version;
    this.maxResults = maxResults;
  }

  /** One trace of the log: its findings up to the cap, and how many were left out. */
  private final class Artifact implements TraceReport {
    final String trace;
    final List<Finding> findings = new ArrayList<>();
    long left;
    boolean ended;

    Artifact(String trace) {
      this.trace = trace;
    }

    @Override
    public void accept(Finding finding) {
      if (findings.size() < maxResults) {
        findings.add(finding);
      } else {
        left++;
      }
    }

    @Override
    public void end(TraceResult summary, FindingCounts counts) {
      ended = true;
    }

    @Override
    public void fail(String message) {}

    @Override
    public List<String> notes() {
      return left == 0 ? List.of() : List.of(leftOut());
    }

    String leftOut() {
      return left + (left == 1 ? " finding" : " findings") + " not in the SARIF log: it holds at most "
          + maxResults + " per trace";
    }
  }

  /** Starts a trace's part of the log, kept until {@link #finish}. */
  @Override
  public TraceReport begin(String trace, Writer out) {
    Artifact a = new Artifact(trace);
    artifacts.add(a);
    return a;
  }

  /** Writes one log for every trace that ended, then forgets them. */
  @Override
  public void finish(Writer out) throws IOException {
    List<Artifact> ended = artifacts.stream().filter(a -> a.ended).toList();
    artifacts.clear();
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
      writeInvocation(g, ended);
      g.writeArrayFieldStart("artifacts");
      for (Artifact a : ended) {
        g.writeStartObject();
        g.writeObjectFieldStart("location");
        g.writeStringField("uri", SarifLocations.uri(a.trace));
        g.writeEndObject();
        g.writeArrayFieldStart("roles");
        g.writeString("analysisTarget");
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("results");
      for (int i = 0; i < ended.size(); i++) {
        for (Finding f : ended.get(i).findings) {
          writeResult(g, ended.get(i).trace, i, f);
        }
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write('\n');
  }

  /**
   * Writes an invocation whose notifications say which traces lost findings to the cap; nothing when
   * none did, so that a log without a cap reached is what it always was.
   */
  private static void writeInvocation(JsonGenerator g, List<Artifact> ended) throws IOException {
    if (ended.stream().allMatch(a -> a.left == 0)) {
      return;
    }
    g.writeArrayFieldStart("invocations");
    g.writeStartObject();
    g.writeBooleanField("executionSuccessful", true);
    g.writeArrayFieldStart("toolExecutionNotifications");
    for (Artifact a : ended) {
      if (a.left > 0) {
        g.writeStartObject();
        g.writeStringField("level", "warning");
        g.writeObjectFieldStart("message");
        g.writeStringField("text", a.trace + ": " + a.leftOut());
        g.writeEndObject();
        g.writeEndObject();
      }
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
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
