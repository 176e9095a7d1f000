package dev.slabrace.trace.ftrace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reader of a byte stream's text lines with a bounded length. Lines end at {@code \n}; a trailing
 * {@code \r} is dropped; the last line need not end with {@code \n}. A line longer than the bound is
 * cut (the rest is skipped up to its end) and flagged, and so is a line holding a NUL byte: neither
 * occurs in a text export, so either means the input is not one (or is damaged there).
 */
final class TextLines {
  /** The longest line kept, in bytes: the kernel prints an event into one trace_seq of 8 KiB at most. */
  static final int MAX_LINE = 1 << 16;
  private static final int READ_SIZE = 1 << 16;

  private final InputStream in;
  private final byte[] buffer = new byte[READ_SIZE];
  private int pos;
  private int limit;
  private boolean eof;
  private byte[] line = new byte[256];
  private long number;
  private boolean tooLong;
  private boolean binary;

  TextLines(InputStream in) {
    this.in = in;
  }

  /** Returns the next line, or null at the end of the stream. */
  String next() throws IOException {
    int len = 0;
    tooLong = false;
    binary = false;
    boolean any = false;
    while (true) {
      if (pos == limit) {
        if (eof || !fill()) {
          if (!any) {
            return null;
          }
          break;
        }
      }
      any = true;
      int start = pos;
      int nl = -1;
      for (int i = pos; i < limit; i++) {
        byte b = buffer[i];
        if (b == '\n') {
          nl = i;
          break;
        }
        if (b == 0) {
          binary = true;
        }
      }
      int end = nl < 0 ? limit : nl;
      int take = Math.min(end - start, MAX_LINE - len);
      if (take < end - start) {
        tooLong = true;
      }
      if (take > 0) {
        if (len + take > line.length) {
          line = Arrays.copyOf(line, Math.min(MAX_LINE, Math.max(len + take, line.length * 2)));
        }
        System.arraycopy(buffer, start, line, len, take);
        len += take;
      }
      pos = nl < 0 ? limit : nl + 1;
      if (nl >= 0) {
        break;
      }
    }
    number++;
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    return new String(line, 0, len, StandardCharsets.UTF_8);
  }

  /** Returns the 1-based number of the line {@link #next()} returned last. */
  long number() {
    return number;
  }

  /** Whether the last line was longer than {@link #MAX_LINE} and was cut. */
  boolean tooLong() {
    return tooLong;
  }

  /** Whether the last line held a NUL byte. */
  boolean binary() {
    return binary;
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      eof = true;
      pos = 0;
      limit = 0;
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  void close() throws IOException {
    in.close();
  }
}
