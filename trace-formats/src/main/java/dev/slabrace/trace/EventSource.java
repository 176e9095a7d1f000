package dev.slabrace.trace;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A pull-based stream of a trace's events. The driver is the plain loop
 * {@code while (source.next(cursor)) analysis.onEvent(cursor);}. A source reads lazily and never holds
 * more than a bounded window of the trace.
 */
public interface EventSource extends Closeable {
  /**
   * Fills {@code into} with the next event and returns true, or returns false at the end of the trace.
   *
   * @throws TraceFormatException if the trace is malformed at this point
   */
  boolean next(EventCursor into) throws IOException;

  /** Returns the table that the cursor's symbol ids refer to. */
  SymbolTable symbols();

  /** Returns the table that the cursor's task indices refer to. */
  TaskTable tasks();

  /** Returns the table that the cursor's stack ids refer to. */
  StackTable stacks();

  /** Returns the header's metadata as strings (empty if the trace has no header or none was read yet). */
  Map<String, String> header();

  /** Returns the file name used in messages and reports. */
  String name();

  /** Returns how many lines (or records) were skipped in lenient mode. */
  default long skipped() {
    return 0;
  }

  /** Whether {@link EventCursor#position} is a byte offset (binary formats) rather than a line. */
  default boolean positionsAreOffsets() {
    return false;
  }

  /**
   * Whether the format records memory accesses only where the user added them (ftrace's stock kmem
   * events have none): then an allocation freed by another task with no observed ordering is no
   * evidence of a race until the trace shows accesses at all, and the engine lists it only in the
   * handoff table. JSON Lines and the binary format record every access, and return false.
   */
  default boolean accessesOptional() {
    return false;
  }

  /**
   * Returns the likely cause of a trace that delivered no event at all, for the message that says
   * so: by default an empty input.
   */
  default String whyEmpty() {
    return "the input is empty or holds only comments, blank lines or a header";
  }

  /**
   * Returns what the reader noticed that limits the analysis, each as one line starting with where it
   * was seen ({@code "line 12: CPU 1 lost 340 events; frees may appear without their allocations"}),
   * or what evidence the trace lacks. Complete only after {@link #next} returned false.
   */
  default List<String> notes() {
    return List.of();
  }
}
