package dev.slabrace.report;

/**
 * How much of a trace's findings a human-readable reporter prints: at most {@code maxReports} reports
 * per trace after folding repeats ({@code --max-reports}); the summary line says how many were left out.
 *
 * @param maxReports the most reports printed per trace; {@link Integer#MAX_VALUE} for no limit
 */
public record ReportOptions(int maxReports) {
  /** No limit. */
  public static final ReportOptions DEFAULT = new ReportOptions(Integer.MAX_VALUE);

  /** Checks the limit. */
  public ReportOptions {
    if (maxReports < 0) {
      throw new IllegalArgumentException("maxReports " + maxReports);
    }
  }
}
