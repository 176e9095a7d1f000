package dev.slabrace.report;

import dev.slabrace.finding.TraceSummary;
import dev.slabrace.finding.TraceWarning;
import dev.slabrace.trace.Printable;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines standard error carries about one trace: its warnings (the first {@link #MAX_WARNINGS},
 * then a count of the rest) and notes before its report ends, and its summary line after, such as
 * {@code slabrace: t.jsonl: 120 events, 2 findings (2 data-race)}. Names from the trace and the file
 * name are escaped, so that each line is one line.
 */
public final class StderrLines {
  /** How many warnings of one trace reach standard error; the rest are only counted. */
  public static final int MAX_WARNINGS = 20;

  private StderrLines() {}

  /**
   * Returns the lines printed before a trace's report ends: its first warnings, the count of the
   * others, its notes, then {@code reportNotes}, what the report left out.
   */
  public static List<String> warningsAndNotes(String trace, TraceSummary summary,
      List<String> reportNotes) {
    List<String> lines = new ArrayList<>();
    List<TraceWarning> warnings = summary.warnings();
    int shown = Math.min(MAX_WARNINGS, warnings.size());
    for (TraceWarning w : warnings.subList(0, shown)) {
      lines.add(Printable.escape("slabrace: " + location(trace, w) + ": warning: event "
          + w.eventId() + ": " + Messages.warning(w)));
    }
    int rest = warnings.size() - shown;
    if (rest > 0) {
      lines.add("slabrace: " + Printable.escape(trace) + ": " + moreWarnings(rest));
    }
    for (String note : Messages.notes(summary)) {
      lines.add(Printable.escape("slabrace: " + trace + ": note: " + note));
    }
    for (String note : reportNotes) {
      lines.add(Printable.escape("slabrace: " + trace + ": note: " + note));
    }
    return lines;
  }

  /**
   * Returns the note line that a trace holds no events, as {@code handoffs} and {@code stats} print
   * it (the trace's name escaped, the reader's cause as it is).
   */
  public static String emptyTrace(String trace, String whyEmpty) {
    return "slabrace: " + Printable.escape(trace) + ": note: " + Messages.emptyTrace(whyEmpty);
  }

  /**
   * Returns the summary line of one analysed trace, with how many findings are new if there is a
   * baseline and how many malformed lines were skipped, if any.
   */
  public static String summary(String trace, TraceSummary summary, FindingCounts counts) {
    StringBuilder sb = new StringBuilder("slabrace: ").append(Printable.escape(trace)).append(": ")
        .append(plural(summary.events(), "event")).append(", ");
    if (counts.total() == 0) {
      sb.append("no findings");
    } else {
      sb.append(plural(counts.total(), "finding")).append(counts.byKind());
    }
    if (counts.baselinePresent()) {
      sb.append(", ").append(counts.fresh()).append(" new");
    }
    if (summary.skipped() > 0) {
      sb.append(", ").append(plural(summary.skipped(), "malformed line")).append(" skipped");
    }
    return sb.toString();
  }

  /** Returns where a warning's event is, as error messages say it: {@code t.jsonl:12}, {@code t.bin: byte 80}. */
  private static String location(String trace, TraceWarning w) {
    return trace + (w.byteOffset() ? ": byte " : ":") + w.position();
  }

  /** Returns what stands for {@code rest} warnings not shown: {@code ... N more warnings}. */
  public static String moreWarnings(long rest) {
    return "... " + plural(rest, "more warning");
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
