package dev.slabrace.trace.ftrace;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventRules;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.RegionClass;
import dev.slabrace.trace.SymbolTable;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;

/**
 * The loads, stores and RMWs that stock events lack, added by the user: the slabrace:slab_access
 * tracepoint (or the same text through trace_printk), and kprobe events named slabrace_*. The format
 * and conventions are in trace-formats/spec/ftrace.md.
 *
 * <pre>
 * Implementation notes
 *
 * slab_access: slab=%px field=%s op=R|W|X size=%u order=%s addr=%px val=0x%lx [old=0x%lx]
 *              cache=%s ip=%pS
 *   Read by key; unknown keys are ignored, so new keys can be added before ip=, which runs to the
 *   end of the line (%pS may end in " [module]"). op, size, order and addr are required. Found as
 *   the event's own name, or as a trace_printk payload: "caller: slab_access: ..." in the trace
 *   file (the caller in the name slot) or "bprint: caller: slab_access: ..." from trace-cmd.
 * kprobes: the event name is slabrace_(load|store|rmw)[_ORDER][_label]; the payload starts with the
 *   probe point "(func+0x1a/0x40)" or, for a return probe, "(caller+off/size <- func)"; fetch args
 *   addr= (or base= plus off=) and size= are required, val=, old=, order= (overrides the name) and
 *   field= optional.
 *   Other kprobe events (such as a kmem_cache_free probe) are not accesses and are skipped.
 * field= names the bytes for reports: a region "slab->FIELD" of class slab-meta is declared before
 * the first access of each (addr, size, field).
 * </pre>
 */
final class AccessEvents {
  /** The event name of the proposed tracepoint. */
  static final String SLAB_ACCESS = "slab_access";
  /** The prefix of kprobe event names that are accesses. */
  static final String KPROBE_PREFIX = "slabrace_";
  /** The largest access the contract allows, in bytes. */
  static final long MAX_ACCESS = EventRules.MAX_ACCESS_SIZE;
  private static final String MARKER = SLAB_ACCESS + ": ";
  private static final String RETURN_ARROW = " <- ";
  private static final String DATA_RACE_SUFFIX = "_data_race";
  private static final MemOrder[] ORDERS = MemOrder.values();

  private final Payload payload;
  private final FtraceTasks tasks;
  private final SymbolTable symbols;
  private final Evidence evidence;
  private final Long2ObjectOpenHashMap<String> regions = new Long2ObjectOpenHashMap<>();

  AccessEvents(Payload payload, FtraceTasks tasks, SymbolTable symbols, Evidence evidence) {
    this.payload = payload;
    this.tasks = tasks;
    this.symbols = symbols;
    this.evidence = evidence;
  }

  /** Maps the line if it is a slab_access event or printk; returns false if it is neither. */
  boolean slabAccess(FtraceLineScanner line, EventBuffer out) throws MalformedLine {
    int from = line.nameIs(SLAB_ACCESS) ? line.payloadStart : printkStart(line);
    if (from < 0) {
      return false;
    }
    payload.split(line.text, from);
    int opField = require("op");
    Op op = payload.tokenIs(opField, "R") ? Op.LOAD : payload.tokenIs(opField, "W") ? Op.STORE
        : payload.tokenIs(opField, "X") ? Op.RMW : null;
    if (op == null) {
      throw new MalformedLine("slab_access op= is not R, W or X: '" + token("op") + "'");
    }
    MemOrder mo = orderOf(require("order"));
    int ip = payload.find("ip");
    emit(line, out, op, mo, ip >= 0 ? payload.restSymbol(ip, symbols) : EventCursor.NONE);
    return true;
  }

