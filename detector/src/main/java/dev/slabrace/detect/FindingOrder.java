package dev.slabrace.detect;

import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingSink;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Puts the engine's findings in the order of their later event (then their earlier one) before they
 * reach the sink, holding only those that a still-open RCU read-side section could precede: a race
 * of a section's access is decided at its rcu_read_unlock, after later events may have reported
 * theirs.
 */
final class FindingOrder implements FindingSink {
  /** The order of the output: later event, earlier event, kind, address. */
  static final Comparator<Finding> ORDER = Comparator.<Finding>comparingLong(f -> f.second().id())
      .thenComparingLong(f -> f.first().id())
      .thenComparing(Finding::kind)
      .thenComparing(Finding::addr, Long::compareUnsigned);

  private final FindingSink sink;
  private final PriorityQueue<Finding> pending = new PriorityQueue<>(ORDER);

  FindingOrder(FindingSink sink) {
    this.sink = sink;
  }

  @Override
  public void accept(Finding finding) {
    pending.add(finding);
  }

  /** Whether findings are waiting. */
  boolean isEmpty() {
    return pending.isEmpty();
  }

  /** Delivers every finding whose later event id is below {@code watermark}. */
  void flushBefore(long watermark) {
    while (!pending.isEmpty() && pending.peek().second().id() < watermark) {
      sink.accept(pending.poll());
    }
  }

  /** Delivers everything. */
  void flushAll() {
    while (!pending.isEmpty()) {
      sink.accept(pending.poll());
    }
  }
}
