package dev.slabrace.trace.std;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.TraceFormatException;
import dev.slabrace.trace.TraceReader;
import dev.slabrace.trace.io.ByteInterner;
import dev.slabrace.trace.io.LineOptions;
import dev.slabrace.trace.io.LineReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * A reader of RAPID's STD text traces, one event per line {@code <thread>|<op>(<decor>)|<loc>}
 * ({@code trace-formats/spec/std.md}).
 *
 * <p>Each distinct variable becomes its own 8-byte word: the {@code i}-th variable to appear is the
 * address {@code i * 8}, so accesses to different variables never overlap. The code location becomes
 * the symbol {@code loc:<loc>}, the event's {@code ip}. Lock names are interned as name keys. Event
 * ids count every well-formed event line, {@code begin} and {@code end} included, although those two
 * are not delivered: an id is RAPID's event index and the position is the line number.
 */
public final class StdEventSource extends TraceReader {
  /** Bytes per variable: variable {@code i} is the address {@code i * VARIABLE_STRIDE}. */
  public static final int VARIABLE_STRIDE = 8;
  /** The prefix of the symbol that names a code location, {@code loc:345}. */
  public static final String LOCATION_PREFIX = "loc:";
  /** The longest line accepted, in bytes without its terminator; longer lines fail even if lenient. */
  public static final int MAX_LINE_LENGTH = (1 << 20) - 1;
  /**
   * How a trace splits into lines: trimmed, noting whitespace inside; a byte order mark skipped; an
   * overlong line (its '\r' counted) fails.
   */
  private static final LineOptions LINES = new LineOptions(MAX_LINE_LENGTH,
      LineOptions.Overlong.FAIL, LineOptions.Scan.FIELDS, true, true);

  /*
   * Implementation notes: the LineReader cuts trimmed lines out of its buffer; the fields of a line
   * are cut out in place: the thread up to the first '|', the location after the last, the operation
   * up to the first '(' between them and the argument up to the ')' before the last '|', so an
   * argument may itself hold '|', '(' and ')'. Names go through ByteInterners, so a name seen before
   * allocates nothing; the thread interner is the task table's index (TaskTable.add), so a thread's
   * name is interned once; small non-negative locations map to their symbol through a dense array. Events gather in
   * a StdBatch whose variables are interned together (see there). A line is checked completely before
   * anything is interned, so a skipped line leaves no trace in the tables.
   */

  private static final int LOC_CACHE_LIMIT = 1 << 20;
  private static final int MAX_LOC_DIGITS = 18;

  private final LineReader lines;
  private final ByteInterner threads = new ByteInterner();
  private final ByteInterner variables = new ByteInterner();
  private final ByteInterner locks = new ByteInterner();
  private final LocationSymbols locations = new LocationSymbols(symbols, LOC_CACHE_LIMIT);
  private final ToIntFunction<String> internSymbol = symbols::intern;
  private final StdBatch batch = new StdBatch();
  private int taken;
  private boolean ended;
  private long nextId;
  private String firstSkipped;
  private long marks;
  private long firstMarkLine;
  private String problem;

  /**
   * Creates a reader of {@code in}, which must already be decompressed.
   *
   * @param displayName how messages and reports name the input
   * @param lenient skip and count malformed lines instead of failing
   */
  public StdEventSource(InputStream in, String displayName, boolean lenient) {
    this(new LineReader(in, displayName, LINES, false), displayName, lenient);
  }

  private StdEventSource(LineReader lines, String displayName, boolean lenient) {
    super(lines, displayName, lenient);
    this.lines = lines;
  }

  /** Whether {@code head[0, length)} is STD: its first non-blank line is {@code name|op(...)|digits}. */
  public static boolean sniff(byte[] head, int length) {
    return StdSniffer.sniff(head, length);
  }

  @Override
  public boolean next(EventCursor into) throws IOException {
    while (taken == batch.size()) {
      if (problem != null) {
        malformed();
      } else if (ended) {
        return false;
      } else {
        readBatch();
      }
    }
    batch.emit(taken++, into);
    return true;
  }

  /**
   * Parses lines into a fresh batch until it is full, the buffered input is used up, the input ends or
   * a line is malformed (then {@link #problem} is set and the batch ends before that line).
   */
  private void readBatch() throws IOException {
    batch.clear();
    taken = 0;
    while (!batch.isFull() && problem == null) {
      // a batch's names point into the buffer, so it ends before a read would move them
      int got = lines.next(batch.size() == 0);
      if (got != LineReader.LINE) {
        ended = got == LineReader.END;
        break;
      }
      int start = lines.start();
      int end = lines.end();
      if (start == end) {
        continue;
      }
      byte[] b = lines.buffer();
      int invalid;
      if (lines.innerSpace()) {
        problem = spaceProblem(b, start, end);
      } else if ((invalid = Text.invalidUtf8(b, start, end)) >= 0) {
        problem = String.format("invalid UTF-8 (byte 0x%02x at column %d) in '%s'",
            b[invalid] & 0xff, invalid - start + 1, Text.quote(b, start, end));
      } else {
        parse(b, start, end);
      }
      if (problem != null && lenient) {
        malformed();
      }
    }
    batch.resolve(variables, lines.buffer());
  }

