package dev.slabrace.detect;

import dev.slabrace.detect.heap.HeapObject;
import dev.slabrace.detect.heap.Regions;
import dev.slabrace.detect.heap.SlabMetadata;
import dev.slabrace.detect.lkmm.AccessKind;
import dev.slabrace.detect.lkmm.Markings;
import dev.slabrace.detect.lkmm.Ordering;
import dev.slabrace.finding.Access;
import dev.slabrace.finding.AccessType;
import dev.slabrace.finding.Handoff;
import dev.slabrace.finding.MissingEdge;
import dev.slabrace.finding.Triage;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.RegionClass;
import java.util.Optional;

/**
 * Names what a finding's bytes are (a struct slab field, an obj_ext entry, object contents, a user
 * variable) and decides whose fault a finding on slab data is: the allocator's own ordering, or a user
 * that handed the object to another task without ordering.
 *
 * <pre>
 * Implementation notes
 *
 * Naming, most specific first: a declared region; an entry of a slab's obj_exts array, from the
 * values stored to its obj_exts and stride fields; the live (or just freed) object covering the
 * address, as "<cache> object 0x<base>+0x<offset>".
 * Triage: the object is the one covering the address or, for a finding on slab metadata, the last
 * object of another task whose address the later task loaded. If that object's allocation is not
 * ordered before the later access, the object crossed tasks unordered: user-handoff, with the load
 * and the store it read. Otherwise a finding on slab-meta or obj-ext data is allocator-internal.
 * The slab contract (linux-mm, 2026): everything stored to an object, its metadata or its struct slab
 * must be visible to the CPU that frees it.
 * </pre>
 */
final class Triager {
  /** What an address is, for the report. */
  record Naming(String region, String regionClass) {}

  /** The triage of one finding. */
  record Verdict(Triage triage, Optional<Handoff> handoff) {}

  private static final Verdict NONE = new Verdict(Triage.NONE, Optional.empty());
  private static final Verdict ALLOCATOR = new Verdict(Triage.ALLOCATOR_INTERNAL, Optional.empty());

  private final EventSource source;
  private final Regions regions;
  private final SlabMetadata slabs;
  private final HeapTracker heap;
  private final PointerTracker pointers;
  private final FindingFactory factory;

  Triager(EventSource source, Regions regions, SlabMetadata slabs, HeapTracker heap,
      PointerTracker pointers, FindingFactory factory) {
    this.source = source;
    this.regions = regions;
    this.slabs = slabs;
    this.heap = heap;
    this.pointers = pointers;
    this.factory = factory;
  }

  /** Names the bytes at {@code addr}; {@code object} is the object they belong to if known. */
  Naming name(long addr, HeapObject object) {
    Regions.Region r = regions.find(addr);
    if (r != null) {
      long off = addr - r.addr();
      return new Naming(source.symbols().name(r.name()) + offset(off),
          r.regionClass() == null ? "" : r.regionClass().wireName());
    }
    for (SlabMetadata.Slab slab : slabs.slabs()) {
      if (slab.objExts == 0 || slab.stride == 0) {
        continue;
      }
      HeapObject array = heap.liveAt(slab.objExts);
      long off = addr - slab.objExts;
      if (array != null && Long.compareUnsigned(off, array.size()) < 0) {
        long index = off / slab.stride;
        return new Naming(slab.prefix + "->obj_exts[" + index + "]" + offset(off % slab.stride),
            RegionClass.OBJ_EXT.wireName());
      }
    }
    HeapObject o = object != null ? object : heap.covering(addr);
    if (o != null && Long.compareUnsigned(addr - o.ptr(), o.size()) < 0) {
      return new Naming(objectName(o) + offset(addr - o.ptr()), RegionClass.OBJECT.wireName());
    }
    return new Naming("", "");
  }

