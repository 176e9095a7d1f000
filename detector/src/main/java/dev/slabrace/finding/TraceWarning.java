package dev.slabrace.finding;

/**
 * A well-formed but inconsistent trace event (an unlock of a lock not held, a {@code cb_end} without
 * {@code cb_begin}...), with what the engine did instead.
 *
 * @param eventId the event's id
 * @param position its line, or its byte offset if {@code byteOffset}
 * @param byteOffset whether {@code position} is a byte offset (binary traces)
 * @param message what was inconsistent and how the analysis carried on
 */
public record TraceWarning(long eventId, long position, boolean byteOffset, String message) {
  /** Creates a warning at a line. */
  public TraceWarning(long eventId, long position, String message) {
    this(eventId, position, false, message);
  }

  /** Returns where the event is, as error messages say it: {@code t.jsonl:12} or {@code t.bin: byte 80}. */
  public String location(String trace) {
    return trace + (byteOffset ? ": byte " : ":") + position;
  }
}
