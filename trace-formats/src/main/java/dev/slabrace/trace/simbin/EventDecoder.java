package dev.slabrace.trace.simbin;

import static dev.slabrace.trace.simbin.Simbin.ATTR_FAILED;
import static dev.slabrace.trace.simbin.Simbin.ATTR_KEY_IS_NAME;
import static dev.slabrace.trace.simbin.Simbin.ATTR_MO;
import static dev.slabrace.trace.simbin.Simbin.ATTR_RESERVED;
import static dev.slabrace.trace.simbin.Simbin.ATTR_SHARED;
import static dev.slabrace.trace.simbin.Simbin.F_ADDR;
import static dev.slabrace.trace.simbin.Simbin.F_ATTR;
import static dev.slabrace.trace.simbin.Simbin.F_CACHE;
import static dev.slabrace.trace.simbin.Simbin.F_CHILD;
import static dev.slabrace.trace.simbin.Simbin.F_CLASS;
import static dev.slabrace.trace.simbin.Simbin.F_CPU;
import static dev.slabrace.trace.simbin.Simbin.F_CTRL;
import static dev.slabrace.trace.simbin.Simbin.F_DATA;
import static dev.slabrace.trace.simbin.Simbin.F_DEP;
import static dev.slabrace.trace.simbin.Simbin.F_FENCE;
import static dev.slabrace.trace.simbin.Simbin.F_FLAGS;
import static dev.slabrace.trace.simbin.Simbin.F_ID;
import static dev.slabrace.trace.simbin.Simbin.F_IP;
import static dev.slabrace.trace.simbin.Simbin.F_KEY;
import static dev.slabrace.trace.simbin.Simbin.F_META;
import static dev.slabrace.trace.simbin.Simbin.F_NAME;
import static dev.slabrace.trace.simbin.Simbin.F_OLD;
import static dev.slabrace.trace.simbin.Simbin.F_RF;
import static dev.slabrace.trace.simbin.Simbin.F_SIZE;
import static dev.slabrace.trace.simbin.Simbin.F_STACK;
import static dev.slabrace.trace.simbin.Simbin.F_TASK;
import static dev.slabrace.trace.simbin.Simbin.F_TS;
import static dev.slabrace.trace.simbin.Simbin.F_VALUE;
import static dev.slabrace.trace.simbin.Simbin.unzigzag;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.StackTable;
import dev.slabrace.trace.SymbolTable;
import dev.slabrace.trace.TaskTable;
import dev.slabrace.trace.TraceFormatException;
import dev.slabrace.trace.simbin.SimbinInput.Cut;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The decoder of simbin event records into a cursor, checking every reference against the tables. */
final class EventDecoder {
  /*
   * Implementation notes: decode() runs with at least MAX_EVENT_BYTES buffered, or with zeros after
   * the end of the input (see SimbinInput). The first seven fields, all an ordinary access needs, are
   * decoded inline; a mask with any later bit takes decodeRare(). dep, ctrl, rf and data are deltas from
   * the event's id, which comes after them, so they are resolved last.
   */

  private final SimbinInput in;
  private final SymbolTable symbols;
  private final TaskTable tasks;
  private final StackTable stacks;
  private final Predictions p;
  private Map<String, String> metadata = Map.of();
  private int allFields = Simbin.ALL_FIELDS;

  EventDecoder(SimbinInput in, SymbolTable symbols, TaskTable tasks, StackTable stacks,
      Predictions predictions) {
    this.in = in;
    this.symbols = symbols;
    this.tasks = tasks;
    this.stacks = stacks;
    this.p = predictions;
  }

  /** Reads version 1 records from now on: the field bits of version 2 are unknown bits there. */
  void version1() {
    allFields = Simbin.ALL_FIELDS_V1;
  }

  /** Returns the metadata of the latest header event. */
  Map<String, String> metadata() {
    return metadata;
  }

  /**
   * Decodes the event record after its kind byte into {@code c}.
   *
   * @param offset the file offset of the record, its position
   * @throws Cut if the record is cut short, even where its garbled end looks like another problem
   */
  void decode(int kind, EventCursor c, long offset) throws IOException {
    try {
      decodeFields(kind, c, offset);
    } catch (TraceFormatException e) {
      if (in.overran()) {
        throw new Cut();
      }
      throw e;
    }
    if (in.overran()) {
      throw new Cut();
    }
  }

