package dev.slabrace.trace.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The decompressed bytes of a gzip file (RFC 1952): every member in turn, each header parsed and
 * each trailer's CRC-32 and length checked, until the input ends exactly after a member. Anything
 * else is a {@link GzipException}: a truncated header, body or trailer, a corrupt header or deflate
 * stream, a checksum that does not match, or bytes after a member that are not a gzip member.
 */
final class GzipMembers extends InputStream {
  /*
   * Implementation notes: one loop over the members, never a recursion, so that any number of them
   * (ten thousand empty ones, say) costs constant stack. The input is only ever read forward, never
   * asked how much is available and never repositioned, so pipes and FIFOs work. Bytes [pos, limit)
   * of buf are read but not consumed; `base` is the compressed offset of buf[0]. While a member's
   * body is inflated the Inflater holds [pos, limit); pos catches up from its getRemaining().
   */

  private static final int BUFFER = 1 << 16;
  private static final int DEFLATE = 8;
  private static final int FTEXT_FHCRC = 0x02;
  private static final int FEXTRA = 0x04;
  private static final int FNAME = 0x08;
  private static final int FCOMMENT = 0x10;
  private static final int RESERVED_FLAGS = 0xe0;
  private static final int FIXED_HEADER = 10;

  private enum State { HEADER, BODY, AFTER_MEMBER, END }

  private final InputStream in;
  private final byte[] buf = new byte[BUFFER];
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private final CRC32 headerCrc = new CRC32();
  private final byte[] one = new byte[1];
  private int pos;
  private int limit;
  private long base;
  private boolean eof;
  private State state = State.HEADER;
  private long memberStart;
  private long memberSize;

  /** Creates the stream over {@code in}, which must be positioned at the first member's header. */
  GzipMembers(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    int n;
    do {
      n = read(one, 0, 1);
    } while (n == 0);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    while (true) {
      switch (state) {
        case HEADER -> {
          readHeader();
          inflater.reset();
          crc.reset();
          memberSize = 0;
          inflater.setInput(buf, pos, limit - pos);
          state = State.BODY;
        }
        case BODY -> {
          int n = inflate(b, off, len);
          if (n > 0) {
            return n;
          }
        }
        case AFTER_MEMBER -> {
          if (!request(1)) {
            state = State.END;
          } else if ((buf[pos] & 0xff) != Gzip.MAGIC_1
              || (request(2) && (buf[pos + 1] & 0xff) != Gzip.MAGIC_2)) {
            throw new GzipException("trailing data", offset(),
                "not a gzip member (after the member that starts at compressed byte " + memberStart
                    + ")");
          } else {
            state = State.HEADER;
          }
        }
        case END -> {
          return -1;
        }
        default -> throw new IllegalStateException(state.name());
      }
    }
  }

  @Override
  public void close() throws IOException {
    state = State.END;
    inflater.end();
    in.close();
  }

  /** Inflates into b; returns the bytes produced, or 0 after moving to the trailer or more input. */
  private int inflate(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = inflater.inflate(b, off, len);
    } catch (DataFormatException e) {
      pos = limit - inflater.getRemaining();
      String reason = e.getMessage() == null ? "invalid deflate data" : e.getMessage();
      throw new GzipException("corrupt gzip data", offset(), reason);
    }
    pos = limit - inflater.getRemaining();
    if (n > 0) {
      crc.update(b, off, n);
      memberSize += n;
      return n;
    }
    if (inflater.finished()) {
      readTrailer();
      state = State.AFTER_MEMBER;
    } else if (inflater.needsDictionary()) {
      throw new GzipException("corrupt gzip data", offset(), "deflate data with a preset dictionary");
    } else if (inflater.needsInput()) {
      if (!request(1)) {
        throw new GzipException("truncated gzip stream", offset(), "the file ends inside the"
            + " deflate data of the member that starts at compressed byte " + memberStart);
      }
      inflater.setInput(buf, pos, limit - pos);
    }
    return 0;
  }

  /** Parses a member header at pos (its magic bytes already seen or expected). */
  private void readHeader() throws IOException {
    memberStart = offset();
    headerCrc.reset();
    int id1 = headerByte();
    int id2 = headerByte();
    if (id1 != Gzip.MAGIC_1 || id2 != Gzip.MAGIC_2) {
      throw new GzipException("corrupt gzip header", memberStart, "no gzip magic bytes");
    }
    int method = headerByte();
    if (method != DEFLATE) {
      throw new GzipException("corrupt gzip header", memberStart + 2, "compression method "
          + method + " (expected 8, deflate)");
    }
    int flags = headerByte();
    if ((flags & RESERVED_FLAGS) != 0) {
      throw new GzipException("corrupt gzip header", memberStart + 3, "reserved flag bits set"
          + " (flags 0x" + Integer.toHexString(flags) + ")");
    }
    for (int i = 4; i < FIXED_HEADER; i++) {
      headerByte(); // MTIME, XFL, OS
    }
    if ((flags & FEXTRA) != 0) {
      int xlen = headerByte() | headerByte() << 8;
      for (int i = 0; i < xlen; i++) {
        headerByte();
      }
    }
    if ((flags & FNAME) != 0) {
      while (headerByte() != 0) {
        // the original file name, zero-terminated
      }
    }
    if ((flags & FCOMMENT) != 0) {
      while (headerByte() != 0) {
        // a comment, zero-terminated
      }
    }
    if ((flags & FTEXT_FHCRC) != 0) {
      long at = offset();
      int expected = (int) (headerCrc.getValue() & 0xffff);
      int stored = rawByte("header") | rawByte("header") << 8;
      if (stored != expected) {
        throw new GzipException("corrupt gzip header", at, "header CRC does not match");
      }
    }
  }

  /** Checks a member's trailer: CRC-32 and length modulo 2^32 of the decompressed bytes. */
  private void readTrailer() throws IOException {
    long at = offset();
    long storedCrc = trailerWord();
    long storedSize = trailerWord();
    if (storedCrc != crc.getValue()) {
      throw new GzipException("corrupt gzip data", at, "CRC-32 does not match the data of the"
          + " member that starts at compressed byte " + memberStart);
    }
    if (storedSize != (memberSize & 0xffffffffL)) {
      throw new GzipException("corrupt gzip data", at + 4, "length does not match the data of"
          + " the member that starts at compressed byte " + memberStart);
    }
  }

  private long trailerWord() throws IOException {
    long w = 0;
    for (int i = 0; i < 4; i++) {
      w |= (long) rawByte("trailer") << (8 * i);
    }
    return w;
  }

  private int headerByte() throws IOException {
    int b = rawByte("header");
    headerCrc.update(b);
    return b;
  }

  private int rawByte(String part) throws IOException {
    if (!request(1)) {
      throw new GzipException("truncated gzip stream", offset(), "the file ends inside the "
          + part + " of the member that starts at compressed byte " + memberStart);
    }
    return buf[pos++] & 0xff;
  }

  /** Makes at least n (at most 2) unconsumed bytes available; returns false at the end of input. */
  private boolean request(int n) throws IOException {
    while (limit - pos < n) {
      if (eof) {
        return false;
      }
      if (pos > 0) {
        System.arraycopy(buf, pos, buf, 0, limit - pos);
        base += pos;
        limit -= pos;
        pos = 0;
      }
      int got = in.read(buf, limit, buf.length - limit);
      if (got < 0) {
        eof = true;
      } else {
        limit += got;
      }
    }
    return true;
  }

  private long offset() {
    return base + pos;
  }
}
