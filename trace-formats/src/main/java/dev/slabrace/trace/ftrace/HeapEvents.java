package dev.slabrace.trace.ftrace;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventRules;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.SymbolTable;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;

/**
 * The kmem events as allocations and frees: kmalloc, kmem_cache_alloc (and their pre-6.1 *_node
 * forms) as {@code alloc}, kfree and kmem_cache_free as {@code free}.
 *
 * <pre>
 * Implementation notes
 *
 * Every format since 5.4 is read by key, not position: accounted= (5.19+), node= (6.1+), name= after
 * ptr= (kmem_cache_alloc, about 6.18) or last (kmem_cache_free, 5.12+), options/fields values
 * "0x1000 (4096)", trace-cmd's "(func+off)" plugin prefix and 0x pointers.
 *   addr  = ptr (hex, 0x optional; (null), (nil) and 0 are NULL)
 *   size  = bytes_alloc: what the allocator handed out, the bytes a free releases
 *   cache = name= when printed; kmalloc-<bytes_alloc> for kmalloc without it (the size class, not
 *           the kmalloc-cg/-rcl/dma variant the gfp flags may have picked); none otherwise: a
 *           6.1 kmem_cache_alloc does not say its cache and the call site already names the caller
 *   ip    = call_site as printed (%pS with " [module]", trace-cmd's func+off, or pre-5.4 hex)
 * A NULL or ZERO_SIZE_PTR (<= 16) pointer maps to nothing: kfree(NULL) is a no-op, a failed
 * allocation returns NULL, kmalloc(0) returns ZERO_SIZE_PTR. With hashed pointers ZERO_SIZE_PTR is
 * hashed too, so the pointers of zero-byte allocations are remembered and their frees dropped
 * (otherwise two kfree(ZERO_SIZE_PTR) would read as a double free).
 *
 * A pointer freed again with no allocation seen since its last free is not passed on: the allocation
 * in between was untraced, not missing from the kernel. kmem_cache_alloc_bulk emits no event (the
 * maple tree allocates its nodes that way and frees them one by one with kmem_cache_free), and an
 * overrun drops events; passing the free on would make every such object a double free. Evidence
 * notes the first and counts them.
 * </pre>
 */
final class HeapEvents {
  /** The largest pointer that is not an object: ZERO_SIZE_PTR is 16 (include/linux/slab.h). */
  static final long ZERO_SIZE_PTR = 16;
  private static final int HASHED_WIDTH = 16;

  private final Payload payload;
  private final FtraceTasks tasks;
  private final SymbolTable symbols;
  private final Evidence evidence;
  private final LongOpenHashSet zeroSize = new LongOpenHashSet();
  private final Long2LongOpenHashMap freedAt = new Long2LongOpenHashMap();
  private final Long2IntOpenHashMap kmallocCaches = new Long2IntOpenHashMap();

  HeapEvents(Payload payload, FtraceTasks tasks, SymbolTable symbols, Evidence evidence) {
    this.payload = payload;
    this.tasks = tasks;
    this.symbols = symbols;
    this.evidence = evidence;
    kmallocCaches.defaultReturnValue(EventCursor.NONE);
    freedAt.defaultReturnValue(-1);
  }

  /** Maps an allocation line; {@code kmalloc} names the size-class cache when name= is absent. */
  void alloc(FtraceLineScanner line, EventBuffer out, long lineNo, boolean kmalloc)
      throws MalformedLine {
    long ptr = pointer(line, lineNo);
    int bytes = require("bytes_alloc");
    long size = payload.integer(bytes, "bytes_alloc");
    if (isNull(ptr)) {
      return;
    }
    if (size == 0) {
      zeroSize.add(ptr);
      return;
    }
    if (size < 0 || size > EventRules.MAX_OBJECT_SIZE) {
      throw new MalformedLine("bytes_alloc " + payload.token(bytes) + " is outside 1.."
          + EventRules.MAX_OBJECT_SIZE);
    }
    EventCursor e = allocated(line, out, ptr, size);
    e.ip = callSite();
    int name = payload.find("name");
    if (name >= 0) {
      e.cache = payload.valueSymbol(name, symbols);
    } else if (kmalloc) {
      e.cache = kmallocCache(size);
    }
  }

