package dev.slabrace.detect;

import dev.slabrace.detect.GranuleWalk.GranuleVisitor;
import dev.slabrace.detect.clock.VectorClock;
import dev.slabrace.detect.heap.FreedObject;
import dev.slabrace.detect.heap.FreedObjects;
import dev.slabrace.detect.heap.FreedTable;
import dev.slabrace.detect.heap.HeapObject;
import dev.slabrace.detect.heap.LiveObjects;
import dev.slabrace.detect.heap.PageIndex;
import dev.slabrace.detect.heap.TypesafeCaches;
import dev.slabrace.detect.lkmm.AccessKind;
import dev.slabrace.detect.lkmm.Ordering;
import dev.slabrace.detect.shadow.ShadowMemory;
import dev.slabrace.finding.Access;
import dev.slabrace.finding.FindingKind;
import dev.slabrace.finding.WarningCode;
import dev.slabrace.trace.EventCursor;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;

/**
 * Allocations and frees: the free as an assert-no-access write over the object (KCSAN's check in
 * slab_free_hook), the allocation as an access the free must happen after, the allocator's
 * free-to-reuse edge, use-after-free markers and double frees.
 *
 * <pre>
 * Implementation notes
 *
 * free(p) of a live object: the alloc and every shadow cell of the object's bytes must be ordered
 * before the free as before a plain write (Ordering); each that is not is an assert race. The
 * object's cells are then replaced by FREED cells (a freed mark for each whole granule, FreedTable),
 * and the freeing task's clock is kept for the next allocation of those bytes (KCSAN notes the
 * false positive an allocator without this edge gives).
 * free(p) of an object already freed is a double free; of memory never seen allocated it is accepted
 * without a finding (the capture began mid-run), remembered only to catch a second free.
 * alloc(p, n): the new object starts with fresh shadow; it acquires the clocks of the frees that
 * released any of its bytes.
 * Both walk an object's whole granules a page of 64 at a time (GranuleTable.clearRun, markRun),
 * visiting only the granules that have cells or a mark; a free then fills in the marks of the rest
 * in the same pass.
 *
 * Large objects (more than LARGE_GRANULES granules; the format allows 2^40 bytes) must not cost
 * work or memory per granule: a hostile one-line trace would otherwise hang or exhaust the heap.
 * Their alloc and free visit only the granules that have cells (ShadowMemory.granulesWithCells),
 * and a freed large object is one FreedRange instead of a FREED cell per granule. AccessChecker
 * treats the bytes of a range as FREED cells; an allocation overlapping a range acquires its clock
 * and removes the bytes it covers, leaving the rest freed, as it would reset FREED cells.
 * The ranges are found by page (PageIndex), so that the check of every access costs a hash lookup
 * or none, and nothing while no large object is freed.
 *
 * The live objects (LiveObjects), the freed ones (FreedObjects) and the freed marks' objects
 * (FreedTable) are kept apart; this class decides what an allocation and a free do to them and to
 * the shadow.
 * </pre>
 */
final class HeapTracker {
  /** Objects of more granules than this (4 KiB) get no per-granule work or FREED cells. */
  static final long LARGE_GRANULES = 512;

