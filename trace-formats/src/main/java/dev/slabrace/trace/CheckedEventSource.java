package dev.slabrace.trace;

import java.io.IOException;

/**
 * A source that passes on only well-formed events of another: each event must satisfy
 * {@link EventRules}, have an id greater than the one before it, and name with {@code dep},
 * {@code data}, {@code ctrl} and {@code rf} events of the right kind ({@link EventReferences}). A bad event is a
 * {@link TraceFormatException} at its line or byte offset, or, in lenient mode, is skipped and counted.
 */
public final class CheckedEventSource extends ForwardingEventSource {
  private final boolean lenient;
  private final EventReferences references = new EventReferences();
  private long previousId = -1;
  private boolean started;
  private long skipped;

  /** Wraps {@code source}; it is closed with this one. */
  public CheckedEventSource(EventSource source, boolean lenient) {
    super(source);
    this.lenient = lenient;
  }

  @Override
  public boolean next(EventCursor into) throws IOException {
    while (source.next(into)) {
      String problem = EventRules.problem(into);
      if (problem == null && started && into.id <= previousId) {
        problem = "id " + into.id + " is not greater than the previous id " + previousId;
      }
      if (problem == null) {
        problem = references.problem(into);
      }
      if (problem == null) {
        references.accept(into);
        started = true;
        previousId = into.id;
        return true;
      }
      if (!lenient) {
        throw source.positionsAreOffsets()
            ? TraceFormatException.atOffset(source.name(), into.position, problem)
            : TraceFormatException.atLine(source.name(), into.position, problem);
      }
      skipped++;
    }
    return false;
  }

  @Override
  public long skipped() {
    return source.skipped() + skipped;
  }

  /** Returns the source this one checks. */
  public EventSource unwrap() {
    return source;
  }
}
