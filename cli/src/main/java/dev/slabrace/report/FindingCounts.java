package dev.slabrace.report;

import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingKind;
import java.util.Collection;
import java.util.StringJoiner;

/**
 * Running counts of one trace's findings, all the summary lines need: how many of each kind and,
 * against a baseline, how many are new. Counting as findings arrive keeps a summary's memory
 * independent of how many there are.
 */
public final class FindingCounts {
  private static final FindingKind[] KINDS = FindingKind.values();

  private final Baseline baseline;
  private final long[] byKind = new long[KINDS.length];
  private long total;
  private long fresh;

  /** Creates counts of no findings, judged against {@code baseline} (or {@link Baseline#NONE}). */
  public FindingCounts(Baseline baseline) {
    this.baseline = baseline;
  }

  /** Returns the counts of {@code findings}. */
  public static FindingCounts of(Collection<Finding> findings, Baseline baseline) {
    FindingCounts counts = new FindingCounts(baseline);
    findings.forEach(counts::add);
    return counts;
  }

  /** Counts one finding. */
  public void add(Finding f) {
    byKind[f.kind().ordinal()]++;
    total++;
    // Without a baseline every finding is new; skip building its key.
    if (!baseline.present() || !baseline.contains(f)) {
      fresh++;
    }
  }

  /** Returns how many findings were counted. */
  public long total() {
    return total;
  }

  /** Returns how many of them are not in the baseline (all of them without one). */
  public long fresh() {
    return fresh;
  }

  /** Whether the counts were judged against a baseline, so that a summary says how many are new. */
  public boolean baselinePresent() {
    return baseline.present();
  }

  /** Returns {@code " (2 data-race, 1 use-after-free)"}: the nonzero counts in kind order. */
  public String byKind() {
    StringJoiner kinds = new StringJoiner(", ", " (", ")");
    for (FindingKind kind : KINDS) {
      if (byKind[kind.ordinal()] > 0) {
        kinds.add(byKind[kind.ordinal()] + " " + kind.wireName());
      }
    }
    return kinds.toString();
  }
}
