package dev.slabrace.trace.io;

import dev.slabrace.trace.TraceFormatException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * A trace file's bytes, decompressed if they are gzip, with their first bytes available for format
 * detection without consuming them.
 */
public final class TraceInput {
  /** How many leading bytes format detection may look at. */
  public static final int HEAD = 8192;

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
   * Opens {@code raw}, decompressing gzip by its magic bytes. Closes {@code raw} if it fails. Damage
   * to the gzip stream, even in its first header, surfaces from the stream's reads where the good
   * data ends.
   */
  public static TraceInput open(InputStream raw, String name) throws IOException {
    try {
      PushbackInputStream pushback = new PushbackInputStream(raw, Gzip.MAGIC_LENGTH);
      boolean gzip = Gzip.isGzip(pushback);
      InputStream in = pushback;
      if (gzip) {
        in = Gzip.decompressing(pushback);
      }
      byte[] head = new byte[HEAD];
      int length = 0;
      IOException pending = null;
      try {
        int n;
        while (length < HEAD && (n = in.read(head, length, HEAD - length)) >= 0) {
          length += n;
        }
      } catch (GzipException e) {
        // keep the bytes that did decompress: the reader reports the damage where it reaches it
        pending = e;
      }
      return new TraceInput(new HeadFirst(head, length, in, pending), gzip, head, length);
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
   * gzip stream becomes a {@link TraceFormatException} at the offset in the compressed file where
   * the damage is.
   */
  public InputStream checkedStream(String name) {
    if (!gzip) {
      return stream;
    }
    return new FilterInputStream(stream) {
      @Override
      public int read() throws IOException {
        return checked(() -> super.read());
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return checked(() -> super.read(b, off, len));
      }

      private int checked(IoRead read) throws IOException {
        try {
          return read.read();
        } catch (GzipException e) {
          throw TraceFormatException.atOffset(name, e.offset(), e.problem());
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

  /**
   * The head's bytes, then the rest of the input. A gzip error met while the head was read is thrown
   * once the head's bytes are used up, so that readers see it where the good data ends. Unlike a
   * BufferedInputStream, a read never combines bytes already delivered with a read that fails, so no
   * good byte is lost before an error.
   */
  private static final class HeadFirst extends InputStream {
    private final byte[] head;
    private final int length;
    private final InputStream in;
    private final IOException pending;
    private int pos;

    HeadFirst(byte[] head, int length, InputStream in, IOException pending) {
      this.head = head;
      this.length = length;
      this.in = in;
      this.pending = pending;
    }

    @Override
    public int read() throws IOException {
      if (pos < length) {
        return head[pos++] & 0xff;
      }
      if (pending != null) {
        throw pending;
      }
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (pos < length) {
        int n = Math.min(len, length - pos);
        System.arraycopy(head, pos, b, off, n);
        pos += n;
        return n;
      }
      if (pending != null) {
        throw pending;
      }
      return in.read(b, off, len);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
