package dev.slabrace.detect;

/**
 * What an analysis does besides deciding findings: capture a timeline per finding (for the HTML report)
 * and tell a listener how far it got (for a progress bar). The default does neither and costs nothing.
 *
 * @param captureTimelines keep each task's recent events and attach a timeline to every finding
 * @param progress told the number of events analysed every {@link #PROGRESS_INTERVAL} events
 * @param threads how many engines share the trace's address space ({@code --threads}); 1 for one
 * @param typesafeCaches names of caches to treat as SLAB_TYPESAFE_BY_RCU ({@code --typesafe-cache})
 */
public record AnalysisOptions(boolean captureTimelines, ProgressListener progress, int threads,
    java.util.Set<String> typesafeCaches) {
  /** How many events pass between two progress calls: a power of two, so the check is a mask. */
  public static final int PROGRESS_INTERVAL = 1 << 16;

  /** No timelines, no progress. */
  public static final AnalysisOptions DEFAULT = new AnalysisOptions(false, ProgressListener.NONE, 1);

  /** Options with no type-safe caches named. */
  public AnalysisOptions(boolean captureTimelines, ProgressListener progress, int threads) {
    this(captureTimelines, progress, threads, java.util.Set.of());
  }

  /** Options without sharding. */
  public AnalysisOptions(boolean captureTimelines, ProgressListener progress) {
    this(captureTimelines, progress, 1);
  }

  /** Returns these options with {@code n} engines sharing the address space. */
  public AnalysisOptions withThreads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("threads " + n);
    }
    return new AnalysisOptions(captureTimelines, progress, n, typesafeCaches);
  }

  /** Returns these options with the caches named {@code names} treated as SLAB_TYPESAFE_BY_RCU. */
  public AnalysisOptions withTypesafeCaches(java.util.Set<String> names) {
    return new AnalysisOptions(captureTimelines, progress, threads, java.util.Set.copyOf(names));
  }

  /** A listener of an analysis's progress. */
  @FunctionalInterface
  public interface ProgressListener {
    /** The listener that ignores progress. */
    ProgressListener NONE = events -> { };

    /** Called with the number of events analysed so far. */
    void progress(long events);
  }
}
