package dev.slabrace.trace.jsonl;

import static dev.slabrace.trace.jsonl.LineFields.FALSE;
import static dev.slabrace.trace.jsonl.LineFields.NUMBER;
import static dev.slabrace.trace.jsonl.LineFields.OP;
import static dev.slabrace.trace.jsonl.LineFields.STRING;
import static dev.slabrace.trace.jsonl.LineFields.TRUE;
import static dev.slabrace.trace.jsonl.LineFields.UNKNOWN;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.FenceKind;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.SymbolTable;
import dev.slabrace.trace.io.ByteInterner;
import java.nio.charset.StandardCharsets;
import java.util.function.ToIntFunction;

/**
 * The fast path of {@link EventDecoder}: decodes an ordinary, valid event line straight from the
 * reader's bytes, with no parser and, for names seen before, no String. It decodes only what it can
 * decide alone and returns false for anything else — a header, region, stack or cache event, an inline
 * stack, a string sid, escapes or non-ASCII in a string, a negative, fractional or long number, a
 * nested value, and every line that is wrong in any way — and the jackson path then decodes the line
 * from the start and names the problem. So every message comes from one place.
 *
 * <p>The line's JSON syntax is checked, and the line cut into fields, by {@link LineFields}; this
 * class restates, field by field, the types, limits and rules that EventDecoder and JsonValues check,
 * so that both paths accept exactly the same lines ({@code ByteDecoderTest} holds them to it).
 */
final class ByteDecoder {
  /*
   * Implementation notes: the line is first cut into its fields (LineFields: name code, value type
   * and bytes), checking the JSON syntax; then the op is looked up, and the fields are read in line
   * order as EventDecoder.readFields reads them, with the same types, limits, duplicate and
   * required-field rules. Names are interned, in that order, as the jackson path interns them: a line
   * it gives up on may have interned a prefix of what the jackson path will intern again, which
   * changes nothing.
   */

  /** The value of each hex digit byte, -1 for other bytes. */
  private static final byte[] HEX_DIGITS = hexDigits();

  private static final Field[] FIELDS = Field.values();
  private static final Op[] OPS = Op.values();
  private static final byte[][] OP_NAMES = bytes(OPS.length, i -> OPS[i].wireName());
  private static final MemOrder[] ORDERS = MemOrder.values();
  private static final byte[][] ORDER_NAMES = bytes(ORDERS.length, i -> ORDERS[i].wireName());
  private static final FenceKind[] FENCES = FenceKind.values();
  private static final byte[][] FENCE_NAMES = bytes(FENCES.length, i -> FENCES[i].wireName());
  private static final byte[][] MODE_NAMES = bytes(2, i -> i == 0 ? "excl" : "shared");
  private static final NameTable OP_TABLE = new NameTable(OP_NAMES);
  private static final NameTable ORDER_TABLE = new NameTable(ORDER_NAMES);

  private final TaskKeys tasks;
  private final StackIds sids;
  private final ByteInterner symbolCache = new ByteInterner();
  private final ByteInterner taskCache = new ByteInterner();
  private final ToIntFunction<String> internSymbol;
  private final ToIntFunction<String> internTask;
  private final LineFields line = new LineFields();
  // the line's columns, aliased: the same arrays
  private final int[] codes = line.codes;
  private final int[] types = line.types;
  private final int[] starts = line.starts;
  private final int[] ends = line.ends;
  private final long[] numbers = line.numbers;
  private byte[] b;
  /** Whether the last {@link #u64} read a u64. */
  private boolean valueOk;
  /** The fields read, as Field bits; whether there was an explicit id, and which. */
  int present;
  boolean hasId;
  long id;

  /** Creates a decoder that interns into the same tables as the jackson path. */
  ByteDecoder(SymbolTable symbols, TaskKeys tasks, StackIds sids) {
    this.tasks = tasks;
    this.sids = sids;
    this.internSymbol = symbols::intern;
    this.internTask = tasks::name;
  }

  /**
   * Decodes {@code line[from, to)} into {@code c}, which the caller cleared, and returns true; or
   * returns false, leaving {@code c} in any state, if the jackson path must decode the line.
   */
  boolean decode(byte[] line, int from, int to, EventCursor c) {
    b = line;
    if (!this.line.split(line, from, to)) {
      return false;
    }
    int fields = this.line.count;
    int opAt = 0;
    while (opAt < fields && codes[opAt] != OP) {
      opAt++;
    }
    if (opAt == fields || types[opAt] != STRING) {
      return false;
    }
    int op = OP_TABLE.find(b, starts[opAt], ends[opAt]);
    if (op < 0 || OPS[op].isMetadata()) {
      return false;
    }
    c.op = OPS[op];
    if (c.op == Op.RMW) {
      c.mo = MemOrder.FULL;
    }
    present = 0;
    hasId = false;
    int takes = OpFields.takes(c.op);
    boolean opSeen = false;
    for (int k = 0; k < fields; k++) {
      int code = codes[k];
      if (code == OP) {
        if (opSeen) {
          return false;
        }
        opSeen = true;
        continue;
      }
      if (code == UNKNOWN || (takes & FIELDS[code].bit) == 0) {
        continue;
      }
      int bit = FIELDS[code].bit;
      if ((present & bit) != 0 || !read(FIELDS[code], k, c)) {
        return false;
      }
      present |= bit;
    }
    return (OpFields.requires(c.op) & ~present) == 0
        && !(c.size > 0 && Long.compareUnsigned(c.addr, -c.size) > 0);
  }

