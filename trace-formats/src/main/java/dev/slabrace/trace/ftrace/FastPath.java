package dev.slabrace.trace.ftrace;

import static dev.slabrace.trace.ftrace.FastPayload.ADDR;
import static dev.slabrace.trace.ftrace.FastPayload.BYTES_ALLOC;
import static dev.slabrace.trace.ftrace.FastPayload.CALL_SITE;
import static dev.slabrace.trace.ftrace.FastPayload.FIELD;
import static dev.slabrace.trace.ftrace.FastPayload.IP;
import static dev.slabrace.trace.ftrace.FastPayload.NAME;
import static dev.slabrace.trace.ftrace.FastPayload.NEXT_PID;
import static dev.slabrace.trace.ftrace.FastPayload.OK;
import static dev.slabrace.trace.ftrace.FastPayload.OLD;
import static dev.slabrace.trace.ftrace.FastPayload.OP;
import static dev.slabrace.trace.ftrace.FastPayload.ORDER;
import static dev.slabrace.trace.ftrace.FastPayload.PID;
import static dev.slabrace.trace.ftrace.FastPayload.PREV_PID;
import static dev.slabrace.trace.ftrace.FastPayload.PTR;
import static dev.slabrace.trace.ftrace.FastPayload.SIZE;
import static dev.slabrace.trace.ftrace.FastPayload.VAL;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventRules;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.SymbolTable;
import dev.slabrace.trace.io.ByteInterner;
import java.nio.charset.StandardCharsets;
import java.util.function.ToIntFunction;

/**
 * The fast path of {@link FtraceEventSource}: maps the common event lines — kmem allocations and
 * frees, sched_waking, sched_switch, slab_access, and the events the reader skips — straight from the
 * line's bytes, with no String and no field table, and declines every other line, which the general
 * reader (FtraceLineScanner, EventMapper) then reads as before.
 *
 * <pre>
 * Implementation notes
 *
 * {@link #accepts} decides and changes nothing; {@link #commit} then has the effects EventMapper would
 * have for that line, through the same methods of HeapEvents, OrderingEvents and AccessEvents, in the
 * same order: in particular symbols are interned in the order the general path interns them (ip, then
 * the region name, then the cache), so ids are the same. It accepts only lines that the general path
 * maps without a problem, so every message, skip and note still comes from there:
 *   - printable ASCII only (byte and char offsets agree; no decoding to repeat), not starting with
 *     '#', 'C', 'c' or 'v' (header and trace-cmd lines);
 *   - a prefix BytePrefix reads, an event name of the table below;
 *   - a payload FastPayload splits, with every required field present and in the plain forms
 *     Payload reads without its general parser, values in range, and no line that maps to nothing or
 *     to a note (NULL and zero-size pointers, frees dropped as freed again, quoted field= and ok=).
 * </pre>
 */
final class FastPath {
  private static final int KMALLOC = 0;
  private static final int CACHE_ALLOC = 1;
  private static final int FREE = 2;
  private static final int WAKING = 3;
  private static final int SWITCH = 4;
  private static final int ACCESS = 5;
  private static final int SKIP = 6;
  private static final int ACCESS_KEYS =
      1 << OP | 1 << SIZE | 1 << ORDER | 1 << ADDR | 1 << VAL | 1 << OLD | 1 << OK | 1 << FIELD | 1 << IP;
  private static final int ALLOC_KEYS = 1 << PTR | 1 << BYTES_ALLOC | 1 << CALL_SITE | 1 << NAME;
  private static final int FREE_KEYS = 1 << PTR | 1 << CALL_SITE | 1 << NAME;
  private static final MemOrder[] ORDERS = MemOrder.values();
  private static final String[] ORDER_NAMES = new String[ORDERS.length];
  /** Each order's name's first eight bytes as FastPayload.word gives them. */
  private static final long[] ORDER_WORDS = new long[ORDERS.length];

  static {
    for (int i = 0; i < ORDERS.length; i++) {
      ORDER_NAMES[i] = ORDERS[i].wireName();
      ORDER_WORDS[i] = FastPayload.word(ORDER_NAMES[i]);
    }
  }

  private final FtraceTasks tasks;
  private final Evidence evidence;
  private final HeapEvents heap;
  private final OrderingEvents ordering;
  private final AccessEvents accesses;
  private final ByteInterner names = new ByteInterner();
  private final ByteInterner symbolCache = new ByteInterner();
  private final ToIntFunction<String> internSymbol;
  private final BytePrefix prefix = new BytePrefix();
  private final FastPayload payload = new FastPayload();

