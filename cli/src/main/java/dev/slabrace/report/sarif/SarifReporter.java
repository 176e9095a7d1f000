package dev.slabrace.report.sarif;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import dev.slabrace.finding.Access;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingKind;
import dev.slabrace.finding.TraceSummary;
import dev.slabrace.finding.TraceWarning;
import dev.slabrace.finding.Triage;
import dev.slabrace.report.BaselineKey;
import dev.slabrace.report.FindingCounts;
import dev.slabrace.report.JsonText;
import dev.slabrace.report.KcsanTextReporter;
import dev.slabrace.report.KcsanTitle;
import dev.slabrace.report.Messages;
import dev.slabrace.report.ReportFilter;
import dev.slabrace.report.Reporter;
import dev.slabrace.report.TaskContext;
import dev.slabrace.report.TraceReport;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A reporter that writes one SARIF 2.1.0 log for all traces, shaped for GitHub code scanning: one run
 * of the {@code slabrace} tool per trace, one rule per finding kind with its help, and one result per
 * report of the text output (a kind and pair of code locations) with its number of occurrences, the
 * later access as its location, the earlier one as a related location, and a partial fingerprint
 * that survives a rebuild and a re-recording.
 */
public final class SarifReporter implements Reporter {
  /* Implementation notes
   *
   * Streaming jackson-core, pretty-printed with '\n' line ends so that a golden file compares byte
   * for byte. Locations: SarifLocations (physical when a frame is symbolised, logical always).
   *
   * Folding: findings fold exactly as the text report's (ReportFilter, by kind and unordered pair of
   * top frames), so a log has as many results as the text has reports, and each says in
   * properties.occurrences how many findings it stands for and in eventIds the first pair. A result
   * per finding made one capped trace 10,000 results and three of them more than GitHub accepts.
   *
   * Runs: one per trace, each with its own runAutomationDetails id "slabrace/<trace>/" (GitHub files
   * alerts by tool and category, and refuses several runs of one tool with one category in a file).
   * GitHub's limits are 20 runs per file, 25,000 results per run (of which it shows 5,000) and 25,000
   * rules per run; the rules here are the four kinds. A run holds at most MAX_RESULTS_PER_RUN
   * results, the first reports in trace order; past that its reports are only counted, and the run
   * gets an invocation with a warning notification saying how many were left out (an invocation is
   * written only with a warning), as standard error does. A log of more than 20 traces is written
   * whole, with a warning in its first run that GitHub will refuse it.
   *
   * Fingerprints: partialFingerprints["slabraceBaselineKey/v1"] is the finding's BaselineKey (kind,
   * functions and access types, no offsets, lines, ids or addresses), so it survives a rebuild and
   * a re-recording. Two reports of one run with the same key (same functions, other offsets) get
   * " #2", " #3"... in the order of their first finding, so no two results of a run share one.
   *
   * A log is one document, written when the run ends, so the reporter holds each trace's kept
   * reports until then (no timelines are captured for SARIF).
   */

  /** The partialFingerprints key under which each result carries its {@link BaselineKey}. */
  public static final String FINGERPRINT = "slabraceBaselineKey/v1";

  /** The most results of one run (one trace): GitHub code scanning's limit of results per run. */
  public static final int MAX_RESULTS_PER_RUN = 25_000;

  /** The most runs GitHub code scanning accepts in one file; more get a warning, not a cut. */
  public static final int GITHUB_MAX_RUNS = 20;

  private static final JsonFactory FACTORY = JsonText.FACTORY;

  private final String version;
  private final int maxResults;
  private final List<Run> runs = new ArrayList<>();

  /** Creates a reporter that names the tool's version {@code version}. */
  public SarifReporter(String version) {
    this(version, MAX_RESULTS_PER_RUN);
  }

  /** Creates a reporter that writes at most {@code maxResults} results per run. */
  SarifReporter(String version, int maxResults) {
    this.version = version;
    this.maxResults = maxResults;
  }

  /** One trace's run: its reports up to the cap, and how many were left out. */
  private final class Run implements TraceReport {
    final String trace;
    final ReportFilter reports = new ReportFilter(maxResults);
    long events;
    boolean ended;
    /** The trace's warnings (inconsistent events), each a notification with its line. */
    List<TraceWarning> traceWarnings = List.of();

    Run(String trace) {
      this.trace = trace;
    }

    @Override
    public void accept(Finding finding) {
      reports.accept(finding);
    }

    @Override
    public void end(TraceSummary summary, FindingCounts counts) {
      events = summary.events();
      traceWarnings = summary.warnings();
      ended = true;
    }

    @Override
    public void fail(String message) {}

    @Override
    public List<String> notes() {
      return left() == 0 ? List.of() : List.of(leftOut());
    }

    int left() {
      return reports.reports() - reports.kept().size();
    }

