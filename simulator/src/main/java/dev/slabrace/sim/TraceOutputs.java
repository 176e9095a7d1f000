package dev.slabrace.sim;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.EventWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** The trace formats the simulator writes, chosen by the output file's name. */
public final class TraceOutputs {
  private TraceOutputs() {}

  /** Whether {@code file} names a format this class writes: {@code .jsonl} or {@code .jsonl.gz}. */
  public static boolean supported(String file) {
    return file.endsWith(".jsonl") || file.endsWith(".jsonl.gz");
  }

  /**
   * Opens a writer of {@code source}'s events to {@code path}, gzip-compressed if the name ends in
   * {@code .gz}.
   *
   * @throws IllegalArgumentException if the file name names no supported format
   */
  public static EventWriter open(Path path, EventSource source) throws IOException {
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    if (!supported(name)) {
      throw new IllegalArgumentException(path + ": unknown trace format (the name must end in"
          + " .jsonl or .jsonl.gz)");
    }
    OutputStream out = Files.newOutputStream(path);
    if (name.endsWith(".gz")) {
      out = new GZIPOutputStream(out, 1 << 16);
    }
    return new JsonlOut(new BufferedOutputStream(out, 1 << 16), source);
  }

  /** Writes every event of {@code source} with {@code writer}; returns how many. */
  public static long copy(EventSource source, EventWriter writer) throws IOException {
    EventCursor cursor = new EventCursor();
    long n = 0;
    while (source.next(cursor)) {
      writer.write(cursor);
      n++;
    }
    return n;
  }
}