  /** What {@link #accepts} read from the last line it accepted. */
  private byte[] b;
  private int kind;
  private long ptr;
  private long size;
  private long value;
  private long oldValue;
  private boolean hashed;
  private Op op;
  private MemOrder mo;
  private int pid;
  private int nextPid;

  FastPath(FtraceTasks tasks, SymbolTable symbols, Evidence evidence, HeapEvents heap,
      OrderingEvents ordering, AccessEvents accesses) {
    this.tasks = tasks;
    this.internSymbol = symbols::intern;
    this.evidence = evidence;
    this.heap = heap;
    this.ordering = ordering;
    this.accesses = accesses;
    name("kmalloc", KMALLOC);
    name("kmalloc_node", KMALLOC);
    name("kmem_cache_alloc", CACHE_ALLOC);
    name("kmem_cache_alloc_node", CACHE_ALLOC);
    name("kfree", FREE);
    name("kmem_cache_free", FREE);
    name("sched_waking", WAKING);
    name("sched_switch", SWITCH);
    name(AccessEvents.SLAB_ACCESS, ACCESS);
    for (String skipped : EventMapper.SKIPPED) {
      name(skipped, SKIP);
    }
  }

  private void name(String name, int code) {
    byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
    names.valueOf(bytes, 0, bytes.length, n -> code);
  }

  /**
   * Returns whether line b[from, to), which must be printable ASCII (0x20 to 0x7e: the LineReader tells),
   * is one this class maps; then {@link #line()} holds its prefix and {@link #commit} maps it.
   * Changes nothing either way.
   */
  boolean accepts(byte[] bytes, int from, int to) {
    if (from >= to) {
      return false;
    }
    byte first = bytes[from];
    if (first == '#' || first == 'C' || first == 'c' || first == 'v' || !prefix.read(bytes, from, to)) {
      return false;
    }
    b = bytes;
    int known = names.find(bytes, prefix.nameStart, prefix.nameEnd);
    kind = known == ByteInterner.NONE ? ByteInterner.NONE : names.value(known);
    int p = prefix.payloadStart;
    return switch (kind) {
      case SKIP -> true;
      case ACCESS -> payload.split(bytes, p, to, ACCESS_KEYS, IP) && access();
      case KMALLOC, CACHE_ALLOC -> payload.split(bytes, p, to, ALLOC_KEYS, -1) && alloc();
      case FREE -> payload.split(bytes, p, to, FREE_KEYS, -1) && free();
      case WAKING -> payload.split(bytes, p, to, 1 << PID, -1) && (pid = pid(PID)) >= 0;
      case SWITCH -> payload.split(bytes, p, to, 1 << PREV_PID | 1 << NEXT_PID, -1)
          && (pid = pid(PREV_PID)) >= 0 && (nextPid = pid(NEXT_PID)) >= 0;
      default -> false;
    };
  }

  /** The prefix of the line last accepted: pid, cpu, flags, context, timestamp. */
  FtraceLineScanner line() {
    return prefix.line;
  }

  /** Maps the line {@link #accepts} accepted last, as EventMapper would, into {@code out}. */
  void commit(EventBuffer out, long lineNo) {
    FtraceLineScanner line = prefix.line;
    switch (kind) {
      case ACCESS -> commitAccess(line, out);
      case KMALLOC, CACHE_ALLOC -> {
        if (hashed) {
          evidence.hashedPointer(lineNo);
        }
        EventCursor e = heap.allocated(line, out, ptr, size);
        if (!siteAndCache(e) && kind == KMALLOC) {
          e.cache = heap.kmallocCache(size);
        }
      }
      case FREE -> {
        if (hashed) {
          evidence.hashedPointer(lineNo);
        }
        siteAndCache(heap.freed(line, out, ptr, lineNo));
      }
      case WAKING -> ordering.waking(line, out, pid);
      case SWITCH -> ordering.schedSwitch(line, out, pid, nextPid);
      default -> { }
    }
  }

