package dev.slabrace.detect;

import dev.slabrace.detect.heap.FreedObject;
import dev.slabrace.detect.lkmm.AccessKind;
import dev.slabrace.detect.shadow.ShadowMemory;
import dev.slabrace.finding.Access;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingKind;
import dev.slabrace.trace.EventCursor;

/**
 * Makes the findings AccessChecker decides and hands them to the engine: a data race between a
 * shadow cell and the current access, with the value change the two values show and the racy bytes
 * that no allocation or free reset since the earlier access, or a use of freed bytes.
 */
final class RaceReporter {
  private final ShadowMemory shadow;
  private final FindingFactory factory;
  private final Engine.Delivery delivery;
  private HeapTracker heap;

  RaceReporter(ShadowMemory shadow, FindingFactory factory, Engine.Delivery delivery) {
    this.shadow = shadow;
    this.factory = factory;
    this.delivery = delivery;
  }

  /** Sets the heap, which knows the bytes reset since an access and the freed objects. */
  void heap(HeapTracker h) {
    this.heap = h;
  }

  /**
   * Reports that access {@code e} of kind {@code b} races with cell {@code c}, an access of kind
   * {@code cell} by task {@code u} at epoch {@code ce}.
   */
  void race(EventCursor e, TaskState t, int c, int u, int ce, AccessKind cell,
      AccessKind b) {
    final boolean cWrite = cell.writes();
    final boolean bWrite = b.writes();
    Access first = factory.fromCell(c);
    Access second = factory.fromEvent(e, 0);
    boolean change = false;
    long oldValue = 0;
    long newValue = 0;
    int cf = shadow.flags(c);
    if (shadow.addr(c) == e.addr && shadow.size(c) == e.size && e.size <= 8) {
      long mask = e.size == 8 ? -1L : (1L << (8 * e.size)) - 1;
      boolean aValue = (cf & ShadowMemory.HAS_VALUE) != 0;
      if (cWrite && !bWrite) {
        if (aValue && e.hasValue && ((e.value ^ shadow.value(c)) & mask) != 0) {
          change = true;
          oldValue = e.value;
          newValue = shadow.value(c);
        } else if (aValue && (cf & ShadowMemory.HAS_PREVIOUS) != 0) {
          change = ((shadow.previous(c) ^ shadow.value(c)) & mask) != 0;
          oldValue = shadow.previous(c);
          newValue = shadow.value(c);
        }
      } else if (aValue && e.hasValue) {
        change = ((shadow.value(c) ^ e.value) & mask) != 0;
        oldValue = shadow.value(c);
        newValue = e.value;
      }
      oldValue &= mask;
      newValue &= mask;
    }
    // the bytes both touched that no free or allocation reset since the earlier access
    long lo = Long.compareUnsigned(first.addr(), second.addr()) >= 0 ? first.addr() : second.addr();
    long firstEnd = first.addr() + first.size();
    long secondEnd = second.addr() + second.size();
    long hi = (Long.compareUnsigned(firstEnd, secondEnd) <= 0 ? firstEnd : secondEnd) - 1;
    long earlier = shadow.eventId(c);
    long from = lo;
    long to = hi;
    while (Long.compareUnsigned(from, to) <= 0 && heap.resetSince(from, earlier)) {
      from++;
    }
    while (Long.compareUnsigned(from, to) <= 0 && heap.resetSince(to, earlier)) {
      to--;
    }
    if (Long.compareUnsigned(from, to) > 0) {
      from = lo;
      to = hi;
    }
    Finding f = factory.finding(FindingKind.DATA_RACE, first, second, change, oldValue, newValue, t,
        null, from, to - from + 1);
    delivery.deliver(f, t,
        new Engine.DeferredRace(f, u, ce, cell, b));
  }

  /** Reports that access {@code e} touched bytes of {@code freed}, an object freed earlier. */
  void useAfterFree(EventCursor e, TaskState t, FreedObject freed) {
    delivery.deliver(factory.finding(FindingKind.USE_AFTER_FREE, factory.fromFree(freed),
        factory.fromEvent(e, 0), false, 0, 0, t, freed.allocation()), t, null);
  }

  /** Reports that access {@code e} touched bytes whose free is recorded in shadow cell {@code freedCell}. */
  void useAfterFree(EventCursor e, TaskState t, int freedCell) {
    Access first = factory.fromCell(freedCell);
    Access second = factory.fromEvent(e, 0);
    delivery.deliver(factory.finding(FindingKind.USE_AFTER_FREE, first, second, false, 0, 0, t,
        heap.freedObject(shadow.freedId(freedCell)).allocation()), t, null);
  }

}
