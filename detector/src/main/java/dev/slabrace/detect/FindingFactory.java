package dev.slabrace.detect;

import dev.slabrace.detect.heap.FreedObject;
import dev.slabrace.detect.heap.HeapObject;
import dev.slabrace.detect.shadow.ShadowMemory;
import dev.slabrace.finding.Access;
import dev.slabrace.finding.AccessType;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingKind;
import dev.slabrace.finding.SlabObject;
import dev.slabrace.finding.Triage;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds findings from shadow cells, heap records and the current event, resolving names through the
 * source's tables. The slow path: called only when something was found.
 */
final class FindingFactory {
  private final EventSource source;
  private final ShadowMemory shadow;
  private Triager triager;
  private HeapTracker heap;

  FindingFactory(EventSource source, ShadowMemory shadow) {
    this.source = source;
    this.shadow = shadow;
  }

  /** Sets the triager that names addresses and judges handoffs (the two refer to each other). */
  void triager(Triager t) {
    this.triager = t;
  }

  /** The access described by shadow cell {@code cell}. */
  Access fromCell(int cell) {
    int f = shadow.flags(cell);
    AccessType type = (f & ShadowMemory.FREED) != 0 ? AccessType.FREE
        : (f & ShadowMemory.RMW) != 0 ? AccessType.READ_WRITE
        : (f & ShadowMemory.WRITE) != 0 ? AccessType.WRITE
        : AccessType.READ;
    return new Access(shadow.eventId(cell), taskName(shadow.task(cell)), shadow.cpu(cell), type,
        (f & ShadowMemory.MARKED) != 0, shadow.addr(cell), shadow.size(cell),
        frames(shadow.ip(cell), shadow.stack(cell)), (f & ShadowMemory.HAS_VALUE) != 0,
        (f & ShadowMemory.HAS_VALUE) != 0 ? shadow.value(cell) : 0, comm(shadow.task(cell)));
  }

  /** The access the current event makes; a free covers {@code freeSize} bytes. */
  Access fromEvent(EventCursor e, long freeSize) {
    AccessType type;
    long size = e.size;
    if (e.op == Op.FREE) {
      type = AccessType.FREE;
      size = freeSize;
    } else if (e.op == Op.RMW && e.ok) {
      type = AccessType.READ_WRITE;
    } else if (e.op == Op.STORE) {
      type = AccessType.WRITE;
    } else {
      type = AccessType.READ;
    }
    boolean marked = e.op != Op.FREE && e.mo.isMarked();
    return new Access(e.id, taskName(e.task), e.cpu, type, marked, e.addr, size,
        frames(e.ip, e.stack), e.op != Op.FREE && e.hasValue, e.value, comm(e.task));
  }

  /** The allocation of {@code object}, as the earlier side of an assertion race with its free. */
  Access fromAlloc(HeapObject object) {
    return new Access(object.allocId(), taskName(object.task()), object.cpu(), AccessType.ALLOC,
        false, object.ptr(), object.size(), frames(object.ip(), object.stack()), false, 0,
        comm(object.task()));
  }

  /** The free of {@code object}, as the earlier side of a use-after-free or double free. */
  Access fromFree(FreedObject object) {
    return new Access(object.freeId(), taskName(object.task()), object.cpu(), AccessType.FREE,
        false, object.ptr(), object.size(), frames(object.ip(), object.stack()), false, 0,
        comm(object.task()));
  }

  /**
   * A finding on the bytes both accesses touch, named by what they are and triaged against the later
   * task {@code later}; {@code object} is the object the bytes belong to when the caller knows it.
   */
  Finding finding(FindingKind kind, Access first, Access second, boolean valueChange, long oldValue,
      long newValue, TaskState later, HeapObject object) {
    long lo = Long.compareUnsigned(first.addr(), second.addr()) >= 0 ? first.addr() : second.addr();
    long firstEnd = first.addr() + first.size();
    long secondEnd = second.addr() + second.size();
    long hi = Long.compareUnsigned(firstEnd, secondEnd) <= 0 ? firstEnd : secondEnd;
    long size = Long.compareUnsigned(hi, lo) > 0 ? hi - lo
        : Math.max(1, Math.min(first.size(), second.size()));
    if (kind == FindingKind.DOUBLE_FREE) {
      lo = second.addr();
      size = second.size();
    }
    return finding(kind, first, second, valueChange, oldValue, newValue, later, object, lo, size);
  }

