package dev.slabrace.trace.ftrace;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.TraceFormatException;
import dev.slabrace.trace.TraceReader;
import dev.slabrace.trace.ftrace.FtraceLineScanner.Kind;
import dev.slabrace.trace.io.LineOptions;
import dev.slabrace.trace.io.LineReader;
import dev.slabrace.trace.kernel.KernelInputs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reader of ftrace text exports: the tracefs {@code trace} file (any options) and {@code trace-cmd
 * report} output (with or without plugins, -N, -R, -t, -l). It streams the file line by line and
 * maps kmem, scheduler, workqueue, softirq, RCU and lockdep events, and the user's slab_access and
 * slabrace_* kprobe lines, to slabrace events; what each maps to is in trace-formats/spec/ftrace.md.
 *
 * <p>Each event's id is its index among the events emitted, its position the line it came from.
 * Header, comment and unknown event lines are skipped; a mapped event whose payload cannot be read,
 * and any line with the shape of an event line whose prefix (pid, tgid, cpu, flags, timestamp) is
 * malformed ({@link PrefixProblem}), is a {@link TraceFormatException} naming the file, line and
 * field, or is skipped and counted in lenient mode.
 * Lost-event markers and missing kinds of evidence become {@link #notes()}.
 */
public final class FtraceEventSource extends TraceReader {
  private static final Pattern ENTRIES =
      Pattern.compile("^# entries-in-buffer/entries-written: (\\d+)/(\\d+)(?:\\s+#P:(\\d+))?");
  private static final Pattern BUFFER_STARTED = Pattern.compile("^#{5} CPU (\\d+) buffer started #{4}");
  private static final Pattern LOST =
      Pattern.compile("^CPU:(\\d+) \\[(?:LOST (\\d+) EVENTS|LOST EVENTS|(\\d+) EVENTS DROPPED"
          + "|EVENTS DROPPED)\\]\\s*$");
  private static final Pattern CPUS = Pattern.compile("^cpus=(\\d+)\\s*$");
  private static final Pattern VERSION = Pattern.compile("^version = (\\S+)\\s*$");
  private static final Pattern CPU_EMPTY = Pattern.compile("^CPU \\d+ is empty\\s*$");
  /** The longest line read, in bytes: the kernel prints an event into one trace_seq of 8 KiB at most. */
  static final int MAX_LINE = 1 << 16;
  /**
   * How an export splits into lines: a longer line, or one holding a NUL byte, occurs in no export, so
   * either means the input is not one (or is damaged there), and is reported at its line; no byte order
   * mark is skipped; the printable ones may take the fast path.
   */
  static final LineOptions LINES =
      new LineOptions(MAX_LINE, LineOptions.Overlong.FLAG, LineOptions.Scan.TEXT, false, true);
  private static final String TRACER = "# tracer: ";
  private static final int QUOTE_LIMIT = 80;
  /** Decimal digits that always fit a long. */
  private static final int MAX_LONG_DIGITS = 18;

  private final LineReader lines;
  private final Map<String, String> header = new LinkedHashMap<>();
  private final Map<String, String> headerView = Collections.unmodifiableMap(header);
  private final FtraceLineScanner scanner = new FtraceLineScanner();
  private final EventBuffer buffer = new EventBuffer();
  private final Evidence evidence = new Evidence();
  private final EventMapper mapper;
  /** Maps the common lines from their bytes; null when every line takes the general path. */
  private final FastPath fast;
  private long emitted;
  private long eventLines;
  private long firstUnrecognised = -1;
  private String firstUnrecognisedText;
  private boolean done;
  private long[] lastTs = new long[0];

  /**
   * Creates a source reading {@code in}, which must already be decompressed.
   *
   * @param in the text export
   * @param displayName how messages and reports name the file
   * @param lenient skip and count malformed lines instead of failing
   */
  public FtraceEventSource(InputStream in, String displayName, boolean lenient) {
    this(in, displayName, lenient, KernelInputs.NONE);
  }

  /**
   * Creates a source reading {@code in}, which must already be decompressed, with what the user said
   * about the kernel: the kprobe events whose memory fetch arguments become loads, and its symbols.
   *
   * @param in the text export
   * @param displayName how messages and reports name the file
   * @param lenient skip and count malformed lines instead of failing
   * @param kernel the kprobe definitions and kernel symbols, or {@link KernelInputs#NONE}
   */
  public FtraceEventSource(InputStream in, String displayName, boolean lenient,
      KernelInputs kernel) {
    this(in, displayName, lenient, true, kernel);
  }

  /** Creates a source that reads every line with the general reader unless {@code fast}: for tests. */
  FtraceEventSource(InputStream in, String displayName, boolean lenient, boolean fast) {
    this(in, displayName, lenient, fast, KernelInputs.NONE);
  }

  private FtraceEventSource(InputStream in, String displayName, boolean lenient, boolean fast,
      KernelInputs kernel) {
    this(new LineReader(in, displayName, LINES, false), displayName, lenient, fast, kernel);
  }

  private FtraceEventSource(LineReader lines, String displayName, boolean lenient, boolean fast,
      KernelInputs kernel) {
    super(lines, displayName, lenient);
    this.lines = lines;
    this.mapper = new EventMapper(new FtraceTasks(tasks), symbols, evidence, kernel);
    this.fast = fast ? mapper.fastPath() : null;
  }

  /**
   * Returns whether the first bytes of a file look like an ftrace text export: a "# tracer:" line, a
   * trace-cmd "cpus=N" or "version = N" line, or a first non-comment line that scans as an event line.
   * Only the bytes before the first NUL byte count.
   */
  public static boolean sniff(byte[] head, int length) {
    // A NUL byte is never part of an export: judge on the text before the first one, so that an
    // export damaged further on is still read, and fails at the damaged line.
    for (int i = 0; i < length; i++) {
      if (head[i] == 0) {
        length = i;
        break;
      }
    }
    String text = new String(head, 0, length, StandardCharsets.UTF_8);
    FtraceLineScanner scanner = new FtraceLineScanner();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String raw = lines[i];
      String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
      if (line.isBlank() || CPU_EMPTY.matcher(line).find()) {
        continue;
      }
      if (line.startsWith(TRACER) || CPUS.matcher(line).find() || VERSION.matcher(line).find()
          || LOST.matcher(line).find()) {
        return true;
      }
      if (line.startsWith("#")) {
        continue;
      }
      if (line.stripLeading().startsWith("{")) {
        return false;
      }
      Kind kind = scanner.scan(line);
      // The head may end inside the first event line: a prefix up to the timestamp is enough there.
      boolean cut = i == lines.length - 1;
      return kind == Kind.EVENT || (cut && kind == Kind.PREFIX_ONLY);
    }
    return false;
  }

  @Override
  public boolean next(EventCursor into) throws IOException {
    while (!buffer.hasNext()) {
      if (done) {
        return false;
      }
      if (!lines.next()) {
        done = true;
        finish();
        return false;
      }
      long no = lines.lineNumber();
      if (fast != null && lines.printable() && !lines.overlong()
          && fast.accepts(lines.buffer(), lines.start(), lines.end())) {
        // what read() does for an event line, on a line the fast path has read and will map
        eventLines++;
        FtraceLineScanner line = fast.line();
        buffer.startLine(no, line.cpu, line.ts);
        if (!line.hasFlags) {
          evidence.flagless = true;
        }
        fast.commit(buffer, no);
      } else {
        read(lines.text(), no);
      }
    }
    buffer.next(into);
    into.id = emitted++;
    if (into.task != EventCursor.NONE && into.ts != EventCursor.NO_REF) {
      checkTaskOrder(into);
    }
    return true;
  }

  /** Notes a task whose event is older than its previous one: clocks of CPUs that disagree. */
  private void checkTaskOrder(EventCursor e) {
    if (e.task >= lastTs.length) {
      lastTs = Arrays.copyOf(lastTs, Math.max(e.task + 1, lastTs.length * 2));
    }
    if (e.ts < lastTs[e.task]) {
      evidence.outOfOrder(e.position, tasks.name(e.task));
    } else {
      lastTs[e.task] = e.ts;
    }
  }

  private void read(String line, long no) throws TraceFormatException {
    buffer.startLine(no, EventCursor.NONE, EventCursor.NO_REF);
    if (lines.binary()) {
      malformedLine(no, "binary content (a NUL byte): not an ftrace text export");
      unrecognised(no, "(binary content)");
      return;
    }
    if (lines.overlong()) {
      malformedLine(no, "line longer than " + MAX_LINE + " bytes");
      unrecognised(no, "(a line longer than " + MAX_LINE + " bytes)");
      return;
    }
    if (line.isBlank() || (line.charAt(0) == '#' && headerLine(line, no))) {
      return;
    }
    if (line.charAt(0) == 'C' || line.charAt(0) == 'c' || line.charAt(0) == 'v') {
      if (traceCmdLine(line, no)) {
        return;
      }
    }
    Kind kind = scanner.scan(line);
    if (kind == Kind.EVENT) {
      eventLines++;
      buffer.startLine(no, scanner.cpu, scanner.ts);
      if (!scanner.hasFlags) {
        evidence.flagless = true;
      }
      try {
        mapper.map(scanner, buffer, no);
      } catch (MalformedLine e) {
        buffer.discard();
        malformedLine(no, scanner.name() + ": " + e.getMessage());
      }
    } else if (kind == Kind.PREFIX_ONLY) {
      eventLines++;
    } else {
      String malformed = PrefixProblem.of(line);
      if (malformed != null) {
        // an event line with a field that is not what the kernel prints: never silently dropped
        eventLines++;
        malformedLine(no, malformed);
      } else {
        unrecognised(no, line);
      }
    }
  }

  private void unrecognised(long no, String line) {
    if (firstUnrecognised < 0) {
      firstUnrecognised = no;
      firstUnrecognisedText = Payload.shown(line, 0, line.length(), QUOTE_LIMIT);
    }
  }

  /** Reads a '#' line of the trace file's header or a buffer-started marker; true if handled. */
  private boolean headerLine(String line, long no) throws TraceFormatException {
    if (line.startsWith(TRACER)) {
      header.put("variant", "trace");
      header.put("tracer", line.substring(TRACER.length()).trim());
      return true;
    }
    Matcher m = ENTRIES.matcher(line);
    if (m.find()) {
      long inBuffer = number(m.group(1), Long.MAX_VALUE, line, no);
      long written = number(m.group(2), Long.MAX_VALUE, line, no);
      if (inBuffer < 0 || written < 0) {
        return true;
      }
      header.put("entries-in-buffer", m.group(1));
      header.put("entries-written", m.group(2));
      if (m.group(3) != null) {
        header.put("cpus", m.group(3));
      }
      if (inBuffer < written) {
        evidence.overrun(no, inBuffer, written);
      }
      return true;
    }
    m = BUFFER_STARTED.matcher(line);
    if (m.find()) {
      long cpu = number(m.group(1), Integer.MAX_VALUE, line, no);
      if (cpu >= 0) {
        evidence.cpuBufferStarted(no, (int) cpu);
      }
    }
    return true;
  }

  /** Reads trace-cmd's header lines and the lost-event markers of both tools; true if handled. */
  private boolean traceCmdLine(String line, long no) throws TraceFormatException {
    Matcher m = LOST.matcher(line);
    if (m.find()) {
      String count = m.group(2) != null ? m.group(2) : m.group(3);
      long cpu = number(m.group(1), Integer.MAX_VALUE, line, no);
      long lost = count == null ? -1 : number(count, Long.MAX_VALUE, line, no);
      if (cpu >= 0 && (count == null || lost >= 0)) {
        evidence.lostEvents(no, (int) cpu, lost);
      }
      return true;
    }
    m = CPUS.matcher(line);
    if (m.find()) {
      header.put("variant", "trace-cmd report");
      header.put("cpus", m.group(1));
      return true;
    }
    m = VERSION.matcher(line);
    if (m.find()) {
      header.put("trace-cmd-version", m.group(1));
      return true;
    }
    return CPU_EMPTY.matcher(line).find();
  }

  /**
   * Returns the decimal {@code digits} of a header or marker line, or, if they exceed {@code max},
   * reports the line as malformed and returns -1 (when lenient: the line is skipped and counted).
   */
  private long number(String digits, long max, String line, long no) throws TraceFormatException {
    if (digits.length() <= MAX_LONG_DIGITS) {
      long v = Long.parseLong(digits);
      if (v <= max) {
        return v;
      }
    }
    malformedLine(no, "number " + Payload.shown(digits, 0, digits.length()) + " out of range in '"
        + Payload.shown(line, 0, line.length()) + "'");
    return -1;
  }

  private void finish() throws TraceFormatException {
    evidence.finish();
    if (eventLines == 0 && firstUnrecognised >= 0) {
      throw TraceFormatException.atLine(name(), firstUnrecognised, "not an ftrace text export: no"
          + " line of the file is an event line, and this one is not a header either: '"
          + firstUnrecognisedText + "'");
    }
  }

  /** Whether the trace held any load, store or RMW event (slab_access or slabrace_* kprobe lines). */
  @Override
  public boolean accessesOptional() {
    return true;
  }

  @Override
  public String whyEmpty() {
    return "no kmem, sched, workqueue, RCU, lock or slab_access event line: were the events enabled"
        + " (echo 1 > /sys/kernel/tracing/events/kmem/enable; trace-formats/spec/ftrace.md lists the"
        + " others), and was the trace read from the tracefs that recorded them (/sys/kernel/tracing,"
        + " or /sys/kernel/debug/tracing on older kernels)?";
  }

  public boolean sawAccessEvents() {
    return evidence.accesses;
  }

  @Override
  public Map<String, String> header() {
    return headerView;
  }

  @Override
  public List<String> notes() {
    return evidence.notes();
  }
}
