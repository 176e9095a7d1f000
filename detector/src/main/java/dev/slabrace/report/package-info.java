/**
 * The report model and its printers: {@link dev.slabrace.report.Finding}s as the engine decides
 * them, with their {@link dev.slabrace.report.Timeline}s when captured, and reporters that turn
 * them into the kernel's text reports (KCSAN's for races, KASAN's for use-after-free and double
 * free), JSON, a self-contained HTML page with SVG timelines, or a SARIF 2.1.0 log, taking each
 * trace's findings one at a time as they are decided ({@link dev.slabrace.report.TraceReport});
 * the {@link dev.slabrace.report.Baseline} of known findings and the statistics printer.
 * Deduplication per pair of code locations, report limits and output ordering live here, never in
 * the engine (KCSAN keeps the same split between core.c and report.c). Depends on the trace model
 * only for names and statistics.
 */
package dev.slabrace.report;
