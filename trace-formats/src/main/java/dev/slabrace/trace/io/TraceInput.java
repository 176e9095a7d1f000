package dev.slabrace.trace.io;

import dev.slabrace.trace.TraceFormatException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.ZipException;

/**
 * A trace file's bytes, decompressed if they are gzip, with their first bytes available for format
 * detection without consuming them.
 */
public final class TraceInput {
  /** How many leading bytes format detection may look at. */
  public static final int HEAD = 8192;
  private static final int BUFFER = HEAD;

  private final InputStream stream;
  private final boolean gzip;
  private final byte[] head;
  private final int headLength;

  private TraceInput(InputStream stream, boolean gzip, byte[] head, int headLength) {
    this.stream = stream;
    this.gzip = gzip;
    this.head = head;
    this.headLength = headLength;
  }

  /**
   * Opens {@code raw}, decompressing gzip by its magic bytes. Closes {@code raw} if it fails.
   *
   * @throws TraceFormatException if the gzip stream is truncated or corrupt within its first bytes
   */
  public static TraceInput open(InputStream raw, String name) throws IOException {
    try {
      PushbackInputStream pushback = new PushbackInputStream(raw, Gzip.MAGIC_LENGTH);
      boolean gzip = Gzip.isGzip(pushback);
      InputStream in = pushback;
      if (gzip) {
        try {
          in = Gzip.decompressing(pushback);
        } catch (EOFException e) {
          throw TraceFormatException.atLine(name, 1, "truncated gzip stream");
        } catch (ZipException e) {
          throw TraceFormatException.atLine(name, 1, "corrupt gzip data");
        }
      }
      BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
      buffered.mark(HEAD);
      byte[] head;
      try {
        head = buffered.readNBytes(HEAD);
      } catch (EOFException e) {
        throw TraceFormatException.atLine(name, 1, "truncated gzip stream");
      } catch (ZipException e) {
        throw TraceFormatException.atLine(name, 1, "corrupt gzip data");
      }
      buffered.reset();
      return new TraceInput(buffered, gzip, head, head.length);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /** Returns the (decompressed) bytes, positioned at the start. */
  public InputStream stream() {
    return stream;
  }

  /**
   * Returns the bytes for a reader that does not report gzip errors itself: a truncated or corrupt
   * gzip stream becomes a {@link TraceFormatException} at the decompressed byte offset reached.
   */
  public InputStream checkedStream(String name) {
    if (!gzip) {
      return stream;
    }
    return new FilterInputStream(stream) {
      private long offset;

      @Override
      public int read() throws IOException {
        int b = checked(() -> super.read());
        if (b >= 0) {
          offset++;
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = checked(() -> super.read(b, off, len));
        if (n > 0) {
          offset += n;
        }
        return n;
      }

      private int checked(IoRead read) throws IOException {
        try {
          return read.read();
        } catch (EOFException e) {
          throw TraceFormatException.atOffset(name, offset, "truncated gzip stream");
        } catch (ZipException e) {
          throw TraceFormatException.atOffset(name, offset, "corrupt gzip data");
        }
      }
    };
  }

  /** Whether the file was gzip-compressed. */
  public boolean gzip() {
    return gzip;
  }

  /** Returns the first bytes (up to {@link #HEAD}); the array may be longer than {@link #headLength}. */
  public byte[] head() {
    return head;
  }

  /** Returns how many first bytes {@link #head()} holds. */
  public int headLength() {
    return headLength;
  }

  @FunctionalInterface
  private interface IoRead {
    int read() throws IOException;
  }
}