  private void decodeFields(int kind, EventCursor c, long offset) throws IOException {
    c.clear();
    c.position = offset;
    c.op = Simbin.OPS[kind];
    int maskAt = in.pos;
    long mask = in.readVarint();
    if ((mask & ~(long) allFields) != 0) {
      throw in.error(maskAt, "unknown field bits 0x"
          + Long.toHexString(mask & ~(long) allFields) + " in a " + c.op.wireName() + " record");
    }
    int task = p.prevTask;
    if ((mask & F_TASK) != 0) {
      task = ref(tasks.size(), "task");
      p.prevTask = task;
    }
    c.task = task;
    int slot = task + 1;
    if ((mask & F_ADDR) != 0) {
      long addr = p.lastAddr[slot] + unzigzag(in.readVarint());
      p.lastAddr[slot] = addr;
      c.addr = addr;
    }
    if ((mask & F_SIZE) != 0) {
      p.lastSize[kind] = in.readVarint();
    }
    c.size = p.lastSize[kind];
    if ((mask & F_IP) != 0) {
      c.ip = ref(symbols.size(), "symbol");
    }
    if ((mask & F_VALUE) != 0) {
      c.value = unzigzag(in.readVarint());
      c.hasValue = true;
    }
    int attr = Simbin.DEFAULT_ATTR[kind];
    if ((mask & F_ATTR) != 0) {
      attr = in.readByte();
      if ((attr & ATTR_RESERVED) != 0 || (attr & ATTR_MO) >= Simbin.MEM_ORDERS.length) {
        throw in.error(in.pos - 1, String.format("invalid attributes byte 0x%02x", attr));
      }
    }
    c.mo = Simbin.MEM_ORDERS[attr & ATTR_MO];
    c.ok = (attr & ATTR_FAILED) == 0;
    c.shared = (attr & ATTR_SHARED) != 0;
    c.keyIsName = (attr & ATTR_KEY_IS_NAME) != 0;
    if ((mask & F_CPU) != 0) {
      int at = in.pos;
      long cpu = unzigzag(in.readVarint());
      if (cpu != (int) cpu) {
        throw in.error(at, "cpu " + cpu + " out of range");
      }
      p.lastCpu[slot] = (int) cpu;
    }
    c.cpu = p.lastCpu[slot];
    long id = p.prevId + 1;
    if ((mask & ~(long) Simbin.COMMON_FIELDS) != 0) {
      id = decodeRare(c, (int) mask, id);
    }
    c.id = id;
    p.prevId = id;
    if (c.keyIsName && (c.key < 0 || c.key >= symbols.size())) {
      throw in.errorAt(offset, "key names symbol " + c.key + ", which is not defined ("
          + symbols.size() + " symbols so far)");
    }
    if (c.op == Op.HEADER && (mask & F_META) == 0) {
      metadata = Map.of();
    }
  }

  /** Decodes the fields past the first seven; returns the event's id. */
  private long decodeRare(EventCursor c, int mask, long predictedId) throws IOException {
    if ((mask & F_KEY) != 0) {
      p.lastKey += unzigzag(in.readVarint());
      c.key = p.lastKey;
    }
    if ((mask & F_TS) != 0) {
      p.lastTs += unzigzag(in.readVarint());
      c.ts = p.lastTs;
    }
    if ((mask & F_STACK) != 0) {
      c.stack = ref(stacks.size(), "stack");
    }
    if ((mask & F_OLD) != 0) {
      c.oldValue = unzigzag(in.readVarint());
      c.hasOldValue = true;
    }
    long dep = (mask & F_DEP) != 0 ? unzigzag(in.readVarint()) : 0;
    long ctrl = (mask & F_CTRL) != 0 ? unzigzag(in.readVarint()) : 0;
    long rf = (mask & F_RF) != 0 ? unzigzag(in.readVarint()) : 0;
    if ((mask & F_FENCE) != 0) {
      int code = in.readByte();
      if (code >= Simbin.FENCES.length) {
        throw in.error(in.pos - 1, "invalid fence kind " + code);
      }
      c.fence = Simbin.FENCES[code];
    }
    if ((mask & F_CACHE) != 0) {
      c.cache = ref(symbols.size(), "symbol");
    }
    if ((mask & F_CHILD) != 0) {
      c.child = ref(tasks.size(), "task");
    }
    if ((mask & F_NAME) != 0) {
      c.name = ref(symbols.size(), "symbol");
    }
    if ((mask & F_CLASS) != 0) {
      int code = in.readByte();
      if (code >= Simbin.REGION_CLASSES.length) {
        throw in.error(in.pos - 1, "invalid region class " + code);
      }
      c.regionClass = Simbin.REGION_CLASSES[code];
    }
    long id = predictedId + ((mask & F_ID) != 0 ? unzigzag(in.readVarint()) : 0);
    c.dep = (mask & F_DEP) != 0 ? id - dep : EventCursor.NO_REF;
    c.ctrl = (mask & F_CTRL) != 0 ? id - ctrl : EventCursor.NO_REF;
    c.rf = (mask & F_RF) != 0 ? id - rf : EventCursor.NO_REF;
    if ((mask & F_META) != 0) {
      readMetadata(c.op);
    }
    if ((mask & (F_DATA | F_FLAGS)) != 0) {
      in.request(2 * Simbin.MAX_VARINT);
      c.data = (mask & F_DATA) != 0 ? id - unzigzag(in.readVarint()) : EventCursor.NO_REF;
      if ((mask & F_FLAGS) != 0) {
        int at = in.pos;
        long flags = in.readVarint();
        if ((flags & ~(long) Simbin.CACHE_FLAGS) != 0) {
          throw in.error(at, "unknown cache flags 0x" + Long.toHexString(flags));
        }
        c.cacheFlags = (int) flags;
      }
    }
    return id;
  }

  private void readMetadata(Op op) throws IOException {
    if (op != Op.HEADER) {
      throw in.error(in.pos, "metadata on a " + op.wireName() + " event (only header events carry it)");
    }
    if (in.overran()) {
      throw new Cut();
    }
    int pairs = in.readCount(Simbin.MAX_PAIRS, "metadata", "pairs");
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs; i++) {
      String key = in.readString("metadata key");
      map.put(key, in.readString("metadata value"));
    }
    metadata = Collections.unmodifiableMap(map);
  }

  /** Reads an id+1 reference into a table of {@code size} entries; returns the id or NONE. */
  private int ref(int size, String what) throws TraceFormatException {
    int at = in.pos;
    long v = in.readVarint();
    if (v < 0 || v > size) {
      throw in.error(at, what + " " + Long.toUnsignedString(v - 1) + " is not defined (" + size
          + " " + what + "s so far)");
    }
    return (int) v - 1;
  }
}
