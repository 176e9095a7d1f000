/**
 * The SARIF 2.1.0 report for GitHub code scanning ({@link dev.slabrace.report.sarif.SarifReporter}):
 * one log for all traces, a run per trace, a rule per finding kind with its help text, and a result
 * per text report with its locations and a partial fingerprint. The folding of findings into reports,
 * the titles and the baseline keys are the {@code dev.slabrace.report} package's, so that a result is
 * exactly a text report.
 */
package dev.slabrace.report.sarif;
