package dev.slabrace.report.html;

import dev.slabrace.finding.TraceWarning;
import dev.slabrace.finding.WarningCode;
import java.util.ArrayList;
import static dev.slabrace.report.Findings.access;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.finding.Access;
import dev.slabrace.finding.AccessType;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingKind;
import dev.slabrace.finding.Timeline.Edge;
import dev.slabrace.finding.Timeline.Event;
import dev.slabrace.finding.Timeline.Lane;
import dev.slabrace.finding.Timeline.Role;
import dev.slabrace.finding.Timeline;
import dev.slabrace.finding.TraceResult;
import dev.slabrace.finding.TraceSummary;
import dev.slabrace.finding.Triage;
import dev.slabrace.report.Baseline;
import dev.slabrace.report.FindingCounts;
import dev.slabrace.report.Findings;
import dev.slabrace.report.ReportOptions;
import dev.slabrace.report.TraceReport;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class HtmlReporterTest {
  /** A symbol that would run script, close an attribute or start an entity if printed raw. */
  private static final String HOSTILE = "<script>alert(1)</script>&\"'";
  private static final String ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;";

  private static String print(ReportOptions options, TraceResult... results) throws IOException {
    StringWriter out = new StringWriter();
    new HtmlReporter(options).print(List.of(results), out);
    return out.toString();
  }

  private static Finding hostileFinding() {
    Access w = access(4, HOSTILE, 0, AccessType.WRITE, false, 0x28, 4, HOSTILE + "+0x1/0x2");
    Access r = access(7, "2", 1, AccessType.READ, false, 0x28, 4, "reader+0x1/0x2");
    Timeline t = new Timeline(
        List.of(new Lane(HOSTILE, List.of(new Event(4, "store", "plain", "", 0x28, 4, HOSTILE, true,
                0x10, 0, HOSTILE + "+0x1/0x2", Role.ACCESS),
            new Event(5, "unlock", "", HOSTILE, 0, 0, "", false, 0, 0, HOSTILE, Role.CONTEXT))),
            new Lane("2", List.of(new Event(6, "lock", "", HOSTILE, 0, 0, "", false, 0, 1, "", Role.CONTEXT),
                new Event(7, "load", "plain", "", 0x28, 4, "", false, 0, 1, "reader+0x1/0x2",
                    Role.ACCESS)))),
        List.of(new Edge(5, 6, "lock")), List.of(new Edge(4, 7, "hb")));
    return new Finding(FindingKind.DATA_RACE, w, r, 0x28, 4, HOSTILE, "user", false, 0, 0)
        .withTimeline(t);
  }

  @Test
  void everyTraceStringIsEscaped_theOnlyScriptIsOurs() throws IOException {
    String html = print(ReportOptions.DEFAULT,
        new TraceResult(new TraceSummary(HOSTILE + ".jsonl", 8, List.of(), 0),
            List.of(hostileFinding())));
    assertAll(
        () -> assertFalse(html.contains("<script>alert"), html),
        () -> assertFalse(html.contains(HOSTILE)),
        () -> assertTrue(html.contains("task " + ESCAPED), html),
        () -> assertTrue(html.contains(ESCAPED + "+0x1/0x2"), html),
        () -> assertTrue(html.contains("unlock " + ESCAPED), html),
        () -> assertTrue(html.contains("<h2>" + ESCAPED + ".jsonl</h2>"), html),
        () -> assertEquals(1, html.split("<script", -1).length - 1),
        () -> assertFalse(html.contains("src="), "loads nothing"),
        () -> assertEquals(html.split("://", -1).length,
            html.split("http://www.w3.org/2000/svg", -1).length, "no URL but the SVG namespace"));
  }

  @Test
  void traceWarnings_listedBeforeTheReports_escaped_capped() throws IOException {
    List<TraceWarning> warnings = new ArrayList<>();
    warnings.add(new TraceWarning(5, 11, false, WarningCode.UNLOCK_NOT_HELD, List.of(HOSTILE, "1")));
    for (int i = 0; i < 21; i++) {
      warnings.add(new TraceWarning(6 + i, 12 + i, false, WarningCode.LOAD_OF_OVERWRITTEN_STORE,
          List.of(0L, 1L)));
    }
    String html = print(ReportOptions.DEFAULT,
        new TraceResult(new TraceSummary("t.jsonl", 30, warnings, 0), List.of(hostileFinding())));
    assertAll(
        () -> assertFalse(html.contains(HOSTILE)),
        () -> assertTrue(html.contains("<li>line 11, event 5: warning: unlock of " + ESCAPED
            + " which task 1 does not hold; released anyway</li>"), html),
        () -> assertTrue(html.contains("<li>line 12, event 6: warning: load reads the store of"
            + " event 0, which the store of event 1, ordered before the load, overwrote"), html),
        () -> assertTrue(html.contains("<li>... 2 more warnings</li>"), html),
        () -> assertTrue(html.indexOf("class=\"warnings\"") < html.indexOf("class=\"finding\""),
            "before the reports"));
  }

  @Test
  void timeline_lanesPerTask_existingAndMissingEdges() throws IOException {
    String html = print(ReportOptions.DEFAULT,
        new TraceResult(new TraceSummary("t.jsonl", 8, List.of(), 0), List.of(hostileFinding())));
    assertAll(
        () -> assertTrue(html.contains(">CPU 0</text>"), html),
        () -> assertTrue(html.contains(">CPU 1</text>"), html),
        () -> assertEquals(2, html.split("<g class=\"event access\"", -1).length - 1),
        () -> assertTrue(html.contains("<g class=\"edge\"><path"), html),
        () -> assertTrue(html.contains("text-anchor=\"middle\">unlock \u2192 lock</text>"), html),
        () -> assertTrue(html.contains("<g class=\"missing\"><path"), html),
        () -> assertTrue(html.contains("text-anchor=\"end\">\u2717 no happens-before</text>"),
            html),
        () -> assertTrue(html.contains("Missing edge: nothing orders event 4"), html));
  }

  @Test
  void noFindings_saysSo_maxReportsCountedInTheSummary() throws IOException {
    Finding f = hostileFinding();
    Finding other = new Finding(FindingKind.DATA_RACE,
        access(1, "1", 0, AccessType.WRITE, false, 0x8, 4, "a+0x1/0x2"),
        access(2, "2", 0, AccessType.READ, false, 0x8, 4, "b+0x1/0x2"), 0x8, 4, "", "", false, 0,
        0, Triage.NONE, Optional.empty(), Optional.empty());
    String clean = print(ReportOptions.DEFAULT, new TraceResult(new TraceSummary("c", 3, List.of(), 0), List.of()));
    String limited = print(new ReportOptions(1),
        new TraceResult(new TraceSummary("t", 9, List.of(), 0), List.of(other, f)));
    assertAll(
        () -> assertTrue(clean.contains("<p class=\"clean\">No findings.</p>"), clean),
        () -> assertTrue(limited.contains("No timeline was captured for this finding."), limited),
        () -> assertTrue(limited.contains("in 2 reports, 1 not printed (--max-reports 1)</p>"),
            limited),
        () -> assertEquals(1, limited.split("<section class=\"finding\"", -1).length - 1));
  }

  @Test
  void cap_showsTheFirstReports_summaryAndNoteSayHowManyWereNotShown() throws IOException {
    Access a = access(1, "1", 0, AccessType.WRITE, false, 0x10, 1, "a_func+0x1/0x9");
    Access b = access(2, "2", 1, AccessType.READ, false, 0x10, 1, "b_func+0x1/0x9");
    Access c = access(3, "3", 1, AccessType.READ, false, 0x10, 1, "c_func+0x1/0x9");
    List<Finding> findings = List.of(Findings.finding(FindingKind.DATA_RACE, a, b),
        Findings.finding(FindingKind.DATA_RACE, a, c), Findings.finding(FindingKind.DATA_RACE, b, c));
    TraceResult result = new TraceResult(new TraceSummary("t", 9, List.of(), 0), findings);
    StringWriter capped = new StringWriter();
    HtmlReporter reporter = new HtmlReporter(ReportOptions.DEFAULT, 2);
    TraceReport t = reporter.begin("t", capped);
    findings.forEach(t::accept);
    List<String> notes = t.notes();
    t.end(result.summary(), FindingCounts.of(findings, Baseline.NONE));
    reporter.finish(capped);
    String limited = print(new ReportOptions(1), result);
    assertAll(
        () -> assertEquals(List.of("1 report not shown: the HTML report shows at most 2 per trace"),
            notes),
        () -> assertTrue(capped.toString().contains("in 3 reports, 1 not printed (the HTML report"
            + " shows at most 2 per trace)</p>"), capped.toString()),
        () -> assertEquals(2, capped.toString().split("<section class=\"finding\"", -1).length - 1),
        () -> assertTrue(limited.contains("in 3 reports, 2 not printed (--max-reports 1)</p>"),
            limited));
  }
}
