package dev.slabrace.trace;

import dev.slabrace.trace.ftrace.FtraceEventSource;
import dev.slabrace.trace.ftrace.TraceDat;
import dev.slabrace.trace.io.TraceInput;
import dev.slabrace.trace.jsonl.JsonlEventSource;
import dev.slabrace.trace.jsonl.JsonlEventWriter;
import dev.slabrace.trace.kernel.KernelInputs;
import dev.slabrace.trace.simbin.SimbinEventSource;
import dev.slabrace.trace.simbin.SimbinEventWriter;
import dev.slabrace.trace.std.StdEventSource;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry of trace formats, in the order their content is sniffed: each constant tells its files
 * by their first bytes, opens its reader, and, if slabrace writes the format, names its file name
 * endings and opens its writer. {@link Traces} and {@link TraceOutputs} know the formats only through
 * this enum, so a new format is a new package with its reader (and writer) and one constant here.
 */
public enum TraceFormat {
  /** trace-cmd's binary trace.dat, recognised only to refuse it with the command that converts it. */
  TRACE_DAT(null, TraceDat::sniff, (input, name, lenient, kernel) -> {
    throw TraceFormatException.atOffset(name, 0, TraceDat.advice(name, input.gzip()));
  }, null),
  /** slabrace's binary format, by its magic bytes ({@code trace-formats/spec/simbin.md}). */
  SIMBIN("slabrace binary", SimbinEventSource::sniff,
      (input, name, lenient, kernel) ->
          new SimbinEventSource(input.checkedStream(name), name, lenient),
      SimbinEventWriter::new, ".bin", ".simbin"),
  /** An ftrace text export, by its header or first event line ({@code spec/ftrace.md}). */
  FTRACE("ftrace text", FtraceEventSource::sniff,
      (input, name, lenient, kernel) ->
          new FtraceEventSource(input.checkedStream(name), name, lenient, kernel),
      null),
  /** RAPID's STD, by a first line {@code thread|op(decor)|loc} ({@code spec/std.md}). */
  STD("RAPID STD", StdEventSource::sniff,
      (input, name, lenient, kernel) -> new StdEventSource(input.checkedStream(name), name, lenient),
      null),
  /**
   * JSON Lines ({@code spec/jsonl.md}), the last resort: its reader decides, by the first line that is
   * neither blank nor a comment, whether the input is JSON Lines or in no supported format.
   */
  JSONL("JSON Lines", (head, length) -> true,
      (input, name, lenient, kernel) -> JsonlEventSource.open(input, name, lenient),
      JsonlEventWriter::new, ".jsonl");

  /** Tells a format by the first bytes of the (decompressed) input. */
  @FunctionalInterface
  public interface Sniffer {
    /** Whether {@code head[0, length)}, the first bytes of an input, are in the format. */
    boolean sniff(byte[] head, int length);
  }

  /** Opens a format's reader. */
  @FunctionalInterface
  public interface ReaderFactory {
    /**
     * Opens a reader of {@code input}, positioned at its start; the reader owns it.
     *
     * @param name how messages and reports name the input
     * @param lenient skip and count malformed lines instead of failing
     * @param kernel what the user said about the kernel, for formats that use it
     * @throws TraceFormatException if the input cannot be read in the format
     */
    EventSource open(TraceInput input, String name, boolean lenient, KernelInputs kernel)
        throws IOException;
  }

  /** Opens a format's writer. */
  @FunctionalInterface
  public interface WriterFactory {
    /**
     * Opens a writer to {@code out} (buffered, compressed if asked for) whose cursors refer to
     * {@code tables}' symbols, tasks, stacks and header; closing it closes {@code out}.
     */
    EventWriter open(OutputStream out, EventSource tables) throws IOException;
  }

  private final String title;
  private final Sniffer sniffer;
  private final ReaderFactory reader;
  private final WriterFactory writer;
  private final List<String> extensions;

  TraceFormat(String title, Sniffer sniffer, ReaderFactory reader, WriterFactory writer,
      String... extensions) {
    this.title = title;
    this.sniffer = sniffer;
    this.reader = reader;
    this.writer = writer;
    this.extensions = List.of(extensions);
  }

  /**
   * Returns the formats slabrace reads, as messages list them: {@code slabrace binary, ftrace text,
   * RAPID STD or JSON Lines}, in sniffing order.
   */
  public static String readableTitles() {
    List<String> titles = new ArrayList<>();
    for (TraceFormat f : values()) {
      if (f.title != null) {
        titles.add(f.title);
      }
    }
    return either(titles);
  }

  /** Returns the file name endings slabrace writes, as messages list them: {@code .bin, .simbin or .jsonl}. */
  public static String writableEndings() {
    List<String> endings = new ArrayList<>();
    for (TraceFormat f : values()) {
      endings.addAll(f.extensions);
    }
    return either(endings);
  }

  private static String either(List<String> items) {
    int n = items.size();
    return n == 1 ? items.get(0)
        : String.join(", ", items.subList(0, n - 1)) + " or " + items.get(n - 1);
  }

  /** Returns the first format, in sniffing order, whose sniffer accepts {@code head[0, length)}. */
  public static TraceFormat sniff(byte[] head, int length) {
    for (TraceFormat f : values()) {
      if (f.sniffer.sniff(head, length)) {
        return f;
      }
    }
    throw new IllegalStateException("JSONL accepts every input");
  }

  /**
   * Returns the writable format whose file name ending {@code fileName} has (after any {@code .gz}
   * was taken off), or null.
   */
  public static TraceFormat forFileName(String fileName) {
    for (TraceFormat f : values()) {
      for (String extension : f.extensions) {
        if (fileName.endsWith(extension)) {
          return f;
        }
      }
    }
    return null;
  }

  /** Opens a reader of {@code input}, which this format sniffed; see {@link ReaderFactory#open}. */
  public EventSource open(TraceInput input, String name, boolean lenient, KernelInputs kernel)
      throws IOException {
    return reader.open(input, name, lenient, kernel);
  }

  /** Whether slabrace writes this format. */
  public boolean writable() {
    return writer != null;
  }

  /** Returns the file name endings that ask for this format, without {@code .gz}; empty if none. */
  public List<String> extensions() {
    return extensions;
  }

  /**
   * Opens a writer to {@code out}; see {@link WriterFactory#open}.
   *
   * @throws UnsupportedOperationException if slabrace does not write this format
   */
  public EventWriter writer(OutputStream out, EventSource tables) throws IOException {
    if (writer == null) {
      throw new UnsupportedOperationException("slabrace does not write " + name());
    }
    return writer.open(out, tables);
  }
}
