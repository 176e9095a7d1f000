package dev.slabrace.report;

/**
 * How a human-readable reporter prints a trace's findings: at most {@code maxReports} reports per
 * trace after folding repeats ({@code --max-reports}), and which findings are new against a baseline;
 * the summary line says how many were left out and how many are new.
 *
 * @param maxReports the most reports printed per trace; {@link Integer#MAX_VALUE} for no limit
 * @param baseline the known findings, or {@link Baseline#NONE}
 */
public record ReportOptions(int maxReports, Baseline baseline) {
  /** No limit, no baseline. */
  public static final ReportOptions DEFAULT = new ReportOptions(Integer.MAX_VALUE, Baseline.NONE);

  /** Checks the limit. */
  public ReportOptions {
    if (maxReports < 0) {
      throw new IllegalArgumentException("maxReports " + maxReports);
    }
  }

  /** Options with a limit and no baseline. */
  public ReportOptions(int maxReports) {
    this(maxReports, Baseline.NONE);
  }
}
