package dev.slabrace.trace.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.GZIPInputStream;

/** Gzip detection by content: a stream that starts with the gzip magic bytes is decompressed. */
public final class Gzip {
  /** The first magic byte of every gzip member (RFC 1952, ID1). */
  public static final int MAGIC_1 = 0x1f;
  /** The second magic byte of every gzip member (RFC 1952, ID2). */
  public static final int MAGIC_2 = 0x8b;
  /** How many bytes {@link #isGzip} looks at; the pushback buffer must hold at least this many. */
  public static final int MAGIC_LENGTH = 2;
  /** Size of the inflater's input buffer. */
  private static final int INFLATE_BUFFER = 1 << 16;

  private Gzip() {}

  /** Returns whether {@code in} starts with the gzip magic bytes, leaving them unread. */
  public static boolean isGzip(PushbackInputStream in) throws IOException {
    byte[] magic = in.readNBytes(MAGIC_LENGTH);
    in.unread(magic);
    return magic.length == MAGIC_LENGTH
        && (magic[0] & 0xff) == MAGIC_1
        && (magic[1] & 0xff) == MAGIC_2;
  }

  /**
   * Returns a stream that decompresses {@code in}, which must start with a gzip header.
   *
   * @throws java.io.EOFException if the header is truncated
   * @throws java.util.zip.ZipException if the header is not a valid gzip header
   */
  public static InputStream decompressing(InputStream in) throws IOException {
    return new GZIPInputStream(in, INFLATE_BUFFER);
  }
}
