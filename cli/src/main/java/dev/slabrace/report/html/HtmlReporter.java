package dev.slabrace.report.html;

import dev.slabrace.finding.Finding;
import dev.slabrace.finding.TraceResult;
import dev.slabrace.finding.TraceSummary;
import dev.slabrace.finding.TraceWarning;
import dev.slabrace.report.FindingCounts;
import dev.slabrace.report.KcsanTitle;
import dev.slabrace.report.Messages;
import dev.slabrace.report.ReportFilter;
import dev.slabrace.report.ReportOptions;
import dev.slabrace.report.ReportSummary;
import dev.slabrace.report.Reporter;
import dev.slabrace.report.StderrLines;
import dev.slabrace.report.TraceReport;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * A reporter that writes one self-contained HTML page for all traces: a summary table of the reports
 * and, per report, its facts, the missing edge in words, a timeline of the tasks involved and the KCSAN
 * splat. No network, no external script or style; every string from a trace is escaped.
 */
public final class HtmlReporter implements Reporter {
  /* Implementation notes
   *
   * Reports are the text reporter's (one per kind and pair of code locations, --max-reports per
   * trace), numbered in order across traces; the page has no timestamp, so a golden file stays stable.
   * The Content-Security-Policy forbids every load; the one inline script lets a click on an event
   * select it across lanes and, when it ran to the end without error, sets data-script="ok" on the
   * root element, which the headless-browser test reads.
   *
   * A page is one document, written when the run ends, so the reporter holds each trace's folded
   * reports until then, each with its timeline (a few kilobytes to a few tens): at most
   * MAX_REPORTS_PER_TRACE of them (fewer with --max-reports). Folding happens as findings arrive, so a
   * trace's repeats cost nothing; past the cap its reports are only counted, and its summary line and
   * standard error say how many were not shown. The page is written piece by piece, one section at a
   * time, never built whole in memory.
   */

  /** The most reports of one trace a page shows, each with its timeline; the rest are counted. */
  public static final int MAX_REPORTS_PER_TRACE = 1_000;

  private final ReportOptions options;
  private final int maxReports;
  private final List<Part> parts = new ArrayList<>();

  /** Creates an HTML reporter that shows every report. */
  public HtmlReporter() {
    this(ReportOptions.DEFAULT);
  }

  /** Creates an HTML reporter with a limit on the reports per trace. */
  public HtmlReporter(ReportOptions options) {
    this(options, MAX_REPORTS_PER_TRACE);
  }

  /** Creates an HTML reporter that keeps at most {@code cap} reports per trace, whatever the options. */
  HtmlReporter(ReportOptions options, int cap) {
    this.options = options;
    this.maxReports = Math.min(options.maxReports(), cap);
  }

  /** One trace's part of the page: its folded reports, up to the limit, and its summary. */
  private final class Part implements TraceReport {
    final String trace;
    final ReportFilter reports = new ReportFilter(maxReports);
    String line;
    /** The trace's warnings (inconsistent events). */
    List<TraceWarning> warnings = List.of();

    Part(String trace) {
      this.trace = trace;
    }

    @Override
    public void accept(Finding finding) {
      reports.accept(finding);
    }

    @Override
    public void end(TraceSummary summary, FindingCounts counts) {
      int shown = Math.min(reports.reports(), maxReports);
      line = ReportSummary.line(trace, summary.events(), counts, reports.reports(), shown,
          shown < options.maxReports() ? capped() : "--max-reports " + shown);
      warnings = summary.warnings();
    }

    @Override
    public void fail(String message) {}

    @Override
    public List<String> notes() {
      int left = reports.reports() - maxReports;
      return left > 0 && maxReports < options.maxReports()
          ? List.of(left + (left == 1 ? " report" : " reports") + " not shown: " + capped())
          : List.of();
    }

    private String capped() {
      return "the HTML report shows at most " + maxReports + " per trace";
    }
  }

