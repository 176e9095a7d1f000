package dev.slabrace.finding;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A well-formed but inconsistent trace event (an unlock of a lock not held, a {@code cb_end} without
 * {@code cb_begin}...), as a code with arguments that also says what the engine did instead;
 * {@code dev.slabrace.report.Messages} words it.
 *
 * @param eventId the event's id
 * @param position its line, or its byte offset if {@code byteOffset}
 * @param byteOffset whether {@code position} is a byte offset (binary traces)
 * @param code what was inconsistent and how the analysis carried on
 * @param args the code's arguments, in the order its comment gives: names as strings, numbers as
 *     longs (an int argument is stored as a long)
 */
public record TraceWarning(long eventId, long position, boolean byteOffset, WarningCode code,
    List<Object> args) {
  /** Checks the code and copies the arguments, widening int arguments to longs. */
  public TraceWarning {
    Objects.requireNonNull(code, "code");
    List<Object> copy = new ArrayList<>(args.size());
    for (Object a : args) {
      copy.add(a instanceof Integer i ? Long.valueOf(i) : Objects.requireNonNull(a, "argument"));
    }
    args = List.copyOf(copy);
  }

  /** Creates a warning at a line. */
  public TraceWarning(long eventId, long position, WarningCode code, Object... args) {
    this(eventId, position, false, code, List.of(args));
  }

  /** Returns argument {@code i} as a string (a name). */
  public String name(int i) {
    return (String) args.get(i);
  }

  /** Returns argument {@code i} as a number (a count, an event id, an address). */
  public long number(int i) {
    return (Long) args.get(i);
  }
}