  private final ShadowMemory shadow;
  private final FindingFactory factory;
  private final Engine.Delivery delivery;
  private final Engine.Warner warner;
  private final GranuleWalk walk;
  private final LiveObjects live = new LiveObjects();
  private final FreedObjects freed = new FreedObjects();
  private final HandoffCounts handoffs = new HandoffCounts();
  private PointerTracker pointers;
  private Shard shard = Shard.ALL;
  private boolean allocationRaces = true;
  private long unreportedAllocationRaces;
  /** Freed bytes of large objects, by first byte: they have no FREED cells. */
  private final PageIndex<FreedRange> freedRanges = new PageIndex<>();
  private final LongOpenHashSet reported = new LongOpenHashSet();
  /** The freed objects that freed marks of granules name. */
  private final FreedTable freedTable = new FreedTable();
  /** The freed object whose clock the allocation being made acquired last, by FreedTable id. */
  private int acquiredMark;
  /*
   * The allocation or free being walked, for the visitors below, set before each walk (between
   * walks they are stale and unused): the visitors are made once, so that an allocation or free
   * allocates no lambda (the quick JIT compiler, C1, builds a capturing lambda through method
   * handles, which costs more than the walk of a small object). A free's walk reads the task's
   * clocks from walkTask: nothing in the walk changes them.
   */
  private TaskState walkTask;
  private EventCursor walkEvent;
  private HeapObject walkObject;
  /** The free's FreedTable id, or NIL for a large object (a freed range, no marks). */
  private int walkId;
  /** An allocation acquires the free of each FREED cell's object: one lookup per object. */
  private final IntConsumer acquireFreed = this::acquireFreed;
  /** An allocation acquires the free of each freed mark's object, once per run of one mark. */
  private final IntConsumer acquireMark = this::acquireMark;
  private final GranuleVisitor reset = this::reset;
  private final LongConsumer clearCells = this::clearCells;
  private final GranuleWalk.RunVisitor clearRun = this::clearRun;
  /** The free asserts that no access of another task is unordered before it (slab_free_hook). */
  private final IntConsumer assertNoAccess = this::assertNoAccess;
  private final GranuleVisitor check = this::checkFreed;
  private final LongConsumer assertCells = this::assertCells;
  private final IntConsumer releaseMark = freedTable::release;
  private final GranuleWalk.RunVisitor markFreedRun = this::markFreedRun;
  /** The SLAB_TYPESAFE_BY_RCU caches. */
  private TypesafeCaches typesafe;
  /** Told the address of each store cell a free removes (StoreReads.freed). */
  private LongConsumer storeFreed = addr -> { };
  /** The free being made, as a finding's later side: made for its first finding only. */
  private Access freeAccess;

  HeapTracker(ShadowMemory shadow, FindingFactory factory, Engine.Delivery delivery,
      Engine.Warner warner) {
    this.shadow = shadow;
    this.factory = factory;
    this.delivery = delivery;
    this.warner = warner;
    this.walk = new GranuleWalk(shadow);
    shadow.onFreedCells(freedTable::retain, freedTable::release);
  }

  /**
   * Sets the part of the address space this tracker checks and resets: its walks still visit every
   * granule (GranuleWalk), but only the owned ones have access cells.
   */
  void shard(Shard s) {
    this.shard = s;
  }

  /** Sets the SLAB_TYPESAFE_BY_RCU caches. */
  void typesafe(TypesafeCaches caches) {
    this.typesafe = caches;
  }

  /** Returns the SLAB_TYPESAFE_BY_RCU caches. */
  TypesafeCaches typesafe() {
    return typesafe;
  }

  /**
   * Sets what is told the address of each store cell that a free removes, so that the reads-from
   * history there can shrink.
   */
  void storeFreed(LongConsumer c) {
    this.storeFreed = c;
  }

  /** Sets the pointer tracker, which forgets an object's address when the object is freed. */
  void pointers(PointerTracker p) {
    this.pointers = p;
  }

  /**
   * Whether a free that is not ordered after its object's allocation is reported as an assert race;
   * off while a trace whose format records accesses only optionally has shown none.
   */
  void allocationRaces(boolean on) {
    this.allocationRaces = on;
  }

  /** Returns how many unordered allocation/free pairs were not reported, for want of accesses. */
  long unreportedAllocationRaces() {
    return unreportedAllocationRaces;
  }

  /** Returns the live object whose first byte is {@code ptr}, or null. */
  HeapObject liveAt(long ptr) {
    return live.at(ptr);
  }

  /** Returns the live object covering {@code addr}, or null. */
  HeapObject covering(long addr) {
    return live.covering(addr);
  }

