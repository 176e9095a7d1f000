package dev.slabrace.detect;

import dev.slabrace.finding.TraceWarning;
import dev.slabrace.finding.WarningCode;
import dev.slabrace.trace.EventCursor;
import java.util.ArrayList;
import java.util.List;

/**
 * The warnings about inconsistent events of one trace: the first {@link #KEPT} with their event, the
 * rest counted, so that a trace inconsistent on every line costs no memory for it.
 */
final class WarningLog {
  /** At most this many warnings are kept; the rest are counted. */
  static final int KEPT = 1000;

  private final List<TraceWarning> kept = new ArrayList<>();
  private final boolean byteOffsets;
  /** Per code (by ordinal), how many warnings were counted, kept or not. */
  private final long[] counts = new long[WarningCode.values().length];

  /** Creates a log for a trace whose positions are byte offsets if {@code byteOffsets}, else lines. */
  WarningLog(boolean byteOffsets) {
    this.byteOffsets = byteOffsets;
  }

  /** Records warning {@code code} with {@code args} about event {@code e}. */
  void add(EventCursor e, WarningCode code, Object... args) {
    counts[code.ordinal()]++;
    if (kept.size() < KEPT) {
      kept.add(new TraceWarning(e.id, e.position, byteOffsets, code, List.of(args)));
    }
  }

  /** Returns the warnings kept. */
  List<TraceWarning> kept() {
    return kept;
  }

  /** Returns how many warnings were counted, kept or not. */
  long count() {
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    return n;
  }

  /** Returns how many warnings of {@code code} were counted, kept or not. */
  long count(WarningCode code) {
    return counts[code.ordinal()];
  }

  /** Returns how many warnings were counted but not kept. */
  long dropped() {
    return count() - kept.size();
  }
}