  /** A finding as above, on the bytes {@code [lo, lo + size)} the caller found in conflict. */
  Finding finding(FindingKind kind, Access first, Access second, boolean valueChange, long oldValue,
      long newValue, TaskState later, HeapObject object, long lo, long size) {
    Triager.Naming naming = triager.name(lo, object);
    boolean race = kind == FindingKind.DATA_RACE || kind == FindingKind.ASSERT_RACE;
    Triager.Verdict verdict = !race
        ? new Triager.Verdict(Triage.NONE, Optional.empty())
        : triager.triage(naming, object, second, later);
    Optional<SlabObject> hit = race || object == null ? Optional.empty()
        : Optional.of(new SlabObject(object.ptr(), object.size(), cacheName(object), fromAlloc(object)));
    return new Finding(kind, first, second, lo, size, naming.region(), naming.regionClass(),
        valueChange, oldValue, newValue, verdict.triage(), verdict.handoff(), Optional.empty(),
        typesafeCache(lo, size, object), hit);
  }

  /** The name of the SLAB_TYPESAFE_BY_RCU cache the bytes belong to, or "". */
  private String typesafeCache(long lo, long size, HeapObject object) {
    if (heap == null || !heap.typesafe().any()) {
      return "";
    }
    HeapObject o = object != null ? object : heap.covering(lo);
    int cache = o != null ? o.cache() : EventCursor.NONE;
    if (o == null) {
      FreedObject f = heap.typesafeFreed(lo, size);
      cache = f == null ? EventCursor.NONE : f.cache();
    }
    return heap.typesafe().contains(cache) ? source.symbols().name(cache) : "";
  }

  /** Sets the heap, whose objects tell which findings are on SLAB_TYPESAFE_BY_RCU caches. */
  void heap(HeapTracker h) {
    this.heap = h;
  }

  /** The name of an object's cache as KASAN prints it, or {@code N-byte} if the trace gave none. */
  private String cacheName(HeapObject object) {
    return object.cache() >= 0 ? source.symbols().name(object.cache()) : object.size() + "-byte";
  }

  /** A store or load of an object's address, for the handoff section. */
  Access fromPointerAccess(PointerTracker.PointerAccess p) {
    AccessType type = p.write() ? AccessType.WRITE : AccessType.READ;
    return new Access(p.id(), taskName(p.task()), p.cpu(), type, p.mo().isMarked(), p.addr(),
        p.size(), frames(p.ip(), p.stack()), true, p.object().ptr(), comm(p.task()));
  }

  private String taskName(int task) {
    return task < 0 ? "?" : source.tasks().name(task);
  }

  private String comm(int task) {
    return task < 0 ? "" : source.tasks().comm(task);
  }

  /**
   * The symbol of an access's top frame, the code location a text report keys on: the ip, else the
   * stack's first frame, else -1 (unknown).
   */
  int topSymbol(int ip, int stack) {
    if (ip >= 0) {
      return ip;
    }
    if (stack >= 0) {
      int[] symbols = source.stacks().frames(stack);
      return symbols.length > 0 ? symbols[0] : -1;
    }
    return -1;
  }

  /**
   * The code location and stack of an access, innermost first. When a stack frame is in the same
   * function as the ip, the ip replaces that frame and the frames inside it are dropped, as KCSAN's
   * replace_stack_entry() does; otherwise the ip comes first, then the whole stack.
   */
  private List<String> frames(int ip, int stack) {
    List<String> frames = new ArrayList<>();
    String top = ip >= 0 ? source.symbols().name(ip) : null;
    if (top != null) {
      frames.add(top);
    }
    if (stack >= 0) {
      int[] symbols = source.stacks().frames(stack);
      int from = 0;
      if (top != null) {
        String function = function(top);
        for (int i = 0; i < symbols.length; i++) {
          if (function(source.symbols().name(symbols[i])).equals(function)) {
            from = i + 1;
            break;
          }
        }
      }
      for (int i = from; i < symbols.length; i++) {
        frames.add(source.symbols().name(symbols[i]));
      }
    }
    return List.copyOf(frames);
  }

  private static String function(String frame) {
    int plus = frame.indexOf('+');
    return plus < 0 ? frame : frame.substring(0, plus);
  }
}
