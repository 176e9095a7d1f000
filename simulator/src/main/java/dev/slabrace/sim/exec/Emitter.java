package dev.slabrace.sim.exec;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.FenceKind;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.RegionClass;
import dev.slabrace.trace.StackTable;
import dev.slabrace.trace.SymbolTable;
import dev.slabrace.trace.TaskTable;

/**
 * Turns what the simulated machine does into trace events: each method emits one event of the context
 * running now, with its task, CPU and current call stack, and returns the event's id. Events collect in
 * a small buffer of reused cursors that the event source drains after every step.
 *
 * <pre>
 * Implementation notes
 *
 * Ids come from the EventBuffer: the 0-based index of the event in the trace. A stack is declared by a stack event just before the first event that carries it. Names
 * (code locations, caches, regions, signal objects) are interned as they are first used; every
 * table therefore grows in the order of first use, which the seed alone decides.
 * </pre>
 */
public final class Emitter {
  private final SymbolTable symbols = new SymbolTable();
  private final TaskTable tasks = new TaskTable();
  private final StackTable stacks = new StackTable();
  private final CallNode root = new CallNode(null, null);
  private final EventBuffer buffer = new EventBuffer();
  private Context current;

  /** Creates an emitter with empty tables. */
  public Emitter() {}

  /** Returns the symbol table that events' names refer to. */
  public SymbolTable symbols() {
    return symbols;
  }

  /** Returns the task table that events' task indices refer to. */
  public TaskTable tasks() {
    return tasks;
  }

  /** Returns the stack table that events' stack ids refer to. */
  public StackTable stacks() {
    return stacks;
  }

  /** Returns how many events were emitted so far. */
  public long emitted() {
    return buffer.emitted();
  }

  CallNode root() {
    return root;
  }

  /** Makes {@code context} the one whose events follow. */
  void enter(Context context) {
    current = context;
  }

  /** Returns the context running now. */
  public Context current() {
    return current;
  }

  // ---- the buffer ------------------------------------------------------------------------------

  /** Returns how many events wait in the buffer. */
  public int buffered() {
    return buffer.size();
  }

  /** Returns buffered event {@code i}, valid until {@link #clearBuffer()}. */
  public EventCursor buffered(int i) {
    return buffer.get(i);
  }

  /** Empties the buffer, keeping its cursors for reuse. */
  public void clearBuffer() {
    buffer.clear();
  }

  // ---- call stacks -----------------------------------------------------------------------------

  /**
   * Enters a call through {@code frame} ({@code func+0xoff/0xlen}, the return address in the caller):
   * events until the matching {@link Frame#close()} carry it in their stack.
   */
  public Frame call(String frame) {
    current.node = current.node.child(frame);
    return current.frame;
  }

  /**
   * Returns the current call chain, for a continuation of the running step (the rest of a function
   * after it waited) to {@link #resume} in a later step of the same context.
   */
  public CallChain chain() {
    return new CallChain(current.node);
  }

  /** Re-enters {@code chain} at the start of a step; closing the frame returns to no frames. */
  public Frame resume(CallChain chain) {
    Context context = current;
    if (!context.node.isRoot()) {
      throw new IllegalStateException(context + " resumes a call chain inside a call");
    }
    context.node = chain.node;
    return () -> context.node = chain.root();
  }

  /** A call chain saved by {@link #chain()}. */
  public static final class CallChain {
    private final CallNode node;

    private CallChain(CallNode node) {
      this.node = node;
    }

    private CallNode root() {
      CallNode n = node;
      while (!n.isRoot()) {
        n = n.parent;
      }
      return n;
    }
  }

  /** A call that {@link #call} entered; closing it returns to the caller. */
  @FunctionalInterface
  public interface Frame extends AutoCloseable {
    @Override
    void close();
  }

