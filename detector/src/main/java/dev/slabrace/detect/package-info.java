/**
 * The happens-before engine: one pass over a trace's events, deciding data races, assertion races
 * with frees, uses after free and double frees under the ordering rules of the Linux kernel memory
 * model as far as one execution shows them. {@link dev.slabrace.detect.Engine} dispatches events to
 * the concerns in the sub-packages ({@code clock}, {@code shadow}, {@code sync}, {@code heap}), asks
 * {@code lkmm}, the memory model, what each event orders and whether two accesses race, and
 * delivers {@link dev.slabrace.finding.Finding}s; it never formats text. On request
 * ({@link dev.slabrace.detect.AnalysisOptions}) a {@link dev.slabrace.detect.TimelineRecorder} keeps
 * each task's recent events and attaches to each finding the timeline the HTML report draws.
 */
package dev.slabrace.detect;
