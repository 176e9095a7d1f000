package dev.slabrace.trace;

import java.io.IOException;
import java.nio.file.Path;

/** Opens a trace file in whichever supported format its content shows. */
public final class Traces {
  private Traces() {}

  /**
   * Opens {@code path}, detecting the format (and gzip compression) by content.
   *
   * @param path the file to read
   * @param displayName how messages and reports name the file (usually the path as the user typed it)
   * @param lenient skip malformed lines and count them instead of failing
   * @throws TraceFormatException if the content is in no supported format
   * @throws java.nio.file.NoSuchFileException if the file does not exist
   */
  public static EventSource open(Path path, String displayName, boolean lenient) throws IOException {
    throw new UnsupportedOperationException("readers not written yet");
  }
}
