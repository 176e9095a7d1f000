package dev.slabrace.trace.jsonl;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.TraceFormat;
import dev.slabrace.trace.TraceFormatException;
import dev.slabrace.trace.TraceReader;
import dev.slabrace.trace.io.LineReader;
import dev.slabrace.trace.io.TraceInput;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * A streaming reader of a JSON Lines trace ({@code trace-formats/spec/jsonl.md}): one event per line,
 * read into the caller's cursor with memory independent of the trace's length.
 *
 * <p>Every problem is a {@link TraceFormatException} naming the file, the line and what is wrong. In
 * lenient mode a malformed line is skipped and counted instead; problems of the input itself (a
 * truncated or corrupt gzip stream) still fail.
 */
public final class JsonlEventSource extends TraceReader {
  /*
   * Implementation notes: an event's implicit id is the number of events accepted before it, so a
   * line skipped in lenient mode consumes no id. Ids, explicit or implicit, must increase strictly;
   * dep/ctrl/rf may name any id: a reference to a later or unknown event is well-formed, and the
   * analysis warns about it. A line's trace-wide effects (a stack declaration, the header) apply only
   * once every check has passed, so a skipped line leaves nothing behind but interned names, tasks
   * and frames.
   */

  private final LineReader lines;
  private final EventDecoder decoder;
  private Map<String, String> header = Map.of();
  /** How many events were accepted: the next implicit id. */
  private long accepted;
  /** The last accepted id, or -1. */
  private long previousId = -1;

  /**
   * Creates a reader of {@code in}, decompressing it if it is gzip.
   *
   * @param displayName how messages and reports name the file
   * @param lenient skip and count malformed lines instead of failing
   */
  public JsonlEventSource(InputStream in, String displayName, boolean lenient) throws IOException {
    this(LineReader.open(in, displayName, lenient), lenient);
  }

  /** Creates a reader of the lines that {@code lines} has not returned yet; it owns {@code lines}. */
  public JsonlEventSource(LineReader lines, boolean lenient) {
    this(lines, lenient, true);
  }

  /** Creates a reader that decodes every line with jackson unless {@code fastPath}: for tests. */
  JsonlEventSource(LineReader lines, boolean lenient, boolean fastPath) {
    super(lines, lines.name(), lenient);
    this.lines = lines;
    this.decoder = new EventDecoder(symbols, new TaskKeys(tasks), stacks, fastPath);
  }

  /**
   * Opens a reader of {@code input}, the format detection's last resort: the first line that is
   * neither blank nor a {@code #} comment decides. One that starts with {@code '{'} is JSON Lines, and
   * an input without such a line is an empty JSON Lines trace; anything else is in no supported format.
   *
   * @throws TraceFormatException naming that line if it does not start with {@code '{'}
   */
  public static JsonlEventSource open(TraceInput input, String displayName, boolean lenient)
      throws IOException {
    LineReader lines = new LineReader(input.stream(), displayName, LineReader.MAX_LINE_LENGTH,
        lenient, input.gzip());
    if (!looksLikeJsonl(lines)) {
      throw TraceFormatException.atLine(displayName, lines.lineNumber(),
          "not a trace in any supported format (" + TraceFormat.readableTitles() + " expected)");
    }
    return new JsonlEventSource(lines, lenient);
  }

  /**
   * Reads past blank and comment lines and returns whether the first other line starts with
   * {@code '{'} (true if there is none), leaving that line to be read again.
   */
  private static boolean looksLikeJsonl(LineReader lines) throws IOException {
    while (lines.next()) {
      if (!isBlankOrComment(lines)) {
        lines.pushBack();
        return lines.buffer()[lines.firstNonBlank()] == '{';
      }
    }
    return true;
  }

  @Override
  public boolean next(EventCursor into) throws IOException {
    while (lines.next()) {
      if (isBlankOrComment(lines)) {
        continue;
      }
      try {
        readEvent(into);
        return true;
      } catch (TraceFormatException e) {
        if (!lenient) {
          throw e;
        }
        skipped++;
      }
    }
    return false;
  }

  @Override
  public Map<String, String> header() {
    return header;
  }

  @Override
  public long skipped() {
    return skipped + lines.overlongSkipped();
  }

  private void readEvent(EventCursor into) throws TraceFormatException {
    long line = lines.lineNumber();
    try {
      decoder.decode(lines.buffer(), lines.start(), lines.length(), into);
      long id = decoder.hasExplicitId() ? decoder.explicitId() : accepted;
      checkOrder(into, id);
      decoder.commit(into);
      if (into.op == Op.HEADER) {
        header = decoder.headerFields();
      }
      into.id = id;
      into.position = line;
      accepted++;
      previousId = id;
    } catch (LineProblem e) {
      throw TraceFormatException.atLine(name(), line, e.getMessage());
    } catch (JsonProcessingException e) {
      throw TraceFormatException.atLine(name(), line, JsonValues.malformed(e));
    } catch (IOException | RuntimeException e) {
      // decoding an in-memory line does no I/O: anything else is a parser limit or fault
      String problem = ("cannot read the event: " + e).replaceAll("\\s+", " ");
      throw TraceFormatException.atLine(name(), line, problem);
    }
  }

  private void checkOrder(EventCursor c, long id) throws LineProblem {
    if (c.op == Op.HEADER && accepted > 0) {
      throw new LineProblem("header must be the first event");
    }
    if (id <= previousId) {
      throw new LineProblem(decoder.hasExplicitId()
          ? "id " + id + " is not greater than the previous id " + previousId
          : "implicit id " + id + " (the event's index) is not greater than the previous id "
              + previousId);
    }
  }

  private static boolean isBlankOrComment(LineReader lines) {
    int first = lines.firstNonBlank();
    return first == lines.end() || lines.buffer()[first] == '#';
  }
}
