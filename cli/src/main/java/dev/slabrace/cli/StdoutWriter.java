package dev.slabrace.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Standard output as the commands write it, in UTF-8: unlike {@code System.out}, which swallows
 * write errors, a failed write or flush ends the command with a {@link StdoutFailure}, so a full disk
 * or a closed pipe stops the run at once instead of letting it run on and exit as if all was written.
 * The commands reach it through a {@link java.io.PrintWriter}, which passes unchecked exceptions on.
 */
final class StdoutWriter extends Writer {
  private final Writer out;

  /** Writes UTF-8 to {@code stream}, the process's standard output. */
  StdoutWriter(OutputStream stream) {
    this.out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
  }

  @Override
  public void write(int c) {
    try {
      out.write(c);
    } catch (IOException e) {
      throw new StdoutFailure(e);
    }
  }

  @Override
  public void write(char[] chars, int off, int len) {
    try {
      out.write(chars, off, len);
    } catch (IOException e) {
      throw new StdoutFailure(e);
    }
  }

  @Override
  public void write(String s, int off, int len) {
    try {
      out.write(s, off, len);
    } catch (IOException e) {
      throw new StdoutFailure(e);
    }
  }

  @Override
  public void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new StdoutFailure(e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new StdoutFailure(e);
    }
  }

  /** Writing to standard output failed; {@link ErrorHandler} words it and picks the exit status. */
  static final class StdoutFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StdoutFailure(IOException cause) {
      super(cause.getMessage(), cause);
    }

    /**
     * Whether the reader of the pipe went away (EPIPE: {@code | head -1}), which is no error of the
     * run's but the end of its audience.
     */
    boolean brokenPipe() {
      String m = getMessage();
      return m != null && m.contains("Broken pipe");
    }
  }
}
