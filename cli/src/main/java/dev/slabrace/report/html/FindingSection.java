package dev.slabrace.report.html;

import dev.slabrace.finding.Access;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FrameSource;
import dev.slabrace.finding.Timeline;
import dev.slabrace.finding.Triage;
import dev.slabrace.report.KcsanTextReporter;
import dev.slabrace.report.KcsanTitle;
import dev.slabrace.report.Messages;
import dev.slabrace.report.ReportFilter;
import dev.slabrace.report.TaskContext;
import java.util.Optional;

/** One report's section of the HTML page: title, facts, the missing edge in words, timeline, splat. */
final class FindingSection {
  private FindingSection() {}

  /** Appends report number {@code number} of trace {@code trace}. */
  static void append(StringBuilder sb, int number, String trace, ReportFilter.Report report) {
    Finding f = report.finding();
    sb.append("<section class=\"finding\" id=\"f").append(number).append("\">\n")
        .append("<h3><span class=\"number\">").append(number).append("</span> <span class=\"kind ")
        .append(f.kind().wireName()).append("\">").append(f.kind().wireName()).append("</span> ")
        .append(Html.escape("BUG: " + KcsanTitle.of(f))).append("</h3>\n<dl class=\"facts\">\n");
    fact(sb, "bytes", "0x" + Long.toHexString(f.addr()) + ", " + f.size()
        + (f.size() == 1 ? " byte" : " bytes")
        + (f.region().isEmpty() ? "" : " \u00b7 " + f.region()
            + (f.regionClass().isEmpty() ? "" : " (" + f.regionClass() + ")")));
    if (f.valueChange()) {
      fact(sb, "value changed", "0x" + Long.toHexString(f.oldValue()) + " \u2192 0x"
          + Long.toHexString(f.newValue()));
    }
    if (f.triage() != Triage.NONE) {
      fact(sb, "triage", f.triage().wireName());
    }
    if (f.first().source(0).known() || f.second().source(0).known()) {
      fact(sb, "source", where(f.first()) + " \u00b7 " + where(f.second()));
    }
    fact(sb, "trace", trace + ", events " + f.first().id() + " and " + f.second().id()
        + (report.repeats() > 0 ? " (" + report.repeats() + " more "
            + (report.repeats() == 1 ? "occurrence" : "occurrences") + ")" : ""));
    sb.append("</dl>\n<div class=\"callout\">").append(Html.escape(callout(f)));
    f.handoff().ifPresent(h -> sb.append("<br>\n<strong>Missing edge of the handoff:</strong> ")
        .append(Html.escape(Messages.missingEdge(h.missingEdge()))));
    sb.append("</div>\n");
    Optional<Timeline> timeline = f.timeline();
    if (timeline.isPresent()) {
      sb.append("<div class=\"timeline-box\">\n<p class=\"legend\">One column per task, time"
          + " flowing down, events in trace order. <span class=\"ok\">Green arrows</span>:"
          + " ordering the trace shows.");
      if (!timeline.get().missing().isEmpty()) {
        sb.append(" <span class=\"bad\">Red dashed arrows</span>: the ordering that is missing.");
      }
      sb.append("</p>\n").append(TimelineSvg.draw(timeline.get()))
          .append("<p class=\"event-info\">Click an event for its details.</p>\n</div>\n");
    } else {
      sb.append("<p class=\"no-timeline\">No timeline was captured for this finding.</p>\n");
    }
    sb.append("<details><summary>").append(KcsanTitle.isKcsan(f.kind()) ? "KCSAN" : "KASAN")
        .append(" report</summary>\n<pre>")
        .append(Html.escapeLines(KcsanTextReporter.format(trace, report)))
        .append("</pre>\n</details>\n</section>\n");
  }

  /** Where an access is in the source: its top frame and file:line, or the frame alone. */
  private static String where(Access a) {
    FrameSource s = a.source(0);
    return "event " + a.id() + " at " + a.topFrame() + (s.known() ? " " + s.fileLine() : "");
  }

  private static void fact(StringBuilder sb, String name, String value) {
    sb.append("<dt>").append(name).append("</dt><dd>").append(Html.escape(value)).append("</dd>\n");
  }

  /** Says in words what is wrong between the two events. */
  static String callout(Finding f) {
    String a = describe(f.first());
    String b = describe(f.second());
    return switch (f.kind()) {
      case DATA_RACE, ASSERT_RACE -> "Missing edge: nothing orders event " + f.first().id() + " ("
          + a + ") before event " + f.second().id() + " (" + b + "); no happens-before path"
          + " connects them.";
      case USE_AFTER_FREE -> "Event " + f.second().id() + " (" + b + ") uses memory that event "
          + f.first().id() + " (" + a + ") freed.";
      case DOUBLE_FREE -> "Event " + f.second().id() + " (" + b + ") frees memory that event "
          + f.first().id() + " (" + a + ") already freed.";
    };
  }

  private static String describe(Access a) {
    return KcsanTextReporter.accessType(a) + " by " + TaskContext.kcsan(a.task()) + " on cpu "
        + (a.cpu() < 0 ? "?" : Integer.toString(a.cpu())) + " at " + a.topFrame();
  }
}