  private void commitAccess(FtraceLineScanner line, EventBuffer out) {
    int ip = payload.has(IP) ? symbol(payload.from(IP), payload.restEnd()) : EventCursor.NONE;
    if (payload.has(FIELD)) {
      int f = payload.from(FIELD);
      int t = payload.to(FIELD);
      if (!accesses.regionKnown(ptr, size, b, f, t)) {
        accesses.region(line, out, ptr, size, new String(b, f, t - f, StandardCharsets.ISO_8859_1));
      }
    }
    EventCursor e = accesses.access(line, out, op, mo, ip, ptr, size);
    e.value = value;
    e.hasValue = payload.has(VAL);
    boolean rmw = op == Op.RMW;
    e.oldValue = oldValue;
    e.hasOldValue = rmw && payload.has(OLD);
    e.ok = !(rmw && payload.has(OK) && (payload.is(OK, '0') || payload.is(OK, "false")));
  }

  /** Reads a slab_access payload (AccessEvents.slabAccess and emit): op, order, addr, size, ... */
  private boolean access() {
    FastPayload f = payload;
    if (!f.has(OP) || !f.has(ORDER) || !f.has(ADDR) || !f.has(SIZE)) {
      return false;
    }
    op = f.is(OP, 'R') ? Op.LOAD : f.is(OP, 'W') ? Op.STORE : f.is(OP, 'X') ? Op.RMW : null;
    mo = null;
    int length = f.length(ORDER);
    long word = f.word(ORDER);
    for (int i = 0; i < ORDERS.length; i++) {
      if (length == ORDER_NAMES[i].length() && word == ORDER_WORDS[i]
          && (length <= Long.BYTES || f.is(ORDER, ORDER_NAMES[i]))) {
        mo = ORDERS[i];
        break;
      }
    }
    if (op == null || mo == null) {
      return false;
    }
    ptr = f.hex(ADDR);
    if (!f.valid) {
      return false;
    }
    size = f.integer(SIZE);
    if (!f.valid || size <= 0 || size > AccessEvents.MAX_ACCESS) {
      return false;
    }
    value = 0;
    if (f.has(VAL)) {
      value = f.integer(VAL);
      if (!f.valid) {
        return false;
      }
    }
    oldValue = 0;
    if (op == Op.RMW) {
      if (f.has(OLD)) {
        oldValue = f.integer(OLD);
        if (!f.valid) {
          return false;
        }
      }
      if (f.has(OK) && quoted(OK)) {
        return false;
      }
    }
    return !f.has(FIELD) || !quoted(FIELD);
  }

  /** Reads a kmalloc or kmem_cache_alloc payload (HeapEvents.alloc) that maps to an alloc. */
  private boolean alloc() {
    if (!pointer() || !payload.has(BYTES_ALLOC)) {
      return false;
    }
    size = payload.integer(BYTES_ALLOC);
    return payload.valid && !HeapEvents.isNull(ptr) && size > 0 && size <= EventRules.MAX_OBJECT_SIZE;
  }

  /** Reads a kfree or kmem_cache_free payload (HeapEvents.free) that maps to a free. */
  private boolean free() {
    return pointer() && heap.freeable(ptr);
  }

  private boolean pointer() {
    if (!payload.has(PTR)) {
      return false;
    }
    ptr = payload.hex(PTR);
    hashed = HeapEvents.hashed(payload.to(PTR) - payload.from(PTR), ptr);
    return payload.valid;
  }

  /** Reads {@code key} as OrderingEvents.intField does, or returns -1 (also when it is absent). */
  private int pid(int key) {
    if (!payload.has(key)) {
      return -1;
    }
    long v = payload.integer(key);
    return payload.valid && v <= Integer.MAX_VALUE ? (int) v : -1;
  }

  /** Whether the value of {@code key} starts or ends with '"' (unquote's business). */
  private boolean quoted(int key) {
    return b[payload.from(key)] == '"' || b[payload.to(key) - 1] == '"';
  }

  /** Returns the symbol of b[from, to), interning it if new. */
  /** Sets the event's ip from call_site and its cache from name; returns whether it had a name. */
  private boolean siteAndCache(EventCursor e) {
    e.ip = payload.has(CALL_SITE) ? symbol(payload.from(CALL_SITE), payload.to(CALL_SITE))
        : EventCursor.NONE;
    if (!payload.has(NAME)) {
      return false;
    }
    e.cache = symbol(payload.from(NAME), payload.to(NAME));
    return true;
  }

  private int symbol(int from, int to) {
    return symbolCache.valueOf(b, from, to, internSymbol);
  }
}
