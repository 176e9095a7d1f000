/**
 * The printers: they turn the engine's {@link dev.slabrace.finding.Finding}s into the kernel's text
 * reports (KCSAN's for races, KASAN's for use-after-free and double free) and JSON, taking each
 * trace's findings one at a time as they are decided ({@link dev.slabrace.report.TraceReport}); the
 * {@link dev.slabrace.report.Baseline} of known findings, the handoff table and the statistics
 * printer. The self-contained HTML page with SVG timelines is {@code dev.slabrace.report.html}, the
 * SARIF 2.1.0 log {@code dev.slabrace.report.sarif}; both fold findings into reports and title them
 * as the text report does, with this package's {@link dev.slabrace.report.ReportFilter} and
 * {@link dev.slabrace.report.KcsanTitle}. All wording is here: the engine's warnings and notes
 * arrive as codes and {@link dev.slabrace.report.Messages} words them, and
 * {@link dev.slabrace.report.StderrLines} writes the lines standard error carries per trace
 * (warnings, notes, the summary line). Deduplication per pair of code locations, report limits,
 * filters and output ordering live here, never in the engine (KCSAN keeps the same split between
 * core.c and report.c). Depends on the finding model and the trace model, never on the engine's
 * internals.
 */
package dev.slabrace.report;
