package dev.slabrace.trace.simbin;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The byte level of a simbin writer: a reused buffer in front of the output, varint and string
 * encoding, and the running CRC-32 of every byte passed on.
 */
final class SimbinOutput {
  private static final int BUFFER = 1 << 16;

  private final OutputStream out;
  private final CRC32 crc = new CRC32();
  /** The buffer; package-private so that the event encoder can write it without a call. */
  final byte[] buf = new byte[BUFFER];
  /** The number of buffered bytes. */
  int n;

  SimbinOutput(OutputStream out) {
    this.out = out;
  }

  /** Makes room for {@code bytes} more bytes in the buffer, at most its size. */
  void room(int bytes) throws IOException {
    if (n > BUFFER - bytes) {
      drain();
    }
  }

  /** Appends one byte; {@link #room} must have made space. */
  void put(int b) {
    buf[n++] = (byte) b;
  }

  /** Appends a varint; {@link #room} must have made space. */
  void varint(long v) {
    byte[] b = buf;
    int p = n;
    while ((v & ~0x7fL) != 0) {
      b[p++] = (byte) (v | 0x80);
      v >>>= 7;
    }
    b[p++] = (byte) v;
    n = p;
  }

  /** Appends a string: its length and bytes, of any length the format allows. */
  void string(byte[] bytes) throws IOException {
    room(Simbin.MAX_VARINT);
    varint(bytes.length);
    if (bytes.length > BUFFER - n) {
      drain();
      crc.update(bytes);
      out.write(bytes);
    } else {
      System.arraycopy(bytes, 0, buf, n, bytes.length);
      n += bytes.length;
    }
  }

  /** Passes the buffered bytes to the output, through the checksum. */
  void drain() throws IOException {
    crc.update(buf, 0, n);
    out.write(buf, 0, n);
    n = 0;
  }

  /** Passes the buffered bytes on and flushes the output. */
  void flush() throws IOException {
    drain();
    out.flush();
  }

  /** Appends the checksum of all bytes so far (little-endian), passes it on, closes the output. */
  void finishAndClose() throws IOException {
    try (OutputStream o = out) {
      drain();
      int sum = (int) crc.getValue();
      for (int i = 0; i < Integer.BYTES; i++) {
        buf[n++] = (byte) (sum >>> (Byte.SIZE * i));
      }
      o.write(buf, 0, n);
      n = 0;
    }
  }

  /** Returns {@code s} in UTF-8, checked against the format's limit. */
  static byte[] utf8(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > Simbin.MAX_STRING) {
      throw new IllegalArgumentException("string of " + bytes.length + " bytes (at most "
          + Simbin.MAX_STRING + ") starting '" + s.substring(0, Math.min(s.length(), 40)) + "'");
    }
    return bytes;
  }
}