  private int stack() {
    CallNode node = current.node;
    if (node.isRoot()) {
      return EventCursor.NONE;
    }
    if (node.stackId == EventCursor.NONE) {
      int[] frames = new int[node.depth()];
      int i = 0;
      for (CallNode n = node; !n.isRoot(); n = n.parent) {
        frames[i++] = symbols.intern(n.frame);
      }
      node.stackId = stacks.intern(frames);
    }
    if (!node.declared) {
      EventCursor e = next(Op.STACK);
      e.stack = node.stackId;
      node.declared = true;
    }
    return node.stackId;
  }

  // ---- events ----------------------------------------------------------------------------------

  private EventCursor next(Op op) {
    return buffer.next(op);
  }

  private EventCursor task(Op op, String ip) {
    int stack = stack();
    EventCursor e = next(op);
    if (current.task < 0) {
      current.task = tasks.intern(current.tid());
    }
    e.task = current.task;
    e.cpu = current.cpu();
    e.stack = stack;
    if (ip != null) {
      e.ip = symbols.intern(ip);
    }
    return e;
  }

  /** Emits the trace header; its fields come from the event source's header map. */
  public long header() {
    return next(Op.HEADER).id;
  }

  /** Emits a region naming {@code [addr, addr + size)} for reports. */
  public long region(long addr, long size, String name, RegionClass regionClass) {
    EventCursor e = next(Op.REGION);
    e.addr = addr;
    e.size = size;
    e.name = symbols.intern(name);
    e.regionClass = regionClass;
    return e.id;
  }

  /**
   * Emits the declaration of cache {@code name} with {@code flags}, a mask of
   * {@link EventCursor#TYPESAFE_BY_RCU}: before the cache's first allocation.
   */
  public long cache(String name, int flags) {
    EventCursor e = next(Op.CACHE);
    e.name = symbols.intern(name);
    e.cacheFlags = flags;
    return e.id;
  }

  private EventCursor access(Op op, long addr, int size, MemOrder mo, String ip) {
    EventCursor e = task(op, ip);
    e.addr = addr;
    e.size = size;
    e.mo = mo;
    return e;
  }

  private EventCursor valued(Op op, long addr, int size, MemOrder mo, String ip, long val) {
    EventCursor e = access(op, addr, size, mo, ip);
    e.value = val;
    e.hasValue = true;
    return e;
  }

  /** Emits a load that read {@code val}. */
  public long load(long addr, int size, MemOrder mo, String ip, long val) {
    return valued(Op.LOAD, addr, size, mo, ip, val).id;
  }

  /** Emits a load whose address came from marked load {@code dep} (an address dependency). */
  public long loadDep(long addr, int size, MemOrder mo, String ip, long val, long dep) {
    EventCursor e = valued(Op.LOAD, addr, size, mo, ip, val);
    e.dep = dep;
    return e.id;
  }

  /** Emits a store of {@code val}. */
  public long store(long addr, int size, MemOrder mo, String ip, long val) {
    return valued(Op.STORE, addr, size, mo, ip, val).id;
  }

  /** Emits a store whose address came from marked load {@code dep}. */
  public long storeDep(long addr, int size, MemOrder mo, String ip, long val, long dep) {
    EventCursor e = valued(Op.STORE, addr, size, mo, ip, val);
    e.dep = dep;
    return e.id;
  }

  /** Emits a plain store of many bytes whose value the trace does not give (memset, memcpy). */
  public long fill(long addr, int size, String ip) {
    return access(Op.STORE, addr, size, MemOrder.PLAIN, ip).id;
  }

  /** Emits a plain load of many bytes whose value the trace does not give (memcpy from). */
  public long copy(long addr, int size, String ip) {
    return access(Op.LOAD, addr, size, MemOrder.PLAIN, ip).id;
  }

  /** Emits a read-modify-write that read {@code old} and wrote {@code now}. */
  public long rmw(long addr, int size, MemOrder mo, String ip, long old, long now) {
    return rmw(addr, size, mo, ip, old, now, true);
  }

