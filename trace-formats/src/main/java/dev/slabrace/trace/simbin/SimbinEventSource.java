package dev.slabrace.trace.simbin;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.TraceFormatException;
import dev.slabrace.trace.TraceReader;
import dev.slabrace.trace.simbin.SimbinInput.Cut;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A reader of simbin traces ({@code trace-formats/spec/simbin.md}), streaming: one reused buffer, no
 * allocation per event. Table definitions go into the source's tables as they come, so the ids of
 * the file are the ids of the tables. A cursor's {@code position} is its record's byte offset.
 *
 * <p>The trailer's event count and checksum are verified when the trailer is reached, before
 * {@link #next} reports the end. In lenient mode a file without a trailer ends at its last complete
 * record, with a note; every other problem fails in either mode.
 */
public final class SimbinEventSource extends TraceReader {
  private final SimbinInput input;
  private final Predictions predictions = new Predictions();
  private final EventDecoder decoder;
  private final List<String> notes = new ArrayList<>(1);
  private boolean started;
  private boolean ended;
  private long events;
  private int maxEventKind = Simbin.MAX_EVENT_KIND;

  /**
   * Creates a reader of {@code in}; nothing is read before the first {@link #next}.
   *
   * @param displayName how messages name the input
   * @param lenient accept a file that ends without its trailer (see the class comment)
   */
  public SimbinEventSource(InputStream in, String displayName, boolean lenient) {
    this(new SimbinInput(in, displayName), displayName, lenient);
  }

  private SimbinEventSource(SimbinInput input, String displayName, boolean lenient) {
    super(input, displayName, lenient);
    this.input = input;
    this.decoder = new EventDecoder(input, symbols, tasks, stacks, predictions);
  }

  /** Whether {@code head[0, length)} starts with the simbin magic bytes. */
  public static boolean sniff(byte[] head, int length) {
    int n = Simbin.MAGIC.length;
    return Math.min(length, head.length) >= n && Arrays.equals(head, 0, n, Simbin.MAGIC, 0, n);
  }

  @Override
  public boolean next(EventCursor into) throws IOException {
    if (ended) {
      return false;
    }
    SimbinInput in = input;
    long record = 0;
    try {
      if (!started) {
        readHeader();
      }
      while (true) {
        if (in.limit - in.pos < Simbin.MAX_EVENT_BYTES) {
          in.request(Simbin.MAX_EVENT_BYTES);
        }
        int start = in.pos;
        record = in.offsetOf(start);
        if (start >= in.limit) {
          throw new Cut();
        }
        int kind = in.readByte();
        if (kind != 0 && kind <= maxEventKind) {
          decoder.decode(kind, into, record);
          events++;
          return true;
        }
        switch (kind) {
          case Simbin.KIND_SYMBOL -> defineSymbol(record);
          case Simbin.KIND_TASK -> defineTask(record);
          case Simbin.KIND_STACK -> defineStack(record);
          case Simbin.KIND_TRAILER -> {
            readTrailer(record);
            ended = true;
            return false;
          }
          default -> throw in.error(start, String.format("unknown record kind 0x%02x", kind));
        }
      }
    } catch (Cut cut) {
      return truncated(record);
    }
  }

  private void readHeader() throws IOException {
    SimbinInput in = input;
    in.request(Simbin.MAGIC.length + 2 * Simbin.MAX_VARINT);
    int n = Math.min(in.limit - in.pos, Simbin.MAGIC.length);
    if (!Arrays.equals(in.buf, in.pos, in.pos + n, Simbin.MAGIC, 0, n)) {
      throw in.error(in.pos, "not a simbin trace (bad magic)");
    }
    if (n < Simbin.MAGIC.length) {
      throw new Cut();
    }
    in.pos += n;
    int versionAt = in.pos;
    long version = in.readVarint();
    int flagsAt = in.pos;
    long flags = in.readVarint();
    if (in.overran()) {
      throw new Cut();
    }
    if (version != Simbin.VERSION && version != Simbin.VERSION_1) {
      throw in.error(versionAt, "unsupported simbin version " + Long.toUnsignedString(version)
          + " (this reader reads versions " + Simbin.VERSION_1 + " and " + Simbin.VERSION + ")");
    }
    if (version == Simbin.VERSION_1) {
      maxEventKind = Simbin.MAX_EVENT_KIND_V1;
      decoder.version1();
    }
    if (flags != 0) {
      throw in.error(flagsAt, "unsupported simbin flags 0x" + Long.toHexString(flags));
    }
    started = true;
  }

  private void defineSymbol(long offset) throws IOException {
    String s = input.readString("symbol");
    int expected = symbols.size();
    int id = symbols.intern(s);
    if (id != expected) {
      throw input.errorAt(offset, "symbol '" + s + "' defined twice (ids " + id + " and " + expected
          + ")");
    }
  }

  private void defineTask(long offset) throws IOException {
    String s = input.readString("task name");
    int expected = tasks.size();
    int id = tasks.intern(s);
    if (id != expected) {
      throw input.errorAt(offset, "task '" + s + "' defined twice (ids " + id + " and " + expected
          + ")");
    }
    predictions.taskDefined(id);
  }

  private void defineStack(long offset) throws IOException {
    SimbinInput in = input;
    int n = in.readCount(Simbin.MAX_FRAMES, "stack", "frames");
    int[] frames = new int[n];
    for (int i = 0; i < n; i++) {
      in.request(Simbin.MAX_VARINT);
      int at = in.pos;
      long v = in.readVarint();
      if (in.overran()) {
        throw new Cut();
      }
      if (v < 0 || v >= symbols.size()) {
        throw in.error(at, "frame symbol " + Long.toUnsignedString(v) + " is not defined ("
            + symbols.size() + " symbols so far)");
      }
      frames[i] = (int) v;
    }
    int expected = stacks.size();
    int id = stacks.intern(frames);
    if (id != expected) {
      throw in.errorAt(offset, "stack defined twice (ids " + id + " and " + expected + ")");
    }
  }

  private void readTrailer(long offset) throws IOException {
    SimbinInput in = input;
    long count = in.readVarint();
    if (in.overran()) {
      throw new Cut();
    }
    long computed = in.checksum();
    if (!in.request(Integer.BYTES)) {
      throw new Cut();
    }
    long stored = 0;
    for (int i = 0; i < Integer.BYTES; i++) {
      stored |= (long) in.readByte() << (Byte.SIZE * i);
    }
    if (!in.atEnd()) {
      throw in.errorAt(in.offset(), "data after the trailer");
    }
    if (stored != computed) {
      throw in.errorAt(offset, String.format(
          "checksum mismatch: trailer says 0x%08x, content hashes to 0x%08x", stored, computed));
    }
    if (count != events) {
      throw in.errorAt(offset, "trailer counts " + Long.toUnsignedString(count)
          + " events but the trace holds " + events);
    }
  }

  /** Ends the trace at a record cut short at {@code offset}: an error, or if lenient, a note. */
  private boolean truncated(long offset) throws TraceFormatException {
    String problem = "truncated trace: no trailer after " + events + " events";
    if (!lenient) {
      throw input.errorAt(offset, problem);
    }
    boolean partial = offset < input.offsetOf(input.limit);
    skipped = partial ? 1 : 0;
    notes.add("byte " + offset + ": " + problem
        + (partial ? "; the unfinished record there was dropped" : "")
        + "; the checksum could not be verified");
    ended = true;
    return false;
  }

  @Override
  public Map<String, String> header() {
    return decoder.metadata();
  }

  /** Returns true: an event's position is its record's byte offset. */
  @Override
  public boolean positionsAreOffsets() {
    return true;
  }

  @Override
  public List<String> notes() {
    return List.copyOf(notes);
  }
}