  /** Maps a kfree or kmem_cache_free line. */
  void free(FtraceLineScanner line, EventBuffer out, long lineNo) throws MalformedLine {
    long ptr = pointer(line, lineNo);
    if (isNull(ptr) || zeroSize.contains(ptr)) {
      return;
    }
    int name = payload.find("name");
    long earlier = freedAt.get(ptr);
    if (earlier >= 0) {
      evidence.freedAgain(lineNo, ptr, name >= 0 ? payload.value(name) : null, earlier);
      return;
    }
    EventCursor e = freed(line, out, ptr, lineNo);
    e.ip = callSite();
    if (name >= 0) {
      e.cache = payload.valueSymbol(name, symbols);
    }
  }

  /*
   * The effects of a mapped allocation or free, shared with FastPath, which reads the payload itself
   * and calls these only for lines that map to an event: a non-NULL pointer, a size in range, a free
   * that is not dropped (freeable). The caller then sets ip and cache, interning ip first.
   */

  /** Emits the alloc of {@code ptr}: a pointer allocated is no longer zero-sized nor freed. */
  EventCursor allocated(FtraceLineScanner line, EventBuffer out, long ptr, long size) {
    zeroSize.remove(ptr);
    freedAt.remove(ptr);
    EventCursor e = out.add(Op.ALLOC, tasks.of(line));
    e.addr = ptr;
    e.size = size;
    return e;
  }

  /** Whether a free of {@code ptr} maps to an event: not NULL, not zero-sized, not freed again. */
  boolean freeable(long ptr) {
    return !isNull(ptr) && !zeroSize.contains(ptr) && !freedAt.containsKey(ptr);
  }

  /** Emits the free of {@code ptr} on line {@code lineNo}, which must not be freed already. */
  EventCursor freed(FtraceLineScanner line, EventBuffer out, long ptr, long lineNo) {
    freedAt.put(ptr, lineNo);
    EventCursor e = out.add(Op.FREE, tasks.of(line));
    e.addr = ptr;
    evidence.frees++;
    return e;
  }

  /** Whether a pointer printed with {@code digits} characters and read as {@code ptr} is hashed. */
  static boolean hashed(int digits, long ptr) {
    return digits == HASHED_WIDTH && !isNull(ptr) && (ptr >>> Integer.SIZE) == 0;
  }

  private long pointer(FtraceLineScanner line, long lineNo) throws MalformedLine {
    payload.split(line.text, line.payloadStart);
    int i = require("ptr");
    long ptr = payload.pointer(i, "ptr");
    if (hashed(payload.tokenLength(i), ptr)) {
      evidence.hashedPointer(lineNo);
    }
    return ptr;
  }

  /** Whether {@code ptr} is NULL or ZERO_SIZE_PTR (pointers are unsigned). */
  static boolean isNull(long ptr) {
    return Long.compareUnsigned(ptr, ZERO_SIZE_PTR) <= 0;
  }

  private int callSite() {
    int i = payload.find("call_site");
    if (i < 0) {
      return EventCursor.NONE;
    }
    // the value as written, without the " (decimal)" that options/fields adds after a hex call site
    String s = payload.text();
    int from = payload.valueFrom(i);
    int to = payload.valueTo(i);
    int fieldsSuffix = s.indexOf(" (", from);
    if (fieldsSuffix > from && fieldsSuffix + 2 <= to && s.startsWith("0x", from)) {
      to = fieldsSuffix;
    }
    return payload.symbol(from, to, symbols);
  }

  /** Returns the symbol of kmalloc-{@code size}, the cache a kmalloc line without name= names. */
  int kmallocCache(long size) {
    int id = kmallocCaches.get(size);
    if (id == EventCursor.NONE) {
      id = symbols.intern("kmalloc-" + size);
      kmallocCaches.put(size, id);
    }
    return id;
  }

  private int require(String key) throws MalformedLine {
    int i = payload.find(key);
    if (i < 0) {
      throw new MalformedLine("no " + key + "= in the payload");
    }
    return i;
  }
}