    String leftOut() {
      int left = left();
      return left + (left == 1 ? " report" : " reports") + " not in the SARIF log: a run holds at most "
          + maxResults + " results";
    }
  }

  /** Starts a trace's run of the log, kept until {@link #finish}. */
  @Override
  public TraceReport begin(String trace, Writer out) {
    Run run = new Run(trace);
    runs.add(run);
    return run;
  }

  /** Writes one log with a run for every trace that ended, then forgets them. */
  @Override
  public void finish(Writer out) throws IOException {
    List<Run> ended = runs.stream().filter(r -> r.ended).toList();
    runs.clear();
    DefaultPrettyPrinter pretty = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
        .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    try (JsonGenerator g = FACTORY.createGenerator(out).setPrettyPrinter(pretty)) {
      g.writeStartObject();
      g.writeStringField("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
      g.writeStringField("version", "2.1.0");
      g.writeArrayFieldStart("runs");
      for (int i = 0; i < ended.size(); i++) {
        List<Map.Entry<String, String>> warnings = new ArrayList<>();
        if (i == 0 && ended.size() > GITHUB_MAX_RUNS) {
          warnings.add(Map.entry(SarifNotifications.TOO_MANY_RUNS, ended.size()
              + " runs (one per trace) in this log: GitHub code scanning accepts at most "
              + GITHUB_MAX_RUNS + " per file; analyse the traces in groups of " + GITHUB_MAX_RUNS
              + " or fewer to upload them"));
        }
        if (ended.get(i).left() > 0) {
          warnings.add(Map.entry(SarifNotifications.RESULTS_LEFT_OUT,
              ended.get(i).trace + ": " + ended.get(i).leftOut()));
        }
        writeRun(g, ended.get(i), warnings);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write('\n');
  }

  /**
   * Writes a warning notification of {@code descriptor} (an id of SarifNotifications, found in the
   * run's {@code descriptors}) saying {@code text}; with {@code at}, a warning about an
   * inconsistent event of {@code trace}, it is located at that event's line (or, in a binary trace,
   * its byte offset).
   */
  private static void writeNotification(JsonGenerator g,
      List<SarifNotifications.Descriptor> descriptors, String descriptor, String text,
      String trace, TraceWarning at) throws IOException {
    g.writeStartObject();
    g.writeObjectFieldStart("descriptor");
    g.writeStringField("id", descriptor);
    g.writeNumberField("index", SarifNotifications.index(descriptors, descriptor));
    g.writeEndObject();
    g.writeStringField("level", "warning");
    g.writeObjectFieldStart("message");
    g.writeStringField("text", text);
    g.writeEndObject();
    if (at != null) {
      g.writeArrayFieldStart("locations");
      g.writeStartObject();
      g.writeObjectFieldStart("physicalLocation");
      g.writeObjectFieldStart("artifactLocation");
      g.writeStringField("uri", SarifLocations.uri(trace));
      g.writeEndObject();
      g.writeObjectFieldStart("region");
      g.writeNumberField(at.byteOffset() ? "byteOffset" : "startLine", at.position());
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  /**
   * Writes one trace's run; an invocation carries {@code warnings} (descriptor id, text) and the
   * trace's warnings when there are any.
   */
  private void writeRun(JsonGenerator g, Run run, List<Map.Entry<String, String>> warnings)
      throws IOException {
    List<SarifNotifications.Descriptor> used = SarifNotifications.used(
        warnings.stream().map(Map.Entry::getKey).toList(),
        run.traceWarnings.stream().map(w -> w.code().wireName()).toList());
    g.writeStartObject();
    writeTool(g, used);
    g.writeObjectFieldStart("automationDetails");
    g.writeStringField("id", "slabrace/" + run.trace + "/");
    g.writeEndObject();
    if (!warnings.isEmpty() || !run.traceWarnings.isEmpty()) {
      g.writeArrayFieldStart("invocations");
      g.writeStartObject();
      g.writeBooleanField("executionSuccessful", true);
      g.writeArrayFieldStart("toolExecutionNotifications");
      for (Map.Entry<String, String> warning : warnings) {
        writeNotification(g, used, warning.getKey(), warning.getValue(), run.trace, null);
      }
      for (TraceWarning w : run.traceWarnings) {
        // worded as on standard error
        writeNotification(g, used, w.code().wireName(),
            "event " + w.eventId() + ": " + Messages.warning(w), run.trace, w);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
    }
    g.writeArrayFieldStart("artifacts");
    g.writeStartObject();
    g.writeObjectFieldStart("location");
    g.writeStringField("uri", SarifLocations.uri(run.trace));
    g.writeEndObject();
    g.writeArrayFieldStart("roles");
    g.writeString("analysisTarget");
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
    g.writeArrayFieldStart("results");
    Map<String, Integer> fingerprints = new HashMap<>();
    for (ReportFilter.Report report : run.reports.kept()) {
      String key = BaselineKey.of(report.finding());
      int n = fingerprints.merge(key, 1, Integer::sum);
      writeResult(g, run.trace, report, n == 1 ? key : key + " #" + n);
    }
    g.writeEndArray();
    g.writeObjectFieldStart("properties");
    g.writeStringField("trace", run.trace);
    g.writeNumberField("events", run.events);
    g.writeNumberField("reports", run.reports.reports());
    g.writeEndObject();
    g.writeEndObject();
  }

  /**
   * Writes the tool: its rules, and the descriptors of {@code notifications}, the run's, when it
   * has any.
   */
  private void writeTool(JsonGenerator g, List<SarifNotifications.Descriptor> notifications)
      throws IOException {
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
      g.writeObjectFieldStart("help");
      g.writeStringField("text", SarifRules.helpText(kind));
      g.writeStringField("markdown", SarifRules.helpMarkdown(kind));
      g.writeEndObject();
      g.writeObjectFieldStart("defaultConfiguration");
      g.writeStringField("level", "error");
      g.writeEndObject();
      g.writeObjectFieldStart("properties");
      g.writeArrayFieldStart("tags");
      g.writeString(KcsanTitle.isKcsan(kind) ? "concurrency" : "memory-safety");
      g.writeString(KcsanTitle.isKcsan(kind) ? "KCSAN" : "KASAN");
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
    if (!notifications.isEmpty()) {
      writeDescriptors(g, notifications);
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  /** Writes the descriptors of the notifications of a run (tool.driver.notifications). */
  private static void writeDescriptors(JsonGenerator g,
      List<SarifNotifications.Descriptor> notifications) throws IOException {
    g.writeArrayFieldStart("notifications");
    for (SarifNotifications.Descriptor d : notifications) {
      g.writeStartObject();
      g.writeStringField("id", d.id());
      g.writeObjectFieldStart("shortDescription");
      g.writeStringField("text", d.text());
      g.writeEndObject();
      g.writeObjectFieldStart("defaultConfiguration");
      g.writeStringField("level", "warning");
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeResult(JsonGenerator g, String trace, ReportFilter.Report report,
      String fingerprint) throws IOException {
    Finding f = report.finding();
    g.writeStartObject();
    g.writeStringField("ruleId", f.kind().wireName());
    g.writeNumberField("ruleIndex", f.kind().ordinal());
    g.writeStringField("level", "error");
    g.writeObjectFieldStart("message");
    g.writeStringField("text", message(f, report.repeats() + 1));
    g.writeEndObject();
    g.writeArrayFieldStart("locations");
    SarifLocations.write(g, f.second(), -1);
    g.writeEndArray();
    g.writeArrayFieldStart("relatedLocations");
    SarifLocations.write(g, f.first(), 0);
    if (f.object().isPresent()) {
      SarifLocations.write(g, f.object().get().allocation(), 1);
    }
    g.writeEndArray();
    if (SarifLocations.sourceLine(f.first()).isPresent()
        && SarifLocations.sourceLine(f.second()).isPresent()) {
      writeCodeFlow(g, f);
    }
    g.writeObjectFieldStart("partialFingerprints");
    g.writeStringField(FINGERPRINT, fingerprint);
    g.writeEndObject();
    g.writeObjectFieldStart("properties");
    g.writeStringField("trace", trace);
    g.writeNumberField("occurrences", report.repeats() + 1);
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

  /**
   * Writes the two sides as a code flow, earlier then later, each in its task's thread flow, which
   * GitHub shows as the result's path; written only when both sides are symbolised, since a step
   * without a physical location shows nothing there.
   */
  private static void writeCodeFlow(JsonGenerator g, Finding f) throws IOException {
    g.writeArrayFieldStart("codeFlows");
    g.writeStartObject();
    g.writeArrayFieldStart("threadFlows");
    for (Access a : List.of(f.first(), f.second())) {
      g.writeStartObject();
      g.writeObjectFieldStart("message");
      g.writeStringField("text", TaskContext.kcsan(a.task()) + " on cpu "
          + KcsanTextReporter.cpu(a.cpu()));
      g.writeEndObject();
      g.writeArrayFieldStart("locations");
      g.writeStartObject();
      g.writeFieldName("location");
      SarifLocations.write(g, a, -1);
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
  }

  /**
   * The title, then the region, the triage (with the handoff's missing edge) and, for a report that
   * folds several findings, how many.
   */
  static String message(Finding f, int occurrences) {
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
    f.handoff().ifPresent(h -> sb.append("; missing edge: ")
        .append(Messages.missingEdge(h.missingEdge())));
    if (occurrences > 1) {
      sb.append("; ").append(occurrences).append(" occurrences");
    }
    return sb.toString();
  }
}
