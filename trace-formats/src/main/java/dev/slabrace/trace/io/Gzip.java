package dev.slabrace.trace.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * Gzip detection by content, and the one gzip decompressor of every reader: a stream that starts
 * with the gzip magic bytes is decompressed member after member ({@link GzipMembers}).
 */
public final class Gzip {
  /** The first magic byte of every gzip member (RFC 1952, ID1). */
  public static final int MAGIC_1 = 0x1f;
  /** The second magic byte of every gzip member (RFC 1952, ID2). */
  public static final int MAGIC_2 = 0x8b;
  /** How many bytes {@link #isGzip} looks at; the pushback buffer must hold at least this many. */
  public static final int MAGIC_LENGTH = 2;

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
   * Returns a stream of the decompressed bytes of every gzip member of {@code in}, which must start
   * with one. Its reads throw {@link GzipException} on a truncated or corrupt member and on data after
   * a member that is not another member; it reads {@code in} forward only, so pipes work.
   */
  public static InputStream decompressing(InputStream in) {
    return new GzipMembers(in);
  }
}
