package dev.slabrace.report;

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
   */

  private final ReportOptions options;

  /** Creates an HTML reporter that shows every report. */
  public HtmlReporter() {
    this(ReportOptions.DEFAULT);
  }

  /** Creates an HTML reporter with a limit on the reports per trace. */
  public HtmlReporter(ReportOptions options) {
    this.options = options;
  }

  @Override
  public void print(TraceResult result, Writer out) throws IOException {
    print(List.of(result), out);
  }

  /** Writes one page for all {@code results}. */
  @Override
  public void print(List<TraceResult> results, Writer out) throws IOException {
    List<List<ReportFilter.Report>> shown = new ArrayList<>();
    List<Integer> totals = new ArrayList<>();
    for (TraceResult r : results) {
      List<ReportFilter.Report> reports = ReportFilter.rateLimit(r.findings());
      totals.add(reports.size());
      shown.add(reports.subList(0, Math.min(reports.size(), options.maxReports())));
    }
    StringBuilder sb = new StringBuilder(16384);
    sb.append(HtmlPage.HEAD);
    summary(sb, results, shown);
    int number = 0;
    for (int i = 0; i < results.size(); i++) {
      TraceResult r = results.get(i);
      sb.append("<section class=\"trace\">\n<h2>").append(Html.escape(r.trace())).append("</h2>\n");
      for (ReportFilter.Report report : shown.get(i)) {
        FindingSection.append(sb, ++number, r.trace(), report);
      }
      String line = ReportSummary.line(r, totals.get(i), shown.get(i).size(), options.baseline());
      sb.append("<p class=\"trace-summary\">").append(Html.escape(line))
          .append("</p>\n</section>\n");
    }
    sb.append(HtmlPage.TAIL);
    out.write(sb.toString());
  }

  private static void summary(StringBuilder sb, List<TraceResult> results,
      List<List<ReportFilter.Report>> shown) {
    int count = shown.stream().mapToInt(List::size).sum();
    sb.append("<h1>slabrace report</h1>\n<p class=\"lead\">")
        .append(ReportSummary.plural(results.size(), "trace")).append(", ")
        .append(ReportSummary.plural(count, "report")).append(" shown.</p>\n");
    if (count == 0) {
      sb.append("<p class=\"clean\">No findings.</p>\n");
      return;
    }
    sb.append("<table class=\"summary\">\n<thead><tr><th>#</th><th>kind</th><th>report</th>"
        + "<th>bytes</th><th>triage</th><th>trace</th><th>events</th><th>occurrences</th></tr>"
        + "</thead>\n<tbody>\n");
    int number = 0;
    for (int i = 0; i < results.size(); i++) {
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
            .append(Html.escape(results.get(i).trace())).append("</td><td>")
            .append(f.first().id()).append(", ").append(f.second().id()).append("</td><td>")
            .append(1 + report.repeats()).append("</td></tr>\n");
      }
    }
    sb.append("</tbody>\n</table>\n");
  }
}
