package dev.slabrace.trace.simbin;

import dev.slabrace.trace.TraceFormatException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The byte level of a simbin reader: a reused buffer over the input, varint and string decoding, the
 * byte offset of every position, and the running CRC-32 of the bytes consumed.
 */
final class SimbinInput implements Closeable {
  /*
   * Implementation notes: bytes [pos, limit) of buf are read but not yet consumed; `base` is the file
   * offset of buf[0]. Before an event record the reader asks for MAX_EVENT_BYTES, more than any
   * record without metadata can take, so the record is decoded without bounds checks of its own.
   * Near the end of the input fewer bytes may be there: then the SLACK bytes after `limit` are zero,
   * decoding runs on into them harmlessly (a zero byte ends a varint and means "none" everywhere),
   * and overran() tells the reader afterwards that the record was cut short. Strings and other
   * variable-length parts ask for their exact length first. The CRC covers [0, crcFrom + base) and
   * is brought up to date before bytes are moved out of the buffer.
   */

  /** The buffer's size: room for the longest string twice over, and few enough bytes to zero. */
  private static final int BUFFER = 1 << 17;
  private static final int SLACK = Simbin.MAX_EVENT_BYTES;

  private final InputStream in;
  private final String name;
  private final CRC32 crc = new CRC32();
  /** The buffer; package-private so that the event decoder can read it without a call. */
  final byte[] buf = new byte[BUFFER + SLACK];
  /** The next byte to consume. */
  int pos;
  /** The end of the bytes read. */
  int limit;
  private long base;
  private int crcFrom;
  private boolean eof;

  /** Creates the reader of {@code in}, named {@code name} in messages. */
  SimbinInput(InputStream in, String name) {
    this.in = in;
    this.name = name;
  }

  /** Returns the file offset of the next byte. */
  long offset() {
    return base + pos;
  }

  /** Returns the file offset of buffer index {@code i}. */
  long offsetOf(int i) {
    return base + i;
  }

  /**
   * Makes at least {@code n} bytes (at most {@link Simbin#MAX_STRING} plus a varint) available at
   * {@link #pos}, unless the input ends first.
   *
   * @return whether they are available
   */
  boolean request(int n) throws IOException {
    if (limit - pos >= n) {
      return true;
    }
    if (eof) {
      return false;
    }
    crc.update(buf, crcFrom, pos - crcFrom);
    System.arraycopy(buf, pos, buf, 0, limit - pos);
    base += pos;
    limit -= pos;
    pos = 0;
    crcFrom = 0;
    while (limit < n && !eof) {
      int got = in.read(buf, limit, BUFFER - limit);
      if (got < 0) {
        eof = true;
        Arrays.fill(buf, limit, limit + SLACK, (byte) 0);
      } else {
        limit += got;
      }
    }
    return limit - pos >= n;
  }

  /** Whether every byte of the input has been consumed. */
  boolean atEnd() throws IOException {
    return !request(1);
  }

  /** Whether decoding ran past the end of the input: the record just decoded was cut short. */
  boolean overran() {
    return pos > limit;
  }

  /** Returns the CRC-32 of every byte before {@link #pos}. */
  long checksum() {
    crc.update(buf, crcFrom, pos - crcFrom);
    crcFrom = pos;
    return crc.getValue();
  }

  /** Consumes one byte, unsigned. */
  int readByte() {
    return buf[pos++] & 0xff;
  }

  /** Consumes a varint. */
  long readVarint() throws TraceFormatException {
    byte[] b = buf;
    int p = pos;
    long x = b[p++];
    if (x >= 0) {
      pos = p;
      return x;
    }
    x &= 0x7f;
    for (int shift = 7; ; shift += 7) {
      long y = b[p++];
      if (shift == 63 && (y & 0xfe) != 0) {
        throw error(pos, (y & 0x80) != 0 ? "varint longer than 10 bytes" : "varint overflows 64 bits");
      }
      x |= (y & 0x7f) << shift;
      if (y >= 0) {
        pos = p;
        return x;
      }
    }
  }

  /**
   * Consumes a string: a varint length of at most {@link Simbin#MAX_STRING}, then UTF-8 bytes.
   *
   * @param what what the string is, for messages
   * @throws Cut if the input ends inside it
   * @throws TraceFormatException if it is too long
   */
  String readString(String what) throws IOException {
    long n = readCount(Simbin.MAX_STRING, what, "bytes");
    if (!request((int) n)) {
      throw new Cut();
    }
    String s = new String(buf, pos, (int) n, StandardCharsets.UTF_8);
    pos += (int) n;
    return s;
  }

  /**
   * Consumes a varint that counts something, at most {@code max}.
   *
   * @param what what is counted, for messages ("string", "stack")
   * @param unit what the count counts ("bytes", "frames")
   * @throws Cut if the input ends inside it
   * @throws TraceFormatException if it is over {@code max}
   */
  int readCount(int max, String what, String unit) throws IOException {
    request(Simbin.MAX_VARINT);
    int start = pos;
    long n = readVarint();
    if (overran()) {
      throw new Cut();
    }
    if (n < 0 || n > max) {
      throw error(start, what + " of " + Long.toUnsignedString(n) + " " + unit + " (at most " + max
          + ")");
    }
    return (int) n;
  }

  /** Returns an error at buffer index {@code at}. */
  TraceFormatException error(int at, String problem) {
    return errorAt(offsetOf(at), problem);
  }

  /** Returns an error at file offset {@code offset}. */
  TraceFormatException errorAt(long offset, String problem) {
    return TraceFormatException.atOffset(name, offset, problem);
  }

  /** Closes the input. */
  @Override
  public void close() throws IOException {
    in.close();
  }

  /** The input ended inside a record; the reader turns this into its truncation message. */
  static final class Cut extends IOException {

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
