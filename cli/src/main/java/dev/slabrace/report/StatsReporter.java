package dev.slabrace.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.Printable;
import dev.slabrace.trace.TraceStats;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a trace's {@link TraceStats} as the plain text of {@code slabrace stats}, or as one JSON
 * document (format {@code slabrace-stats}, docs/report.schema.json).
 */
public final class StatsReporter {
  /** The {@code "format"} of a stats document. */
  public static final String FORMAT = "slabrace-stats";

  private static final JsonFactory FACTORY =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  /** How many task ids or CPU numbers a line lists before it says how many more there are. */
  static final int MAX_LISTED = 16;

  private StatsReporter() {}

  /** Prints {@code s}. */
  public static void print(TraceStats s, Writer out) throws IOException {
    StringBuilder sb = new StringBuilder(512);
    sb.append("trace: ").append(Printable.escape(s.trace())).append('\n');
    sb.append("events: ").append(s.events()).append('\n');
    for (Map.Entry<Op, Long> e : s.perOp().entrySet()) {
      sb.append(String.format(Locale.ROOT, "  %-16s %10d\n", e.getKey().wireName(), e.getValue()));
    }
    sb.append("tasks: ").append(s.tasks().size()).append(listed(s.tasks())).append('\n');
    sb.append("cpus: ").append(s.cpus().size())
        .append(listed(s.cpus().stream().map(String::valueOf).toList())).append('\n');
    sb.append("time span: ");
    if (s.hasTimestamps()) {
      sb.append(duration(s.lastTimestamp() - s.firstTimestamp())).append(" (ts ")
          .append(s.firstTimestamp()).append(" to ").append(s.lastTimestamp()).append(")\n");
    } else {
      sb.append("no timestamps\n");
    }
    sb.append("objects: ").append(s.allocated()).append(" allocated (").append(s.allocatedBytes())
        .append(" bytes), ").append(s.freed()).append(" freed");
    if (s.freedUnseen() > 0) {
      sb.append(" (").append(s.freedUnseen()).append(" never seen allocated)");
    }
    sb.append(", ").append(s.liveAtEnd()).append(" live at the end\n");
    if (s.notes().isEmpty()) {
      sb.append("lost events: none reported by the reader\n");
    } else {
      sb.append("lost events and other reader notes:\n");
      s.notes().forEach(n -> sb.append("  ").append(Printable.escape(n)).append('\n'));
    }
    if (s.skipped() > 0) {
      sb.append("malformed lines skipped: ").append(s.skipped()).append('\n');
    }
    out.write(sb.toString());
  }

  /** Prints {@code s} as one JSON document on one line: every task and CPU, no list is cut. */
  public static void printJson(TraceStats s, Writer out) throws IOException {
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("format", FORMAT);
      g.writeNumberField("version", JsonReporter.VERSION);
      g.writeStringField("trace", s.trace());
      g.writeNumberField("events", s.events());
      g.writeObjectFieldStart("per_op");
      for (Map.Entry<Op, Long> e : s.perOp().entrySet()) {
        g.writeNumberField(e.getKey().wireName(), e.getValue());
      }
      g.writeEndObject();
      g.writeArrayFieldStart("tasks");
      for (String task : s.tasks()) {
        g.writeString(task);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("cpus");
      for (int cpu : s.cpus()) {
        g.writeNumber(cpu);
      }
      g.writeEndArray();
      if (s.hasTimestamps()) {
        g.writeNumberField("first_ts", s.firstTimestamp());
        g.writeNumberField("last_ts", s.lastTimestamp());
      }
      g.writeObjectFieldStart("objects");
      g.writeNumberField("allocated", s.allocated());
      g.writeNumberField("allocated_bytes", s.allocatedBytes());
      g.writeNumberField("freed", s.freed());
      g.writeNumberField("freed_unseen", s.freedUnseen());
      g.writeNumberField("live_at_end", s.liveAtEnd());
      g.writeEndObject();
      g.writeArrayFieldStart("notes");
      for (String note : s.notes()) {
        g.writeString(note);
      }
      g.writeEndArray();
      g.writeNumberField("skipped", s.skipped());
      g.writeEndObject();
    }
    out.write('\n');
  }

  private static String listed(List<String> items) {
    if (items.isEmpty()) {
      return "";
    }
    List<String> shown = items.subList(0, Math.min(MAX_LISTED, items.size()));
    String more = items.size() > shown.size() ? ", ... " + (items.size() - shown.size()) + " more"
        : "";
    return " (" + Printable.escape(String.join(", ", shown)) + more + ")";
  }

  /** Returns a time span in the largest unit that keeps it at least 1: {@code 1.250 ms}. */
  static String duration(long ns) {
    if (ns >= 1_000_000_000L) {
      return String.format(Locale.ROOT, "%.3f s", ns / 1e9);
    }
    if (ns >= 1_000_000L) {
      return String.format(Locale.ROOT, "%.3f ms", ns / 1e6);
    }
    if (ns >= 1_000L) {
      return String.format(Locale.ROOT, "%.3f us", ns / 1e3);
    }
    return ns + " ns";
  }
}
