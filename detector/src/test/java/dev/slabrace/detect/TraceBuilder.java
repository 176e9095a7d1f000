package dev.slabrace.detect;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.FenceKind;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.RegionClass;
import dev.slabrace.trace.StackTable;
import dev.slabrace.trace.SymbolTable;
import dev.slabrace.trace.TaskTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Builds a trace in code, event by event, for engine tests in the KCSAN test-suite style. */
final class TraceBuilder {
  private final SymbolTable symbols = new SymbolTable();
  private final TaskTable tasks = new TaskTable();
  private final StackTable stacks = new StackTable();
  private final List<EventCursor> events = new ArrayList<>();

  /** Adds an event of task {@code tid} and returns its id. */
  long add(Op op, String tid, Consumer<EventCursor> fields) {
    EventCursor e = new EventCursor();
    e.id = events.size();
    e.position = events.size() + 1;
    e.op = op;
    if (tid != null) {
      e.task = tasks.intern(tid);
      e.cpu = Integer.parseInt(tid);
    }
    fields.accept(e);
    events.add(e);
    return e.id;
  }

  long load(String tid, long addr, int size, MemOrder mo, String ip) {
    return add(Op.LOAD, tid, e -> access(e, addr, size, mo, ip));
  }

  long loadDep(String tid, long addr, int size, MemOrder mo, String ip, long dep) {
    return add(Op.LOAD, tid, e -> {
      access(e, addr, size, mo, ip);
      e.dep = dep;
    });
  }

  long store(String tid, long addr, int size, MemOrder mo, String ip) {
    return add(Op.STORE, tid, e -> access(e, addr, size, mo, ip));
  }

  long storeVal(String tid, long addr, int size, MemOrder mo, String ip, long val) {
    return add(Op.STORE, tid, e -> {
      access(e, addr, size, mo, ip);
      e.value = val;
      e.hasValue = true;
    });
  }

  long loadVal(String tid, long addr, int size, MemOrder mo, String ip, long val) {
    return add(Op.LOAD, tid, e -> {
      access(e, addr, size, mo, ip);
      e.value = val;
      e.hasValue = true;
    });
  }

  long allocIn(String tid, long ptr, long size, String cache, String ip) {
    return add(Op.ALLOC, tid, e -> {
      e.addr = ptr;
      e.size = size;
      e.cache = symbols.intern(cache);
      e.ip = symbols.intern(ip);
    });
  }

  long storeCtrl(String tid, long addr, int size, MemOrder mo, String ip, long ctrl) {
    return add(Op.STORE, tid, e -> {
      access(e, addr, size, mo, ip);
      e.ctrl = ctrl;
    });
  }

  long rmw(String tid, long addr, int size, MemOrder mo, String ip) {
    return add(Op.RMW, tid, e -> access(e, addr, size, mo, ip));
  }

  /**
   * An RMW whose new value was computed from load {@code data} after a branch on load {@code ctrl}.
   */
  long rmwDependent(String tid, long addr, int size, MemOrder mo, String ip, long data, long ctrl) {
    return add(Op.RMW, tid, e -> {
      access(e, addr, size, mo, ip);
      e.data = data;
      e.ctrl = ctrl;
    });
  }

  long failedRmw(String tid, long addr, int size, MemOrder mo, String ip) {
    return add(Op.RMW, tid, e -> {
      access(e, addr, size, mo, ip);
      e.ok = false;
    });
  }

  long fence(String tid, FenceKind kind) {
    return add(Op.FENCE, tid, e -> e.fence = kind);
  }

  long lock(String tid, String name, boolean shared) {
    return add(Op.LOCK, tid, e -> key(e, name, shared));
  }

  long unlock(String tid, String name, boolean shared) {
    return add(Op.UNLOCK, tid, e -> key(e, name, shared));
  }

  long alloc(String tid, long ptr, long size, String ip) {
    return add(Op.ALLOC, tid, e -> {
      e.addr = ptr;
      e.size = size;
      e.ip = symbols.intern(ip);
    });
  }

  long freeIn(String tid, long ptr, String cache, String ip) {
    return add(Op.FREE, tid, e -> {
      e.addr = ptr;
      e.cache = symbols.intern(cache);
      e.ip = symbols.intern(ip);
    });
  }

  /** A {@code cache} declaration, with {@code typesafe_by_rcu} if {@code typesafe}. */
  long cache(String name, boolean typesafe) {
    return add(Op.CACHE, null, e -> {
      e.name = symbols.intern(name);
      e.cacheFlags = typesafe ? EventCursor.TYPESAFE_BY_RCU : 0;
    });
  }

  /** A store whose value was read by load {@code data} (a data dependency). */
  long storeData(String tid, long addr, int size, MemOrder mo, String ip, long data) {
    return add(Op.STORE, tid, e -> {
      access(e, addr, size, mo, ip);
      e.data = data;
    });
  }

  /** A load that reads from store {@code rf}. */
  long loadRf(String tid, long addr, int size, MemOrder mo, String ip, long rf) {
    return add(Op.LOAD, tid, e -> {
      access(e, addr, size, mo, ip);
      e.rf = rf;
    });
  }

  long free(String tid, long ptr, String ip) {
    return add(Op.FREE, tid, e -> {
      e.addr = ptr;
      e.ip = symbols.intern(ip);
    });
  }

  long keyed(Op op, String tid, String key) {
    return add(op, tid, e -> key(e, key, false));
  }

  long child(Op op, String tid, String child) {
    return add(op, tid, e -> e.child = tasks.intern(child));
  }

  long plain(Op op, String tid) {
    return add(op, tid, e -> { });
  }

  long region(long addr, long size, String name, RegionClass c) {
    return add(Op.REGION, null, e -> {
      e.addr = addr;
      e.size = size;
      e.name = symbols.intern(name);
      e.regionClass = c;
    });
  }

  private void access(EventCursor e, long addr, int size, MemOrder mo, String ip) {
    e.addr = addr;
    e.size = size;
    e.mo = mo;
    e.ip = symbols.intern(ip);
  }

  private void key(EventCursor e, String name, boolean shared) {
    e.key = symbols.intern(name);
    e.keyIsName = true;
    e.shared = shared;
  }

  /** Returns a source replaying the events built so far. */
  EventSource source() {
    return new EventSource() {
      private int next;

      @Override
      public boolean next(EventCursor into) {
        if (next == events.size()) {
          return false;
        }
        into.copyFrom(events.get(next++));
        return true;
      }

      @Override
      public SymbolTable symbols() {
        return symbols;
      }

      @Override
      public TaskTable tasks() {
        return tasks;
      }

      @Override
      public StackTable stacks() {
        return stacks;
      }

      @Override
      public Map<String, String> header() {
        return Map.of();
      }

      @Override
      public String name() {
        return "built";
      }

      @Override
      public void close() {}
    };
  }
}
