package dev.slabrace.detect.reference;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.FenceKind;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * One event of a generated trace, in the terms of the JSON Lines contract: the plain data both
 * engines are fed from and that a failing trace is printed as.
 *
 * @param id the explicit event id (strictly increasing within a trace)
 * @param op the event kind
 * @param tid the task
 * @param addr access address, or {@code ptr} of an alloc or free
 * @param size access size, or the object size of an alloc (0 otherwise)
 * @param mo the access marking (accesses only)
 * @param ok false for a failed cmpxchg
 * @param dep id of the load this access's address depends on, or -1
 * @param ctrl id of the load a branch before this access tested, or -1
 * @param rf id of the store this load read from, or -1
 * @param fence the fence kind (fences only)
 * @param key the lock, signal object or callback name
 * @param shared shared mode of a lock or unlock
 * @param child the child task of a fork or join
 * @param data id of the load whose value this store writes, or -1
 */
public record Ev(long id, Op op, String tid, long addr, long size, MemOrder mo, boolean ok, long dep,
    long ctrl, long rf, FenceKind fence, String key, boolean shared, String child, long data) {

  static Ev access(long id, Op op, String tid, long addr, long size, MemOrder mo, boolean ok,
      long dep, long ctrl, long rf) {
    return new Ev(id, op, tid, addr, size, mo, ok, dep, ctrl, rf, null, null, false, null, -1);
  }

  static Ev fence(long id, String tid, FenceKind kind) {
    return new Ev(id, Op.FENCE, tid, 0, 0, MemOrder.PLAIN, true, -1, -1, -1, kind, null, false, null, -1);
  }

  static Ev keyed(long id, Op op, String tid, String key, boolean shared) {
    return new Ev(id, op, tid, 0, 0, MemOrder.PLAIN, true, -1, -1, -1, null, key, shared, null, -1);
  }

  static Ev heap(long id, Op op, String tid, long ptr, long size) {
    return new Ev(id, op, tid, ptr, size, MemOrder.PLAIN, true, -1, -1, -1, null, null, false, null, -1);
  }

  static Ev child(long id, Op op, String tid, String child) {
    return new Ev(id, op, tid, 0, 0, MemOrder.PLAIN, true, -1, -1, -1, null, null, false, child, -1);
  }

  static Ev bare(long id, Op op, String tid) {
    return new Ev(id, op, tid, 0, 0, MemOrder.PLAIN, true, -1, -1, -1, null, null, false, null, -1);
  }

  /** Whether this is a memory access (load, store, rmw). */
  boolean isAccess() {
    return op.isAccess();
  }

  /** Whether the access writes: a store or a successful RMW. */
  boolean writes() {
    return op == Op.STORE || (op == Op.RMW && ok);
  }

  /** Whether the access reads: a load or any RMW. */
  boolean reads() {
    return op == Op.LOAD || op == Op.RMW;
  }

  /** This event with another id. */
  Ev withId(long newId) {
    return new Ev(newId, op, tid, addr, size, mo, ok, dep, ctrl, rf, fence, key, shared, child, data);
  }

  /** This event with other references (-1 for none). */
  Ev withRefs(long newDep, long newCtrl, long newRf) {
    return new Ev(id, op, tid, addr, size, mo, ok, newDep, newCtrl, newRf, fence, key, shared, child,
        data);
  }

  /** This event with another data dependency (-1 for none). */
  Ev withData(long newData) {
    return new Ev(id, op, tid, addr, size, mo, ok, dep, ctrl, rf, fence, key, shared, child, newData);
  }

  /** This event as one line of the JSON Lines contract. */
  String toJson() {
    StringBuilder sb = new StringBuilder();
    sb.append("{\"id\":").append(id).append(",\"op\":\"").append(op.wireName()).append("\",\"tid\":\"")
        .append(tid).append('"');
    switch (op) {
      case LOAD, STORE, RMW -> {
        sb.append(",\"addr\":\"0x").append(Long.toHexString(addr)).append("\",\"size\":").append(size)
            .append(",\"mo\":\"").append(mo.wireName()).append('"');
        if (!ok) {
          sb.append(",\"ok\":false");
        }
        if (dep >= 0) {
          sb.append(",\"dep\":").append(dep);
        }
        if (ctrl >= 0) {
          sb.append(",\"ctrl\":").append(ctrl);
        }
        if (rf >= 0) {
          sb.append(",\"rf\":").append(rf);
        }
        if (data >= 0) {
          sb.append(",\"data\":").append(data);
        }
      }
      case FENCE -> sb.append(",\"kind\":\"").append(fence.wireName()).append('"');
      case LOCK, UNLOCK -> {
        sb.append(",\"lock\":\"").append(key).append('"');
        if (shared) {
          sb.append(",\"mode\":\"shared\"");
        }
      }
      case SIGNAL, WAIT -> sb.append(",\"obj\":\"").append(key).append('"');
      case CALL_RCU, CB_BEGIN, CB_END -> sb.append(",\"cb\":\"").append(key).append('"');
      case ALLOC -> sb.append(",\"ptr\":\"0x").append(Long.toHexString(addr)).append("\",\"size\":")
          .append(size);
      case FREE -> sb.append(",\"ptr\":\"0x").append(Long.toHexString(addr)).append('"');
      case FORK, JOIN -> sb.append(",\"child\":\"").append(child).append('"');
      default -> { }
    }
    return sb.append('}').toString();
  }

  /**
   * Reads events written by {@link #toJson} (or by hand in the same flat form) back: one object per
   * line, blank and {@code #} lines skipped, ids defaulting to the line's index among the events.
   */
  static List<Ev> parseJsonLines(String text) {
    List<Ev> out = new ArrayList<>();
    JsonFactory json = new JsonFactory();
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      Map<String, String> f = new HashMap<>();
      try (JsonParser p = json.createParser(l)) {
        p.nextToken();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          f.put(name, p.getValueAsString());
        }
      } catch (IOException e) {
        throw new IllegalArgumentException(l, e);
      }
      long id = f.containsKey("id") ? Long.parseLong(f.get("id")) : out.size();
      Op op = Op.fromWireName(f.get("op"));
      String tid = f.get("tid");
      Ev e = switch (op) {
        case LOAD, STORE, RMW -> access(id, op, tid, number(f.get("addr")), Long.parseLong(f.get("size")),
            f.containsKey("mo") ? MemOrder.fromWireName(f.get("mo"))
                : op == Op.RMW ? MemOrder.FULL : MemOrder.PLAIN,
            !"false".equals(f.get("ok")), ref(f.get("dep")), ref(f.get("ctrl")), ref(f.get("rf")))
            .withData(ref(f.get("data")));
        case FENCE -> fence(id, tid, FenceKind.fromWireName(f.get("kind")));
        case LOCK, UNLOCK -> keyed(id, op, tid, f.get("lock"), "shared".equals(f.get("mode")));
        case SIGNAL, WAIT -> keyed(id, op, tid, f.get("obj"), false);
        case CALL_RCU, CB_BEGIN, CB_END -> keyed(id, op, tid, f.get("cb"), false);
        case ALLOC -> heap(id, op, tid, number(f.get("ptr")), Long.parseLong(f.get("size")));
        case FREE -> heap(id, op, tid, number(f.get("ptr")), 0);
        case FORK, JOIN -> child(id, op, tid, f.get("child"));
        default -> bare(id, op, tid);
      };
      out.add(e);
    }
    return out;
  }

  private static long number(String s) {
    return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
  }

  private static long ref(String s) {
    return s == null ? -1 : Long.parseLong(s);
  }

  /** Fills {@code e} as a reader of the contract would; names go through the given interners. */
  void fill(EventCursor e, ToIntFunction<String> task,
      ToIntFunction<String> symbol, long position) {
    e.clear();
    e.id = id;
    e.position = position;
    e.op = op;
    e.task = task.applyAsInt(tid);
    switch (op) {
      case LOAD, STORE, RMW -> {
        e.addr = addr;
        e.size = size;
        e.mo = mo;
        e.ok = ok;
        e.dep = dep < 0 ? EventCursor.NO_REF : dep;
        e.ctrl = ctrl < 0 ? EventCursor.NO_REF : ctrl;
        e.rf = rf < 0 ? EventCursor.NO_REF : rf;
        e.data = data < 0 ? EventCursor.NO_REF : data;
      }
      case FENCE -> e.fence = fence;
      case LOCK, UNLOCK, SIGNAL, WAIT, CALL_RCU, CB_BEGIN, CB_END -> {
        e.key = symbol.applyAsInt(key);
        e.keyIsName = true;
        e.shared = shared;
      }
      case ALLOC -> {
        e.addr = addr;
        e.size = size;
      }
      case FREE -> e.addr = addr;
      case FORK, JOIN -> e.child = task.applyAsInt(child);
      default -> { }
    }
  }
}