  /** Maps the line if it is a slabrace_* kprobe; returns false for any other event. */
  boolean kprobe(FtraceLineScanner line, EventBuffer out) throws MalformedLine {
    String s = line.text;
    int p = line.payloadStart;
    if (!s.startsWith(KPROBE_PREFIX, line.nameStart) || p >= s.length() || s.charAt(p) != '(') {
      return false;
    }
    int close = s.indexOf(')', p);
    if (close < 0) {
      throw new MalformedLine("kprobe event without a closing ')' after the probe point");
    }
    String name = line.name().substring(KPROBE_PREFIX.length());
    int cut = name.indexOf('_');
    String kind = cut < 0 ? name : name.substring(0, cut);
    Op op = switch (kind) {
      case "load" -> Op.LOAD;
      case "store" -> Op.STORE;
      case "rmw" -> Op.RMW;
      default -> throw new MalformedLine("kprobe " + line.name()
          + " is not slabrace_load, slabrace_store or slabrace_rmw");
    };
    MemOrder mo = nameOrder(cut < 0 ? "" : name.substring(cut), op);
    payload.split(s, close + 1);
    int order = payload.find("order");
    if (order >= 0) {
      mo = order(unquote(payload.token(order)));
    }
    String point = s.substring(p + 1, close);
    int arrow = point.indexOf(RETURN_ARROW);
    String ip = arrow < 0 ? point : point.substring(arrow + RETURN_ARROW.length());
    emit(line, out, op, mo, symbols.intern(ip));
    return true;
  }

  private void emit(FtraceLineScanner line, EventBuffer out, Op op, MemOrder mo, int ip)
      throws MalformedLine {
    long addr = address();
    long size = payload.integer(require("size"), "size");
    if (size <= 0 || size > MAX_ACCESS) {
      throw new MalformedLine("access size " + size + " is outside 1.." + MAX_ACCESS);
    }
    int val = payload.find("val");
    long value = val >= 0 ? payload.integer(val, "val") : 0;
    int old = op == Op.RMW ? payload.find("old") : -1;
    long oldValue = old >= 0 ? payload.integer(old, "old") : 0;
    int ok = op == Op.RMW ? payload.find("ok") : -1;
    String okValue = ok >= 0 ? unquote(payload.token(ok)) : "";
    int field = payload.find("field");
    if (field >= 0) {
      region(line, out, addr, size, unquote(payload.token(field)));
    }
    EventCursor e = access(line, out, op, mo, ip, addr, size);
    e.value = value;
    e.hasValue = val >= 0;
    e.oldValue = oldValue;
    e.hasOldValue = old >= 0;
    e.ok = !(okValue.equals("0") || okValue.equals("false"));
  }

  /**
   * Emits an access with what every access has; the caller sets the value, old value and ok. Shared
   * with FastPath, which reads the payload itself and, like {@link #emit}, declares the field's region
   * ({@link #region}) first.
   */
  EventCursor access(FtraceLineScanner line, EventBuffer out, Op op, MemOrder mo, int ip, long addr,
      long size) {
    EventCursor e = out.add(op, tasks.of(line));
    e.addr = addr;
    e.size = size;
    e.mo = mo;
    e.ip = ip;
    evidence.accesses = true;
    return e;
  }

