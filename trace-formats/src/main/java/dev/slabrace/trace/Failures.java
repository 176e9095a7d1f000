package dev.slabrace.trace;

import java.io.IOException;

/**
 * The rethrowing of a failure caught on one thread (a reader, an engine shard, a job of
 * {@code analyze --jobs}) on the thread that waits for it, as the one-thread run would have thrown
 * it: an I/O exception, a runtime exception or an error as it is, so that a malformed trace, a bug and
 * running out of memory each keep their meaning.
 */
public final class Failures {
  private Failures() {}

  /**
   * Throws {@code t} as it is if it is an {@link IOException}, a {@link RuntimeException} or an
   * {@link Error}; any other exception, which no caller declares, is wrapped in an
   * {@link IllegalStateException} (a bug). Declared to return so that a caller can write
   * {@code throw Failures.rethrow(t)}; it never returns.
   *
   * @throws IOException if {@code t} is one
   */
  public static RuntimeException rethrow(Throwable t) throws IOException {
    if (t instanceof IOException io) {
      throw io;
    }
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException("unexpected checked exception", t);
  }
}