  /**
   * Whether byte {@code x} was reset after event {@code since}, or was freed when it happened, so
   * that an access {@code since} no longer counts there: the byte lies in a live object allocated
   * later (the allocation resets it; not for SLAB_TYPESAFE_BY_RCU caches, whose shadow stays), or
   * in freed memory (freed later, or freed then and the access was a use-after-free there). For the
   * bytes a finding reports; looks at the live objects and at the shadow's freed state (a freed
   * mark, a FREED cell, a freed large object's range), which every shard keeps whole. The freed
   * records by address would not do: an object reallocated smaller leaves the rest of its bytes
   * freed, and no record of them. A type-safe cache's free leaves no freed state.
   */
  boolean resetSince(long x, long since) {
    HeapObject o = covering(x);
    if (o != null) {
      return o.allocId() > since && !typesafe.contains(o.cache());
    }
    long g = x >>> 3;
    if (shadow.freedMark(g) != ShadowMemory.NIL || freedRange(x, 1) != null) {
      return true;
    }
    if (freedTable.size() == 0) {
      return false; // no FREED cell anywhere: each holds its free's id in the table
    }
    int b = (int) (x & 7);
    for (int c = shadow.head(g); c != ShadowMemory.NIL; c = shadow.next(c)) {
      if ((shadow.flags(c) & ShadowMemory.FREED) != 0 && shadow.offset(c) <= b
          && b < shadow.offset(c) + shadow.length(c)) {
        return true;
      }
    }
    return false;
  }

  /** Returns the freed object that freed mark {@code mark} names (ShadowMemory.freedMark). */
  FreedObject freedObject(int mark) {
    return freedTable.get(mark);
  }

  /** Returns the crossings of objects between tasks, per pair of sites. */
  HandoffCounts handoffs() {
    return handoffs;
  }

  void alloc(EventCursor e, TaskState t) {
    // memory of a type-safe cache keeps its shadow across free and reuse (see typesafeFree)
    boolean reuse = freed.hasTypesafe() && freed.removeTypesafe(e.addr, e.size);
    HeapObject old = live.remove(e.addr);
    if (old != null) {
      warner.warn(WarningCode.ALLOC_OF_LIVE_OBJECT, e.addr, old.allocId());
    }
    FreedObject released = freed.remove(e.addr);
    if (released != null) {
      t.clocks.acquireFull(released.clock());
    }
    if (!freedRanges.isEmpty()) {
      cutFreedRanges(e.addr, e.size, t);
    }
    acquiredMark = ShadowMemory.NIL;
    if (reuse) {
      // no reset: the readers' accesses are not known to be ordered before the new owner's
    } else {
      walkTask = t;
      if (GranuleWalk.granules(e.addr, e.size) > LARGE_GRANULES
          || !walk.runs(e.addr, e.size, reset, clearRun)) {
        walk.withState(e.addr, e.size, reset);
      }
    }
    live.put(new HeapObject(e.addr, e.size, e.cache, e.id, t.index, t.clocks.epoch(), e.cpu, e.ip,
        e.stack));
  }

  void free(EventCursor e, TaskState t) {
    HeapObject object = live.remove(e.addr);
    if (object == null) {
      FreedObject earlier = freed.at(e.addr);
      if (earlier != null) {
        if (!shard.primary()) {
          return;
        }
        Access first = factory.fromFree(earlier);
        Access second = factory.fromEvent(e, earlier.size());
        delivery.deliver(factory.finding(FindingKind.DOUBLE_FREE, first, second, false, 0, 0, t,
            earlier.allocation()), t, null);
        return;
      }
      freed.put(freedRecord(e, t, null));
      t.clocks.tick();
      return;
    }
    if (typesafe.contains(object.cache() != EventCursor.NONE ? object.cache() : e.cache)) {
      typesafeFree(e, t, object);
      return;
    }
    freeAccess = null;
    VectorClock forReads = t.clocks.forReads();
    VectorClock forWrites = t.clocks.forWrites();
    // the allocation concerns the whole object: one shard reports it, every shard checks its bytes
    if (object.task() != t.index && shard.primary()) {
      boolean ordered = Ordering.ordered(object.task(), object.epoch(), AccessKind.PLAIN_WRITE,
          AccessKind.PLAIN_WRITE, forReads, forWrites, null, null);
      handoffs.count(object.ip(), object.stack(), e.ip, e.stack, ordered);
      if (!ordered && !allocationRaces) {
        unreportedAllocationRaces++;
      } else if (!ordered) {
        delivery.deliver(factory.finding(FindingKind.ASSERT_RACE, factory.fromAlloc(object),
            freeAccess(e, object), false, 0, 0, t, object), t, null);
      }
    }
    reported.clear();
    FreedObject record = freedRecord(e, t, object);
    boolean large = GranuleWalk.granules(e.addr, object.size()) > LARGE_GRANULES;
    int id = large ? ShadowMemory.NIL : freedTable.add(record);
    if (!freedRanges.isEmpty()) {
      cutFreedRanges(e.addr, object.size(), null);
    }
    walkTask = t;
    walkEvent = e;
    walkObject = object;
    walkId = id;
    if (large) {
      walk.withState(e.addr, object.size(), check);
      freedRanges.put(e.addr, e.addr + (object.size() - 1),
          new FreedRange(e.addr, e.addr + (object.size() - 1), record));
    } else {
      if (!walk.runs(e.addr, object.size(), check, markFreedRun)) {
        walk.each(e.addr, object.size(), check);
      }
      freedTable.releaseIfUnmarked(id);
    }
    freed.put(record);
    pointers.forget(e.addr);
    t.clocks.tick();
  }

