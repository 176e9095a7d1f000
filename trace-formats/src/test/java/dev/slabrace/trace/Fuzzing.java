package dev.slabrace.trace;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * What every reader fuzz test checks: reading any bytes to the end, strictly and leniently, through
 * the same model checks as {@link Traces#open}, ends, and fails, if at all, only with a
 * {@link TraceFormatException}. Any other exception or error escapes to the fuzzer as a finding.
 */
public final class Fuzzing {
  /** How long CI fuzzes each target; -Djazzer.max_duration=1h overrides it (README, Robustness). */
  public static final String MAX_DURATION = "20s";
  /** The longest one input may take; libFuzzer reports a slower one as a timeout finding. */
  public static final long PER_INPUT_SECONDS = 15;

  private Fuzzing() {}

  /** Opens a reader of some bytes. */
  @FunctionalInterface
  public interface Reader {
    /** Returns a source reading {@code in}, strict or lenient. */
    EventSource open(InputStream in, boolean lenient) throws IOException;
  }

  /** Reads {@code data} with {@code reader} twice, strictly and leniently, to the end. */
  public static void readBoth(byte[] data, Reader reader) throws IOException {
    read(data, reader, false);
    read(data, reader, true);
  }

  /** Reads every event; returns how many, or -1 if the reader reported a format error. */
  public static long read(byte[] data, Reader reader, boolean lenient) throws IOException {
    try (EventSource source =
        new CheckedEventSource(reader.open(new ByteArrayInputStream(data), lenient), lenient)) {
      EventCursor c = new EventCursor();
      long n = 0;
      while (source.next(c)) {
        n++;
        if (c.op == null) {
          throw new AssertionError("event " + c.id + " has no op");
        }
      }
      source.notes();
      source.header();
      source.skipped();
      return n;
    } catch (TraceFormatException expected) {
      if (expected.getMessage().lines().count() != 1) {
        throw new AssertionError("message of more than one line: " + expected.getMessage());
      }
      return -1;
    }
  }
}
