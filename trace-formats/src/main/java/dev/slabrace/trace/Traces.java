package dev.slabrace.trace;

import dev.slabrace.trace.io.TraceInput;
import dev.slabrace.trace.kernel.KernelInputs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a trace file in whichever supported format its content shows ({@link TraceFormat}). */
public final class Traces {
  private Traces() {}

  /**
   * Opens {@code path}, detecting the format (and gzip compression) by content, each format of
   * {@link TraceFormat} in turn: the binary format by its magic bytes (trace-cmd's trace.dat too,
   * refused with the command that converts it); an ftrace text export (the {@code trace} file or
   * {@code trace-cmd report}) by its header or first event line; RAPID's STD by a first line
   * {@code thread|op(decor)|loc}; otherwise the first line that is neither blank nor a {@code #}
   * comment decides: one that starts with {@code '{'} is JSON Lines, and a file without such a line is
   * an empty JSON Lines trace. Every event the reader delivers is checked against {@link EventRules}
   * ({@link CheckedEventSource}).
   *
   * @param path the file to read
   * @param displayName how messages and reports name the file (usually the path as the user typed it)
   * @param lenient skip malformed lines and count them instead of failing
   * @throws TraceFormatException if the content is in no supported format
   * @throws java.nio.file.NoSuchFileException if the file does not exist
   */
  public static EventSource open(Path path, String displayName, boolean lenient) throws IOException {
    return open(Files.newInputStream(path), displayName, lenient);
  }

  /**
   * Opens a trace read from {@code in}, as {@link #open(Path, String, boolean)} does a file: for a
   * caller that watches the bytes read (a progress bar). The source closes {@code in}, and so does a
   * failure to open it. Every reader's events are checked against the model's rules.
   *
   * @throws TraceFormatException if the content is in no supported format
   */
  public static EventSource open(InputStream in, String displayName, boolean lenient)
      throws IOException {
    return open(in, displayName, lenient, KernelInputs.NONE);
  }

  /**
   * Opens a trace read from {@code in} as {@link #open(InputStream, String, boolean)} does, with what
   * the user said about the kernel: an ftrace export's kprobe events whose definitions {@code kernel}
   * holds give the loads their memory fetch arguments performed. Other formats ignore it.
   *
   * @throws TraceFormatException if the content is in no supported format
   */
  public static EventSource open(InputStream in, String displayName, boolean lenient,
      KernelInputs kernel) throws IOException {
    TraceInput input = TraceInput.open(in, displayName);
    try {
      TraceFormat format = TraceFormat.sniff(input.head(), input.headLength());
      return new CheckedEventSource(format.open(input, displayName, lenient, kernel), lenient);
    } catch (IOException | RuntimeException e) {
      input.stream().close();
      throw e;
    }
  }
}