  private void acquireFreed(int c) {
    if ((shadow.flags(c) & ShadowMemory.FREED) != 0 && shadow.freedId(c) != acquiredMark) {
      acquiredMark = shadow.freedId(c);
      walkTask.clocks.acquireFull(freedTable.get(acquiredMark).clock());
    }
  }

  private void acquireMark(int mark) {
    if (mark != acquiredMark) {
      acquiredMark = mark;
      walkTask.clocks.acquireFull(freedTable.get(mark).clock());
    }
    freedTable.release(mark);
  }

  /** Resets a granule of a new allocation, acquiring the frees of what it held. */
  private void reset(long g, int off, int end) {
    int mark = shadow.freedMark(g);
    if (mark != ShadowMemory.NIL) {
      // the granule's other bytes stay freed: FREED cells take over from the mark there
      if (off > 0) {
        addFreedCell(g, 0, off, mark);
      }
      if (end < 8) {
        addFreedCell(g, end, 8, mark);
      }
      acquireMark(mark);
      shadow.markFreed(g, ShadowMemory.NIL);
    }
    shadow.resetBytes(g, off, end, acquireFreed);
  }

  /**
   * Adds a FREED cell over bytes {@code [off, end)} of granule {@code g}, for freed object {@code id},
   * described as its free. Its epoch is 0: a FREED cell is never ordered, only met.
   */
  private void addFreedCell(long g, int off, int end, int id) {
    FreedObject f = freedTable.get(id);
    int marker = shadow.add(g, off, end - off, ShadowMemory.FREED);
    shadow.describe(marker, f.task(), 0, f.freeId(), f.ptr(), f.size(), f.ip(), f.stack(), f.cpu());
    shadow.setFreedId(marker, id);
    freedTable.retain(id);
  }

  private void clearCells(long g) {
    shadow.resetBytes(g, 0, 8, acquireFreed);
  }

  private void clearRun(long first, long count) {
    shadow.clearRun(first, count, acquireMark, clearCells);
  }

  private void assertCells(long g) {
    shadow.resetBytes(g, 0, 8, assertNoAccess);
  }

  private void markFreedRun(long first, long count) {
    shadow.markFreedRun(first, count, walkId, assertCells, releaseMark);
    freedTable.retain(walkId, (int) count);
  }

  private void assertNoAccess(int c) {
    TaskState t = walkTask;
    int f = shadow.flags(c);
    if ((f & (ShadowMemory.WRITE | ShadowMemory.FREED)) == ShadowMemory.WRITE) {
      storeFreed.accept(shadow.addr(c));
    }
    int u = shadow.task(c);
    // a covered cell races with nothing its covering write does not (CoveredCells)
    if ((f & (ShadowMemory.FREED | ShadowMemory.COVERED)) == 0 && u != t.index
        && !Ordering.ordered(u, shadow.epoch(c), CellKinds.of(f),
            AccessKind.PLAIN_WRITE, t.clocks.forReads(), t.clocks.forWrites(), null, null)
        && reported.add(shadow.eventId(c))) {
      delivery.deliver(factory.finding(FindingKind.ASSERT_RACE, factory.fromCell(c),
          freeAccess(walkEvent, walkObject), false, 0, 0, t, walkObject), t, null);
    }
  }