  /** Reads field {@code k}, which the op takes, into {@code c}; false if the jackson path must. */
  private boolean read(Field f, int k, EventCursor c) {
    int type = types[k];
    long n = numbers[k];
    switch (f) {
      case ID -> {
        hasId = true;
        id = n;
        return type == NUMBER;
      }
      case TID -> {
        return (c.task = task(k)) != EventCursor.NONE;
      }
      case CHILD -> {
        return (c.child = task(k)) != EventCursor.NONE;
      }
      case CPU -> {
        c.cpu = (int) n;
        return type == NUMBER && n <= Integer.MAX_VALUE;
      }
      case TS -> {
        c.ts = n;
        return type == NUMBER;
      }
      case IP -> {
        return type == STRING && (c.ip = symbol(k)) >= 0;
      }
      case CACHE -> {
        return type == STRING && (c.cache = symbol(k)) >= 0;
      }
      case SID -> {
        return type == NUMBER && (c.stack = sids.findNumber(n)) != EventCursor.NONE;
      }
      case ADDR, PTR -> {
        c.addr = u64(k);
        return valueOk;
      }
      case VAL, NEW -> {
        c.value = u64(k);
        c.hasValue = true;
        return valueOk;
      }
      case OLD -> {
        c.oldValue = u64(k);
        c.hasOldValue = true;
        return valueOk;
      }
      case SIZE -> {
        c.size = n;
        return type == NUMBER && n >= 1 && n <= OpFields.maxSize(c.op);
      }
      case MO -> {
        int i = type == STRING ? ORDER_TABLE.find(b, starts[k], ends[k]) : -1;
        c.mo = i < 0 ? c.mo : ORDERS[i];
        return i >= 0;
      }
      case OK -> {
        c.ok = type == TRUE;
        return type == TRUE || type == FALSE;
      }
      case DEP -> {
        c.dep = n;
        return type == NUMBER;
      }
      case DATA -> {
        c.data = n;
        return type == NUMBER;
      }
      case CTRL -> {
        c.ctrl = n;
        return type == NUMBER;
      }
      case RF -> {
        c.rf = n;
        return type == NUMBER;
      }
      case KIND -> {
        int i = type == STRING ? choice(k, FENCE_NAMES) : -1;
        c.fence = i < 0 ? null : FENCES[i];
        return i >= 0;
      }
      case MODE -> {
        int i = type == STRING ? choice(k, MODE_NAMES) : -1;
        c.shared = i == 1;
        return i >= 0;
      }
      case LOCK, OBJ, CB -> {
        return key(k, c);
      }
      default -> {
        return false; // stack, frames, name, class, flags: not on the ops this path takes
      }
    }
  }

  /** Returns the index of field {@code k}'s string value in {@code names}, or -1. */
  private int choice(int k, byte[][] names) {
    for (int i = 0; i < names.length; i++) {
      if (equals(names[i], starts[k], ends[k])) {
        return i;
      }
    }
    return -1;
  }

  private boolean equals(byte[] name, int from, int to) {
    if (name.length != to - from) {
      return false;
    }
    for (int i = 0; i < name.length; i++) {
      if (name[i] != b[from + i]) {
        return false;
      }
    }
    return true;
  }

  /** Returns the task of field {@code k}: an integer, or a non-empty string; else NONE. */
  private int task(int k) {
    if (types[k] == NUMBER) {
      return tasks.number(numbers[k]);
    }
    int from = starts[k];
    int to = ends[k];
    if (types[k] != STRING || from == to) {
      return EventCursor.NONE;
    }
    return taskCache.valueOf(b, from, to, internTask);
  }

  /** Returns the symbol of field {@code k}'s string value, interning it if it is new. */
  private int symbol(int k) {
    int from = starts[k];
    int to = ends[k];
    return symbolCache.valueOf(b, from, to, internSymbol);
  }

  /** Reads a lock, signal object or callback key as JsonValues.key does. */
  private boolean key(int k, EventCursor c) {
    if (types[k] == NUMBER) {
      c.key = numbers[k];
      c.keyIsName = false;
      return true;
    }
    if (types[k] != STRING || starts[k] == ends[k]) {
      return false;
    }
    long address = u64(k);
    c.keyIsName = !valueOk;
    c.key = valueOk ? address : symbol(k);
    return true;
  }

  /**
   * Returns field {@code k} as a u64 and sets {@link #valueOk} to whether it is one: an integer, or
   * "0x" (or "0X") and 1 to 16 hex digits.
   */
  private long u64(int k) {
    if (types[k] == NUMBER) {
      valueOk = true;
      return numbers[k];
    }
    int from = starts[k];
    int len = ends[k] - from;
    valueOk = types[k] == STRING && len >= 3 && len <= 18 && b[from] == '0'
        && (b[from + 1] | 0x20) == 'x';
    if (!valueOk) {
      return 0;
    }
    long v = 0;
    int bad = 0;
    for (int i = from + 2; i < from + len; i++) {
      int d = HEX_DIGITS[b[i] & 0xff];
      bad |= d;
      v = v << 4 | (d & 0xf);
    }
    valueOk = bad >= 0;
    return v;
  }

  private static byte[] hexDigits() {
    byte[] digits = new byte[256];
    for (int ch = 0; ch < digits.length; ch++) {
      int lower = ch | 0x20;
      digits[ch] = (byte) (ch >= '0' && ch <= '9' ? ch - '0'
          : lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1);
    }
    return digits;
  }

  private static byte[][] bytes(int n, java.util.function.IntFunction<String> name) {
    byte[][] names = new byte[n][];
    for (int i = 0; i < n; i++) {
      names[i] = name.apply(i).getBytes(StandardCharsets.US_ASCII);
    }
    return names;
  }
}