  /** Decides the triage of a finding whose later access is {@code later} by task {@code t}. */
  Verdict triage(Naming naming, HeapObject object, Access later, TaskState t) {
    boolean slabData = naming.regionClass().equals(RegionClass.SLAB_META.wireName())
        || naming.regionClass().equals(RegionClass.OBJ_EXT.wireName());
    HeapObject o = object;
    if (o == null && naming.regionClass().equals(RegionClass.OBJECT.wireName())) {
      o = heap.covering(later.addr());
    }
    PointerTracker.PointerAccess load = null;
    if (o == null && slabData) {
      load = pointers.latestForeignLoad(t.index);
      if (load != null && isAllocatorData(load.addr())) {
        // the allocator's own publication (slab->obj_exts), not a user handing an object over
        load = null;
      }
      o = load == null ? null : load.object();
    }
    if (o == null || o.task() == t.index || allocationOrdered(o, later, t)) {
      return slabData ? ALLOCATOR : NONE;
    }
    if (load == null) {
      load = pointers.loadOf(t.index, o.ptr());
    }
    PointerTracker.PointerAccess store = load == null ? null : load.readFrom();
    return new Verdict(Triage.USER_HANDOFF, Optional.of(new Handoff(objectName(o),
        factory.fromAlloc(o), Optional.ofNullable(store).map(factory::fromPointerAccess),
        Optional.ofNullable(load).map(factory::fromPointerAccess),
        missingEdge(store, load, later, t))));
  }

  private boolean isAllocatorData(long addr) {
    Regions.Region r = regions.find(addr);
    return r != null && (r.regionClass() == RegionClass.SLAB_META
        || r.regionClass() == RegionClass.OBJ_EXT);
  }

  private static boolean allocationOrdered(HeapObject o, Access later, TaskState t) {
    boolean read = later.type() == AccessType.READ;
    AccessKind kind = AccessKind.of(read || later.type() == AccessType.READ_WRITE, !read,
        later.marked());
    return Ordering.ordered(o.task(), o.epoch(), AccessKind.PLAIN_WRITE, kind, t.clocks.forReads(),
        t.clocks.forWrites(), null, null);
  }

  private MissingEdge missingEdge(PointerTracker.PointerAccess store,
      PointerTracker.PointerAccess load, Access later, TaskState t) {
    Optional<MissingEdge.Pointer> loaded = Optional.ofNullable(load).map(this::pointer);
    Optional<MissingEdge.Pointer> stored = Optional.ofNullable(store).map(this::pointer);
    MissingEdge.Kind kind;
    if (load == null) {
      kind = MissingEdge.Kind.NEVER_LOADED;
    } else if (store == null) {
      kind = MissingEdge.Kind.STORE_NOT_SHOWN;
    } else {
      boolean release = Markings.releases(store.mo());
      boolean acquire = Markings.acquires(load.mo());
      kind = !release && !acquire ? MissingEdge.Kind.NEITHER_ORDERED
          : !acquire ? MissingEdge.Kind.LOAD_NOT_ACQUIRE
          : !release ? MissingEdge.Kind.STORE_NOT_RELEASE
          : MissingEdge.Kind.PUBLISHER_NOT_ORDERED;
    }
    return new MissingEdge(kind, later.type() == AccessType.FREE, source.tasks().name(t.index),
        stored, loaded);
  }

  private MissingEdge.Pointer pointer(PointerTracker.PointerAccess access) {
    return new MissingEdge.Pointer(access.mo(), site(access.ip(), access.stack()));
  }

  private String site(int ip, int stack) {
    if (ip >= 0) {
      return source.symbols().name(ip);
    }
    if (stack >= 0 && source.stacks().frames(stack).length > 0) {
      return source.symbols().name(source.stacks().frames(stack)[0]);
    }
    return "?";
  }

  private String objectName(HeapObject o) {
    String cache = o.cache() >= 0 ? source.symbols().name(o.cache()) : o.size() + "-byte";
    return cache + " object 0x" + Long.toHexString(o.ptr());
  }

  private static String offset(long off) {
    return off == 0 ? "" : "+0x" + Long.toHexString(off);
  }
}