  /**
   * Appends a trace's warnings about inconsistent events, as standard error words them (the first
   * StderrLines.MAX_WARNINGS, then how many more), before its reports.
   */
  private static void warnings(StringBuilder sb, List<TraceWarning> warnings) {
    if (warnings.isEmpty()) {
      return;
    }
    sb.append("<ul class=\"warnings\">\n");
    int shown = Math.min(StderrLines.MAX_WARNINGS, warnings.size());
    for (TraceWarning w : warnings.subList(0, shown)) {
      sb.append("<li>").append(w.byteOffset() ? "byte " : "line ").append(w.position())
          .append(", event ").append(w.eventId()).append(": warning: ")
          .append(Html.escape(Messages.warning(w))).append("</li>\n");
    }
    int rest = warnings.size() - shown;
    if (rest > 0) {
      sb.append("<li>").append(StderrLines.moreWarnings(rest)).append("</li>\n");
    }
    sb.append("</ul>\n");
  }

  /** Starts a trace's part of the page, kept until {@link #finish}. */
  @Override
  public TraceReport begin(String trace, Writer out) {
    Part p = new Part(trace);
    parts.add(p);
    return p;
  }

  /** Prints collected traces, counting new findings against the options' baseline. */
  @Override
  public void print(List<TraceResult> results, Writer out) throws IOException {
    print(results, options.baseline(), out);
  }

  /** Writes one page for every trace that ended, then forgets them. */
  @Override
  public void finish(Writer out) throws IOException {
    List<Part> ended = parts.stream().filter(p -> p.line != null).toList();
    parts.clear();
    List<List<ReportFilter.Report>> shown = new ArrayList<>();
    for (Part p : ended) {
      shown.add(p.reports.kept());
    }
    StringBuilder sb = new StringBuilder(16384);
    sb.append(HtmlPage.HEAD);
    summary(sb, ended, shown);
    out.write(sb.toString());
    int number = 0;
    for (int i = 0; i < ended.size(); i++) {
      Part p = ended.get(i);
      sb.setLength(0);
      sb.append("<section class=\"trace\">\n<h2>").append(Html.escape(p.trace)).append("</h2>\n");
      warnings(sb, p.warnings);
      for (ReportFilter.Report report : shown.get(i)) {
        FindingSection.append(sb, ++number, p.trace, report);
        out.write(sb.toString());
        sb.setLength(0);
      }
      sb.append("<p class=\"trace-summary\">").append(Html.escape(p.line))
          .append("</p>\n</section>\n");
      out.write(sb.toString());
    }
    out.write(HtmlPage.TAIL);
  }

  private static void summary(StringBuilder sb, List<Part> parts,
      List<List<ReportFilter.Report>> shown) {
    int count = shown.stream().mapToInt(List::size).sum();
    sb.append("<h1>slabrace report</h1>\n<p class=\"lead\">")
        .append(ReportSummary.plural(parts.size(), "trace")).append(", ")
        .append(ReportSummary.plural(count, "report")).append(" shown.</p>\n");
    if (count == 0) {
      sb.append("<p class=\"clean\">No findings.</p>\n");
      return;
    }
    sb.append("<table class=\"summary\">\n<thead><tr><th>#</th><th>kind</th><th>report</th>"
        + "<th>bytes</th><th>triage</th><th>trace</th><th>events</th><th>occurrences</th></tr>"
        + "</thead>\n<tbody>\n");
    int number = 0;
    for (int i = 0; i < parts.size(); i++) {
      for (ReportFilter.Report report : shown.get(i)) {
        Finding f = report.finding();
        number++;
        sb.append("<tr><td><a href=\"#f").append(number).append("\">").append(number)
            .append("</a></td><td><span class=\"kind ").append(f.kind().wireName()).append("\">")
            .append(f.kind().wireName()).append("</span></td><td><a href=\"#f").append(number)
            .append("\">").append(Html.escape(KcsanTitle.of(f))).append("</a></td><td>")
            .append(Html.escape(f.region().isEmpty() ? "0x" + Long.toHexString(f.addr())
                : f.region()))
            .append("</td><td>").append(Html.escape(f.triage().wireName())).append("</td><td>")
            .append(Html.escape(parts.get(i).trace)).append("</td><td>")
            .append(f.first().id()).append(", ").append(f.second().id()).append("</td><td>")
            .append(1 + report.repeats()).append("</td></tr>\n");
      }
    }
    sb.append("</tbody>\n</table>\n");
  }
}
