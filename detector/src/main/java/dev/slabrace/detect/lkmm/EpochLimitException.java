package dev.slabrace.detect.lkmm;

/**
 * A task has used up its epochs: it made more synchronisation events, marked stores and marked reads
 * than an {@code int} epoch can tell apart (2^31 - 2), so the engine can no longer order its accesses.
 * Not a bug and not a malformed trace: a limit of the engine, which the driver reports against the
 * event where it was reached ({@link #at}).
 */
public final class EpochLimitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String task;
  private final long position;

  /** Creates the exception for the task whose epoch ran out, before the event is known. */
  EpochLimitException() {
    this(null, -1);
  }

  private EpochLimitException(String task, long position) {
    super("a task has more than " + (Integer.MAX_VALUE - 1)
        + " synchronisation events, marked stores and marked reads", null, false, false);
    this.task = task;
    this.position = position;
  }

  /** Returns the exception for task {@code taskName} at the event read at {@code eventPosition}. */
  public EpochLimitException at(String taskName, long eventPosition) {
    return new EpochLimitException(taskName, eventPosition);
  }

  /** Returns the position of the event where the limit was reached (line or byte offset), or -1. */
  public long position() {
    return position;
  }

  /** Returns the one-line problem as a malformed-input message gives it, naming the task. */
  public String problem() {
    return "task " + task + " has more than " + (Integer.MAX_VALUE - 1)
        + " synchronisation events, marked stores and marked reads, more than slabrace can order"
        + " (a limit of its epochs); analyse the trace in parts";
  }
}