  /** Returns the problem of a line with whitespace or a control byte inside: which, and where. */
  private static String spaceProblem(byte[] b, int start, int end) {
    int i = start;
    while (i < end - 1 && (b[i] & 0xff) > ' ') {
      i++;
    }
    String what = b[i] == ' ' || b[i] == '\t' ? "whitespace"
        : String.format("control byte 0x%02x", b[i] & 0xff);
    return what + " inside the event '" + Text.quote(b, start, end) + "'";
  }

  /** Parses the trimmed line {@code b[start, end)} into the batch, or sets {@link #problem}. */
  private void parse(byte[] b, int start, int end) {
    int firstBar = start;
    while (firstBar < end && b[firstBar] != '|') {
      firstBar++;
    }
    int lastBar = end - 1;
    while (lastBar > firstBar && b[lastBar] != '|') {
      lastBar--;
    }
    if (firstBar >= lastBar) {
      problem = "expected <thread>|<op>(<decor>)|<loc>, found "
          + (firstBar == end ? "no '|'" : "one '|'") + " in '" + Text.quote(b, start, end) + "'";
      return;
    }
    if (firstBar == start) {
      problem = "empty thread name";
      return;
    }
    int paren = firstBar + 1;
    while (paren < lastBar && b[paren] != '(') {
      paren++;
    }
    Op op = paren == lastBar ? null : StdOps.op(b, firstBar + 1, paren);
    boolean mark = op == null && paren < lastBar && StdOps.isMark(b, firstBar + 1, paren);
    if (op == null && !mark) {
      problem = "unknown operation '" + Text.quote(b, firstBar + 1, paren)
          + "' (expected r, w, acq, rel, fork, join, begin or end followed by '(')";
      return;
    }
    if (b[lastBar - 1] != ')') {
      problem = "expected ')' closing the argument of '" + Text.quote(b, firstBar + 1, paren)
          + "' just before the last '|'";
      return;
    }
    int argFrom = paren + 1;
    int argTo = lastBar - 1;
    if (argFrom == argTo && !mark) {
      problem = "empty " + StdOps.argument(op) + " in '" + Text.quote(b, firstBar + 1, lastBar) + "'";
      return;
    }
    long loc = parseLocation(b, lastBar + 1, end);
    if (problem != null) {
      return;
    }
    long id = nextId++;
    long line = lines.lineNumber();
    if (mark) {
      if (marks++ == 0) {
        firstMarkLine = line;
      }
      return;
    }
    int task = task(b, start, firstBar);
    int ip = locations.symbol(loc);
    switch (op) {
      case LOAD, STORE -> batch.addAccess(id, line, op, task, ip, b, argFrom, argTo);
      case LOCK, UNLOCK -> batch.add(id, line, op, task, ip, lock(b, argFrom, argTo));
      default -> batch.add(id, line, op, task, ip, task(b, argFrom, argTo));
    }
  }

  /** Parses the location {@code b[from, to)}: an optionally signed decimal integer. */
  private long parseLocation(byte[] b, int from, int to) {
    int i = from < to && b[from] == '-' ? from + 1 : from;
    if (i == to || to - i > MAX_LOC_DIGITS) {
      problem = i == to ? "missing location after the last '|'"
          : "location '" + Text.quote(b, from, to) + "' has more than " + MAX_LOC_DIGITS + " digits";
      return 0;
    }
    long v = 0;
    for (; i < to; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        problem = "location '" + Text.quote(b, from, to) + "' is not an integer";
        return 0;
      }
      v = v * 10 + d;
    }
    return b[from] == '-' ? -v : v;
  }

  /** Returns the task of thread {@code b[from, to)}: its id here is its index in the task table. */
  private int task(byte[] b, int from, int to) {
    int known = threads.size();
    int id = threads.intern(b, from, to);
    if (id == known) {
      // threads is the task table's only index: the table keeps the name, not a second map
      tasks.add(b, from, to);
    }
    return id;
  }

  private int lock(byte[] b, int from, int to) {
    return locks.valueOf(b, from, to, internSymbol);
  }

  /** Fails on the malformed line just read, or, if lenient, counts it and reads on. */
  private void malformed() throws TraceFormatException {
    String p = problem;
    if (!lenient) {
      throw TraceFormatException.atLine(name(), lines.lineNumber(), p);
    }
    problem = null;
    if (skipped++ == 0) {
      firstSkipped = "line " + lines.lineNumber() + ": " + p;
    }
  }

  /** Returns the name of the variable at {@code addr}, if a variable lives there. */
  public Optional<String> variable(long addr) {
    long i = addr / VARIABLE_STRIDE;
    boolean known = addr >= 0 && addr % VARIABLE_STRIDE == 0 && i < variables.size();
    return known ? Optional.of(variables.name((int) i)) : Optional.empty();
  }

  /** Returns how many distinct variables have been seen. */
  public int variableCount() {
    return variables.size();
  }

  /** Returns how many {@code begin}/{@code end} transaction marks were read and ignored. */
  public long transactionMarks() {
    return marks;
  }

  @Override
  public List<String> notes() {
    List<String> notes = new ArrayList<>(2);
    if (marks > 0) {
      notes.add("line " + firstMarkLine + ": " + marks + " begin/end transaction mark"
          + (marks == 1 ? "" : "s") + " ignored (slabrace checks races, not atomicity)");
    }
    if (skipped > 0) {
      notes.add(firstSkipped + " (first of " + skipped + " malformed line"
          + (skipped == 1 ? "" : "s") + " skipped)");
    }
    return notes;
  }
}
