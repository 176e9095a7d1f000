package dev.slabrace.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.slabrace.finding.HandoffRow;
import dev.slabrace.finding.TraceSummary;
import dev.slabrace.trace.Printable;
import java.io.IOException;
import java.io.Writer;

/**
 * Prints the handoff table of a trace: per pair of allocation and free sites, how many objects were
 * freed by a task other than the allocating one, and how many of those crossings were ordered; as
 * text or as one JSON document (format {@code slabrace-handoffs}, docs/report.schema.json).
 */
public final class HandoffTableReporter {
  /** The {@code "format"} of a handoffs document. */
  public static final String FORMAT = "slabrace-handoffs";

  private static final JsonFactory FACTORY =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private HandoffTableReporter() {}

  /** Prints {@code result}'s handoff table as one JSON document on one line. */
  public static void printJson(TraceSummary result, Writer out) throws IOException {
    long crossed = 0;
    long unordered = 0;
    for (HandoffRow row : result.handoffs()) {
      crossed += row.crossed();
      unordered += row.unordered();
    }
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("format", FORMAT);
      g.writeNumberField("version", JsonReporter.VERSION);
      g.writeStringField("trace", result.trace());
      g.writeNumberField("crossed", crossed);
      g.writeNumberField("unordered", unordered);
      g.writeArrayFieldStart("sites");
      for (HandoffRow row : result.handoffs()) {
        g.writeStartObject();
        g.writeStringField("allocation_site", row.allocSite());
        g.writeStringField("free_site", row.freeSite());
        g.writeNumberField("crossed", row.crossed());
        g.writeNumberField("ordered", row.ordered());
        g.writeNumberField("unordered", row.unordered());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write('\n');
  }

  /** Prints {@code result}'s handoff table. */
  public static void print(TraceSummary result, Writer out) throws IOException {
    long crossed = 0;
    long unordered = 0;
    for (HandoffRow row : result.handoffs()) {
      crossed += row.crossed();
      unordered += row.unordered();
    }
    out.write("handoffs in " + Printable.escape(result.trace()) + ": " + crossed
        + (crossed == 1 ? " object" : " objects") + " freed by another task, " + unordered
        + " with no ordering from their allocation\n");
    if (result.handoffs().isEmpty()) {
      return;
    }
    out.write(String.format("%10s %10s %10s  %s%n", "unordered", "ordered", "crossed",
        "allocation site -> free site"));
    for (HandoffRow row : result.handoffs()) {
      out.write(String.format("%10d %10d %10d  %s -> %s%n", row.unordered(), row.ordered(),
          row.crossed(), Printable.escape(row.allocSite()), Printable.escape(row.freeSite())));
    }
  }
}
