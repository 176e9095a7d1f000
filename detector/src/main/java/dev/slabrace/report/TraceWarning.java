package dev.slabrace.report;

/**
 * A well-formed but inconsistent trace event (an unlock of a lock not held, a {@code cb_end} without
 * {@code cb_begin}...), with what the engine did instead.
 *
 * @param eventId the event's id
 * @param position its line (or byte offset)
 * @param message what was inconsistent and how the analysis carried on
 */
public record TraceWarning(long eventId, long position, String message) {}
