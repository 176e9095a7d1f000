package dev.slabrace.trace.ftrace;

/**
 * A trace-cmd binary file ({@code trace.dat}, what {@code trace-cmd record} writes): recognised by its
 * magic so that slabrace can say how to turn it into the text export it reads, rather than calling it
 * no trace at all.
 *
 * <pre>
 * Implementation notes
 *
 * The file starts with 0x17 0x08 0x44 and "tracing", then the version as text ("6\0", "7\0"); see
 * trace-cmd's Documentation/trace-cmd/trace-cmd.dat.v6.5.txt. slabrace does not run trace-cmd itself:
 * the conversion is slow on a large file, its text is worth keeping for the next run, and which
 * options it takes is the user's choice (-l keeps the irq flags that tell interrupt contexts apart).
 * </pre>
 */
public final class TraceDat {
  /** The first bytes of every trace.dat file. */
  private static final byte[] MAGIC = {0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g'};

  private TraceDat() {}

  /** Returns whether the first {@code length} bytes of {@code head} start with trace.dat's magic. */
  public static boolean sniff(byte[] head, int length) {
    if (length < MAGIC.length) {
      return false;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (head[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns what to tell the user about trace.dat file {@code file}: how to convert it, after
   * decompressing it if {@code gzip} (trace-cmd reads no gzip).
   */
  public static String advice(String file, boolean gzip) {
    return "a " + (gzip ? "gzip-compressed " : "") + "trace-cmd binary file (trace.dat), which"
        + " slabrace does not read: " + (gzip ? "decompress it, then " : "") + "convert it with"
        + " 'trace-cmd report -l " + (gzip ? "FILE" : file) + " > " + (gzip ? "FILE" : file)
        + ".txt' and analyse " + (gzip ? "FILE" : file) + ".txt";
  }
}