  /**
   * Whether the region that field {@code b[from, to)} (ASCII) of an access of {@code size} bytes at
   * {@code addr} would declare is declared already, so that {@link #region} would do nothing.
   */
  boolean regionKnown(long addr, long size, byte[] b, int from, int to) {
    String id = regions.get(addr);
    if (id == null) {
      return false;
    }
    // id is size + ":" + field (region below): its digits before the first ':' are a size
    int colon = id.indexOf(':');
    if (colon < 1 || id.length() - colon - 1 != to - from) {
      return false;
    }
    long idSize = 0;
    for (int i = 0; i < colon; i++) {
      idSize = idSize * 10 + (id.charAt(i) - '0');
    }
    if (idSize != size) {
      return false;
    }
    for (int i = 0; i < to - from; i++) {
      if (id.charAt(colon + 1 + i) != (char) b[from + i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns addr=, or base= plus off= (default 0): a kprobe cannot add, so a store to 0x28(%bx) is
   * probed as base=%bx off=\0x28. A sum that wraps around 2^64 (or below 0, for a negative off=) is
   * malformed, never a low address.
   */
  private long address() throws MalformedLine {
    int addr = payload.find("addr");
    if (addr >= 0) {
      return payload.pointer(addr, "addr");
    }
    int base = payload.find("base");
    if (base < 0) {
      throw new MalformedLine("no addr= (or base=) in the payload");
    }
    long start = payload.pointer(base, "base");
    int off = payload.find("off");
    if (off < 0) {
      return start;
    }
    long offset = payload.integer(off, "off");
    long sum = start + offset;
    // off= is signed when written with a minus sign, else unsigned: the sum must stay in 0..2^64-1
    boolean negative = payload.isNegative(off);
    if (negative ? Long.compareUnsigned(sum, start) > 0 : Long.compareUnsigned(sum, start) < 0) {
      throw new MalformedLine("base=0x" + Long.toHexString(start) + " plus off="
          + (negative ? Long.toString(offset) : Long.toUnsignedString(offset))
          + (negative ? " is below address 0" : " is past the end of the address space (2^64)"));
    }
    return sum;
  }

  /** Declares the region "slab->FIELD" of an access unless the same one was declared last at addr. */
  void region(FtraceLineScanner line, EventBuffer out, long addr, long size, String field) {
    String id = size + ":" + field;
    if (id.equals(regions.get(addr))) {
      return;
    }
    regions.put(addr, id);
    EventCursor r = out.add(Op.REGION, EventCursor.NONE);
    r.addr = addr;
    r.size = size;
    r.name = symbols.intern("slab->" + field);
    r.regionClass = RegionClass.SLAB_META;
  }

  /** Where "slab_access: " fields start in a trace_printk payload, or -1. */
  private static int printkStart(FtraceLineScanner line) {
    String s = line.text;
    int p = line.payloadStart;
    if (s.startsWith(MARKER, p)) {
      return p + MARKER.length();
    }
    int colon = s.indexOf(": ", p);
    if (colon > p && s.indexOf(' ', p) > colon && s.startsWith(MARKER, colon + 2)) {
      return colon + 2 + MARKER.length();
    }
    return -1;
  }

  /** The order a kprobe name implies: its _ORDER part, else plain (full for an RMW). */
  private static MemOrder nameOrder(String suffix, Op op) {
    if (suffix.startsWith(DATA_RACE_SUFFIX)) {
      return MemOrder.DATA_RACE;
    }
    if (!suffix.isEmpty()) {
      int next = suffix.indexOf('_', 1);
      MemOrder mo = MemOrder.fromWireName(next < 0 ? suffix.substring(1) : suffix.substring(1, next));
      if (mo != null) {
        return mo;
      }
    }
    return op == Op.RMW ? MemOrder.FULL : MemOrder.PLAIN;
  }

  /** Reads field {@code i} as an order= value, like {@link #order} but without a substring. */
  private MemOrder orderOf(int i) throws MalformedLine {
    for (MemOrder mo : ORDERS) {
      if (payload.tokenIs(i, mo.wireName())) {
        return mo;
      }
    }
    return order(payload.token(i));
  }

  private static MemOrder order(String v) throws MalformedLine {
    MemOrder mo = MemOrder.fromWireName(v);
    if (mo == null) {
      throw new MalformedLine("order= is not plain, once, relaxed, acquire, release, full or"
          + " data_race: '" + v + "'");
    }
    return mo;
  }

  private String token(String key) throws MalformedLine {
    return payload.token(require(key));
  }

  private int require(String key) throws MalformedLine {
    int i = payload.find(key);
    if (i < 0) {
      throw new MalformedLine("no " + key + "= in the payload");
    }
    return i;
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"'
        ? v.substring(1, v.length() - 1) : v;
  }
}