  /**
   * Emits a conditional read-modify-write (refcount_inc_not_zero, cmpxchg) that read {@code old};
   * when it succeeded it wrote {@code now}, else ({@code ok} false) it is a load only.
   */
  public long rmw(long addr, int size, MemOrder mo, String ip, long old, long now, boolean ok) {
    EventCursor e = access(Op.RMW, addr, size, mo, ip);
    e.oldValue = old;
    e.hasOldValue = true;
    if (ok) {
      e.value = now;
      e.hasValue = true;
    }
    e.ok = ok;
    return e.id;
  }

  /** Emits a read-modify-write of more than a word (cmpxchg_double), whose values the trace omits. */
  public long rmw(long addr, int size, MemOrder mo, String ip) {
    return access(Op.RMW, addr, size, mo, ip).id;
  }

  /** Emits a fence. */
  public long fence(FenceKind kind, String ip) {
    EventCursor e = task(Op.FENCE, ip);
    e.fence = kind;
    return e.id;
  }

  /** Emits an exclusive lock of the lock at {@code lock}. */
  public long lock(long lock, String ip) {
    return numbered(Op.LOCK, lock, ip);
  }

  /** Emits an exclusive unlock of the lock at {@code lock}. */
  public long unlock(long lock, String ip) {
    return numbered(Op.UNLOCK, lock, ip);
  }

  /** Emits the return of an allocation of {@code size} bytes at {@code ptr} from {@code cache}. */
  public long alloc(long ptr, long size, String cache, String ip) {
    EventCursor e = task(Op.ALLOC, ip);
    e.addr = ptr;
    e.size = size;
    e.cache = symbols.intern(cache);
    return e.id;
  }

  /** Emits the free of the object at {@code ptr} of {@code cache}. */
  public long free(long ptr, String cache, String ip) {
    EventCursor e = task(Op.FREE, ip);
    e.addr = ptr;
    e.cache = symbols.intern(cache);
    return e.id;
  }

  /** Emits the release side of an ordering edge on the named object (complete, queue_work...). */
  public long signal(String obj, String ip) {
    return keyed(Op.SIGNAL, obj, ip);
  }

  /** Emits the acquire side of an ordering edge on the named object. */
  public long await(String obj, String ip) {
    return keyed(Op.WAIT, obj, ip);
  }

  private long numbered(Op op, long key, String ip) {
    EventCursor e = task(op, ip);
    e.key = key;
    return e.id;
  }

  private long keyed(Op op, String name, String ip) {
    EventCursor e = task(op, ip);
    e.key = symbols.intern(name);
    e.keyIsName = true;
    return e.id;
  }

  /** Emits call_rcu of the callback whose rcu_head is at {@code head}. */
  public long callRcu(long head, String ip) {
    return numbered(Op.CALL_RCU, head, ip);
  }

  /** Emits the start of the callback whose rcu_head is at {@code head}. */
  public long callbackBegin(long head, String ip) {
    return numbered(Op.CB_BEGIN, head, ip);
  }

  /** Emits the end of the callback whose rcu_head is at {@code head}. */
  public long callbackEnd(long head, String ip) {
    return numbered(Op.CB_END, head, ip);
  }

  /** Emits the return of rcu_barrier(). */
  public long rcuBarrier(String ip) {
    return task(Op.RCU_BARRIER, ip).id;
  }

  /** Emits rcu_read_lock(): the current context is in a read-side section until the matching unlock. */
  public long rcuReadLock(String ip) {
    long id = task(Op.RCU_READ_LOCK, ip).id;
    current.readSections++;
    return id;
  }

  /** Emits rcu_read_unlock(). */
  public long rcuReadUnlock(String ip) {
    if (current.readSections == 0) {
      throw new IllegalStateException(current + " calls rcu_read_unlock outside a read-side section");
    }
    current.readSections--;
    return task(Op.RCU_READ_UNLOCK, ip).id;
  }

  /** Emits the start of a grace period that the current context waits for (synchronize_rcu). */
  public long gracePeriodBegin(String ip) {
    return task(Op.GP_BEGIN, ip).id;
  }

  /** Emits the end of the grace period the current context waited for. */
  public long gracePeriodEnd(String ip) {
    return task(Op.GP_END, ip).id;
  }
}