  /** Checks and marks a granule of a freed object: its earlier accesses go, a freed mark comes. */
  private void checkFreed(long g, int off, int end) {
    int mark = shadow.freedMark(g);
    if (mark != ShadowMemory.NIL) {
      shadow.markFreed(g, ShadowMemory.NIL);
      freedTable.release(mark);
    }
    shadow.resetBytes(g, off, end, assertNoAccess);
    if (walkId == ShadowMemory.NIL) {
      return; // a large object: its freed range stands for FREED cells
    }
    if (off == 0 && end == 8) {
      shadow.markFreed(g, walkId);
      freedTable.retain(walkId);
    } else {
      addFreedCell(g, off, end, walkId);
    }
  }

  /** Returns the free {@code e} of {@code object} as a finding's later side, made once per free. */
  private Access freeAccess(EventCursor e, HeapObject object) {
    if (freeAccess == null) {
      freeAccess = factory.fromEvent(e, object.size());
    }
    return freeAccess;
  }

  /**
   * The free of an object of a SLAB_TYPESAFE_BY_RCU cache: no assert-no-access check (slab_free_hook
   * skips KCSAN's assertion for such caches, whose contents stay accessible), and the object's
   * shadow cells stay, so that the accesses of RCU readers still running are checked against the
   * next owner's. The freed object is kept by address for the use-after-free rule of AccessChecker
   * and for the next allocation's free-to-reuse edge.
   */
  private void typesafeFree(EventCursor e, TaskState t, HeapObject object) {
    FreedObject record = freedRecord(e, t, object);
    freed.put(record);
    freed.putTypesafe(record);
    pointers.forget(e.addr);
    t.clocks.tick();
  }

  /** Whether any object of a type-safe cache is freed and not yet reused. */
  boolean hasTypesafeFreed() {
    return freed.hasTypesafe();
  }

  /** Returns the freed type-safe object whose bytes overlap {@code [addr, addr + size)} lowest, or null. */
  FreedObject typesafeFreed(long addr, long size) {
    return freed.typesafe(addr, size);
  }

  private FreedObject freedRecord(EventCursor e, TaskState t, HeapObject object) {
    return new FreedObject(e.addr, object == null ? 0 : object.size(),
        object == null ? e.cache : object.cache(), e.id, t.index, e.cpu, e.ip, e.stack,
        t.clocks.publishFull(), object);
  }

  /**
   * Returns the freed large object whose bytes overlap {@code [addr, addr + size)} lowest, or null;
   * AccessChecker treats its bytes as FREED cells.
   */
  FreedRange freedRange(long addr, long size) {
    return freedRanges.isEmpty() ? null : freedRanges.lowest(addr, addr + (size - 1));
  }

  /**
   * Removes the bytes {@code [addr, addr + size)} from the freed ranges they overlap, as an
   * allocation or free resets the bytes of FREED cells; an allocating task {@code t} acquires each
   * range's free clock (null for a free). Keeps the ranges disjoint.
   */
  private void cutFreedRanges(long addr, long size, TaskState t) {
    long last = addr + (size - 1);
    FreedRange r;
    while ((r = freedRange(addr, size)) != null) {
      freedRanges.remove(r.first());
      if (t != null) {
        t.clocks.acquireFull(r.object().clock());
      }
      long cutFrom = addr;
      long cutTo = last;
      if (Long.compareUnsigned(r.first(), cutFrom) < 0) {
        freedRanges.put(r.first(), cutFrom - 1, new FreedRange(r.first(), cutFrom - 1, r.object()));
      }
      if (Long.compareUnsigned(r.last(), cutTo) > 0) {
        freedRanges.put(cutTo + 1, r.last(), new FreedRange(cutTo + 1, r.last(), r.object()));
      }
    }
  }

  /** The freed bytes {@code [first, last]} of a large object, the last byte inclusive. */
  record FreedRange(long first, long last, FreedObject object) {}
}
