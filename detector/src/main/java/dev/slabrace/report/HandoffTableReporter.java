package dev.slabrace.report;

import dev.slabrace.trace.Printable;
import java.io.IOException;
import java.io.Writer;

/**
 * Prints the handoff table of a trace: per pair of allocation and free sites, how many objects were
 * freed by a task other than the allocating one, and how many of those crossings were ordered.
 */
public final class HandoffTableReporter {
  private HandoffTableReporter() {}

  /** Prints {@code result}'s handoff table. */
  public static void print(TraceResult result, Writer out) throws IOException {
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
