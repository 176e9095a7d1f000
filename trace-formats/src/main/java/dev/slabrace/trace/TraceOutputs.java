package dev.slabrace.trace;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Opens a writer for a trace file in the format its name asks for ({@link TraceFormat#extensions}):
 * {@code .jsonl} for JSON Lines, {@code .bin} or {@code .simbin} for the binary format, each optionally
 * followed by {@code .gz}.
 */
public final class TraceOutputs {
  private static final int BUFFER = 1 << 16;

  private TraceOutputs() {}

  /** Whether {@code fileName} names a format this class can write. */
  public static boolean isWritable(String fileName) {
    return TraceFormat.forFileName(stripGzip(fileName)) != null;
  }

  /**
   * Opens a writer to {@code path}, whose cursors refer to {@code tables}' symbols, tasks, stacks and
   * header.
   *
   * @throws IllegalArgumentException if the file name asks for no writable format
   */
  public static EventWriter open(Path path, EventSource tables) throws IOException {
    String name = path.getFileName().toString();
    if (!isWritable(name)) {
      throw unwritable(name);
    }
    return open(Files.newOutputStream(path), name, tables);
  }

  /**
   * Opens a writer to {@code out} in the format {@code fileName} asks for; closing it closes out.
   *
   * @throws IllegalArgumentException if the file name asks for no writable format
   */
  public static EventWriter open(OutputStream out, String fileName, EventSource tables)
      throws IOException {
    TraceFormat format = TraceFormat.forFileName(stripGzip(fileName));
    if (format == null) {
      throw unwritable(fileName);
    }
    OutputStream o = fileName.endsWith(".gz") ? new GZIPOutputStream(out, BUFFER)
        : new BufferedOutputStream(out, BUFFER);
    return format.writer(o, tables);
  }

  private static IllegalArgumentException unwritable(String name) {
    return new IllegalArgumentException("cannot tell the output format from '" + name
        + "' (expected " + TraceFormat.writableEndings() + ", optionally .gz)");
  }

  private static String stripGzip(String name) {
    return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
  }
}
