package dev.slabrace.trace;

import java.io.Closeable;
import java.io.IOException;

/**
 * A sink of events in some trace format. A writer is created over an output and the tables that the
 * cursors' symbol, task and stack ids refer to; it resolves names as it writes, so tables may grow
 * between calls. {@link #close()} writes any trailer and closes the output.
 */
public interface EventWriter extends Closeable {
  /** Writes one event. */
  void write(EventCursor event) throws IOException;
}
