/**
 * The report model and its printers: {@link dev.slabrace.report.Finding}s as the engine decides them,
 * and reporters that turn them into KCSAN-style text or JSON. Deduplication per pair of code locations
 * and output ordering live here, never in the engine (KCSAN keeps the same split between core.c and
 * report.c). Depends on the trace model only for names.
 */
package dev.slabrace.report;
