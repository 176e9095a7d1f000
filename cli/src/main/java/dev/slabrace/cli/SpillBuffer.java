package dev.slabrace.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A writer that holds one trace's report until its turn to be printed comes: in memory up to a limit,
 * then in a temporary file, so that a trace with millions of findings waits on disk, not on the heap.
 * Written by one thread, then (after it is closed) copied out and deleted by another.
 */
final class SpillBuffer extends Writer {
  /** The most characters held in memory (512 KiB of heap) before the buffer moves to a file. */
  static final int MEMORY_CHARS = 1 << 18;

  private final int limit;
  private StringBuilder memory = new StringBuilder();
  private Path file;
  private Writer spill;

  /** Creates a buffer that moves to a file past {@link #MEMORY_CHARS}. */
  SpillBuffer() {
    this(MEMORY_CHARS);
  }

  /** Creates a buffer that moves to a file past {@code limit} characters. */
  SpillBuffer(int limit) {
    this.limit = limit;
  }

  @Override
  public void write(char[] cbuf, int off, int len) throws IOException {
    if (spill == null && memory.length() + len > limit) {
      file = Files.createTempFile("slabrace-", ".part");
      // A job abandoned after a failure may still spill; the JVM's exit deletes its file.
      file.toFile().deleteOnExit();
      spill = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
      spill.append(memory);
      memory = null;
    }
    if (spill != null) {
      spill.write(cbuf, off, len);
    } else {
      memory.append(cbuf, off, len);
    }
  }

  /** Whether the buffer moved to a file. */
  boolean spilled() {
    return file != null;
  }

  @Override
  public void flush() throws IOException {
    if (spill != null) {
      spill.flush();
    }
  }

  /** Ends writing; the file, if any, stays until {@link #delete}. */
  @Override
  public void close() throws IOException {
    if (spill != null) {
      spill.close();
    }
  }

  /** Copies everything written to {@code out}; call once the writer is closed. */
  void copyTo(Writer out) throws IOException {
    if (file == null) {
      out.append(memory);
      return;
    }
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      in.transferTo(out);
    }
  }

  /** Deletes the file, if any; what is in memory goes with the buffer. */
  void delete() throws IOException {
    if (file != null) {
      Files.deleteIfExists(file);
    }
  }
}
