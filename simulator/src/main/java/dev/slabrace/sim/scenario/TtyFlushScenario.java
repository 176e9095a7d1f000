package dev.slabrace.sim.scenario;

import static dev.slabrace.sim.scenario.TtyBuffer.COMMIT;
import static dev.slabrace.sim.scenario.TtyBuffer.DATA;
import static dev.slabrace.sim.scenario.TtyBuffer.HEAD;
import static dev.slabrace.sim.scenario.TtyBuffer.LOCK;
import static dev.slabrace.sim.scenario.TtyBuffer.MEM_LIMIT;
import static dev.slabrace.sim.scenario.TtyBuffer.MEM_USED;
import static dev.slabrace.sim.scenario.TtyBuffer.NEXT;
import static dev.slabrace.sim.scenario.TtyBuffer.PRIORITY;
import static dev.slabrace.sim.scenario.TtyBuffer.SENTINEL;
import static dev.slabrace.sim.scenario.TtyBuffer.SIZE;
import static dev.slabrace.sim.scenario.TtyBuffer.TAIL;
import static dev.slabrace.sim.scenario.TtyBuffer.USED;

import dev.slabrace.sim.exec.Emitter;
import dev.slabrace.sim.kernel.Kernel;
import dev.slabrace.sim.kernel.Slub;
import dev.slabrace.sim.kernel.SlubVersion;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.RegionClass;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.util.List;

/**
 * tty_buffer_flush() freeing a buffer that the producer filled without the flusher acquiring it
 * (commit 9e6b7cd7e77d, "tty: fix data race in tty_buffer_flush"): the producer appends buffers with
 * smp_store_release of b->next; the flusher, holding buf->lock (which the producer never takes), walks
 * head->next and kfree()s the buffers it passes.
 *
 * <pre>
 * Implementation notes (kcsan.md section 5 (A))
 *
 * cpu 1 opens the port (tty_buffer_init) and signals the producer; cpu 0 inserts 300 bytes (a new
 * buffer n1 after the sentinel), pushes them, then inserts 400 more (a new buffer n2, published as
 * n1->next). Only then does cpu 1 flush: it reads sentinel.next, frees nothing for the sentinel,
 * reads n1->next, kfree()s n1 and stops at n2. With a plain read of ->next nothing orders the
 * producer's writes to n1 before the free: the free races with all of them, and kfree's reads of
 * struct slab race with the producer's allocate_slab. With smp_load_acquire,
 * as in the fix, each read pairs with the producer's release and the trace is clean.
 * The flush stops after the loop: the kernel's later plain read of head->commit is another story.
 * </pre>
 */
final class TtyFlushScenario extends FocusedScenario {
  private static final String INIT = "tty_buffer_init+0x2c/0xa0";
  private static final String OPEN = "tty_port_open+0x8d/0x110";
  private static final String INSERT = "tty_insert_flip_string_fixed_flag+0x5b/0x110";
  private static final String INSERT_USED = "tty_insert_flip_string_fixed_flag+0x74/0x110";
  private static final String INSERT_COPY = "tty_insert_flip_string_fixed_flag+0x96/0x110";
  private static final String INSERT_ADD = "tty_insert_flip_string_fixed_flag+0xc4/0x110";
  private static final String ROOM_TAIL = "__tty_buffer_request_room+0x1e/0x1a0";
  private static final String ROOM_USED = "__tty_buffer_request_room+0x27/0x1a0";
  private static final String ROOM_SIZE = "__tty_buffer_request_room+0x2b/0x1a0";
  private static final String ROOM_ALLOC = "__tty_buffer_request_room+0x62/0x1a0";
  private static final String ROOM_COMMIT_USED = "__tty_buffer_request_room+0x7e/0x1a0";
  private static final String ROOM_COMMIT = "__tty_buffer_request_room+0x85/0x1a0";
  private static final String ROOM_NEXT = "__tty_buffer_request_room+0x8c/0x1a0";
  private static final String ROOM_SET_TAIL = "__tty_buffer_request_room+0x93/0x1a0";
  private static final String ALLOC_LIMIT = "tty_buffer_alloc+0x2b/0xf0";
  private static final String ALLOC_KMALLOC = "tty_buffer_alloc+0x5d/0xf0";
  private static final String ALLOC_RESET = "tty_buffer_alloc+0x7a/0xf0";
  private static final String ALLOC_ACCOUNT = "tty_buffer_alloc+0xa8/0xf0";
  private static final String PUSH_TAIL = "tty_flip_buffer_push+0x16/0x40";
  private static final String PUSH_USED = "tty_flip_buffer_push+0x1c/0x40";
  private static final String PUSH_COMMIT = "tty_flip_buffer_push+0x21/0x40";
  private static final String FLUSH_LOCK = "tty_buffer_flush+0x4a/0x150";
  private static final String FLUSH_PRIORITY = "tty_buffer_flush+0x55/0x150";
  private static final String FLUSH_HEAD = "tty_buffer_flush+0x6a/0x150";
  private static final String FLUSH_NEXT = "tty_buffer_flush+0x71/0x150";
  private static final String FLUSH_FREE = "tty_buffer_flush+0x86/0x150";
  private static final String FLUSH_SET_HEAD = "tty_buffer_flush+0x8f/0x150";
  private static final String FLUSH_DONE = "tty_buffer_flush+0xd2/0x150";
  private static final String FLUSH_UNLOCK = "tty_buffer_flush+0xdc/0x150";
  private static final String FREE_SIZE = "tty_buffer_free+0x1d/0x90";
  private static final String FREE_ACCOUNT = "tty_buffer_free+0x27/0x90";
  private static final String FREE_KFREE = "tty_buffer_free+0x4c/0x90";
  /** MIN_TTYB_SIZE: smaller buffers go on the free list instead of back to the slab. */
  private static final int MIN_TTYB_SIZE = 256;
  private static final int MEM_LIMIT_DEFAULT = 640 * 1024;

  static final List<TtyFlushScenario> ALL = List.of(
      new TtyFlushScenario("tty-flush-plain", "tty_buffer_flush() reads head->next plainly and"
          + " kfree()s a buffer the producer filled: the free races with the producer's writes",
          new Expectation("assert-race", "tty_buffer->used", "tty_insert_flip_string_fixed_flag",
              "tty_buffer_flush", List.of("tty_buffer->", "tty_bufhead->", "slab->"))),
      new TtyFlushScenario("tty-flush-acquire", "tty_buffer_flush() with smp_load_acquire of"
          + " head->next, paired with the producer's smp_store_release (9e6b7cd7e77d): clean", null));

  private TtyFlushScenario(String name, String description, Expectation expectation) {
    super(name, description, expectation, SlubVersion.STRIDE_EARLY, 2);
  }

  /** The state of one run. */
  private static final class Run {
    long buf;
    boolean open;
    boolean appended;
    /** The producer's view: the tail buffer, its size and how much of it is used. */
    long tail;
    int tailSize;
    int tailUsed;
    /** The simulated memory the flusher reads: next pointers and sizes by buffer. */
    final Long2LongOpenHashMap next = new Long2LongOpenHashMap();
    final Long2IntOpenHashMap size = new Long2IntOpenHashMap();
    long memUsed;
  }

  @Override
  void setUpRoles(Kernel kernel) {
    Emitter em = kernel.emitter();
    Slub slub = kernel.slub();
    boolean acquire = !buggy();
    Run run = new Run();
    run.buf = kernel.userData(TtyBuffer.BUFHEAD_SIZE);
    TtyBuffer.bufheadRegions(em, run.buf);
    kernel.cpu(1).then(() -> {
      init(em, run);
      em.signal("tty_port_open", OPEN);
      run.open = true;
    });
    kernel.cpu(0)
        .then(() -> run.open, () -> {
          em.await("tty_port_open", OPEN);
          insert(em, slub, run, 300);
        })
        .then(() -> push(em, run))
        .then(() -> {
          insert(em, slub, run, 400);
          run.appended = true;
        })
        .then(() -> push(em, run));
    kernel.cpu(1).then(() -> run.appended, () -> flush(em, slub, run, acquire));
  }

  private static void init(Emitter em, Run run) {
    long buf = run.buf;
    long sentinel = buf + SENTINEL;
    em.store(buf + HEAD, 8, MemOrder.PLAIN, INIT, sentinel);
    TtyBuffer.reset(em, sentinel, 0, INIT);
    em.store(buf + MEM_USED, 4, MemOrder.RELAXED, INIT, 0);
    em.store(buf + MEM_LIMIT, 4, MemOrder.PLAIN, INIT, MEM_LIMIT_DEFAULT);
    em.store(buf + PRIORITY, 4, MemOrder.RELAXED, INIT, 0);
    em.store(buf + TAIL, 8, MemOrder.PLAIN, INIT, sentinel);
    run.tail = sentinel;
    run.size.put(sentinel, 0);
  }

  /** tty_insert_flip_string_fixed_flag() of {@code n} bytes. */
  private static void insert(Emitter em, Slub slub, Run run, int n) {
    try (Emitter.Frame f = em.call(INSERT)) {
      requestRoom(em, slub, run, n);
    }
    long b = run.tail;
    em.load(b + USED, 4, MemOrder.PLAIN, INSERT_USED, run.tailUsed);
    em.fill(b + DATA + run.tailUsed, n, INSERT_COPY);
    run.tailUsed += n;
    em.store(b + USED, 4, MemOrder.PLAIN, INSERT_ADD, run.tailUsed);
  }

  /** __tty_buffer_request_room(): appends a new buffer when the tail has no room for {@code n}. */
  private static void requestRoom(Emitter em, Slub slub, Run run, int n) {
    long buf = run.buf;
    long b = run.tail;
    em.load(buf + TAIL, 8, MemOrder.PLAIN, ROOM_TAIL, b);
    em.load(b + USED, 4, MemOrder.PLAIN, ROOM_USED, run.tailUsed);
    em.load(b + SIZE, 4, MemOrder.PLAIN, ROOM_SIZE, run.tailSize);
    if (run.tailSize - run.tailUsed >= n) {
      return;
    }
    int size = (n + 255) & ~255;
    long fresh;
    try (Emitter.Frame f = em.call(ROOM_ALLOC)) {
      em.load(buf + MEM_USED, 4, MemOrder.RELAXED, ALLOC_LIMIT, run.memUsed);
      em.load(buf + MEM_LIMIT, 4, MemOrder.PLAIN, ALLOC_LIMIT, MEM_LIMIT_DEFAULT);
      try (Emitter.Frame g = em.call(ALLOC_KMALLOC)) {
        fresh = slub.kmalloc(DATA + 2 * size, false);
      }
      TtyBuffer.regions(em, fresh, size, "tty_buffer->", RegionClass.OBJECT);
      TtyBuffer.reset(em, fresh, size, ALLOC_RESET);
      em.rmw(buf + MEM_USED, 4, MemOrder.RELAXED, ALLOC_ACCOUNT, run.memUsed, run.memUsed + size);
      run.memUsed += size;
    }
    em.load(b + USED, 4, MemOrder.PLAIN, ROOM_COMMIT_USED, run.tailUsed);
    em.store(b + COMMIT, 4, MemOrder.RELEASE, ROOM_COMMIT, run.tailUsed);
    em.store(b + NEXT, 8, MemOrder.RELEASE, ROOM_NEXT, fresh);
    em.store(buf + TAIL, 8, MemOrder.PLAIN, ROOM_SET_TAIL, fresh);
    run.next.put(b, fresh);
    run.size.put(fresh, size);
    run.tail = fresh;
    run.tailSize = size;
    run.tailUsed = 0;
  }

  /** tty_flip_buffer_push(): commits what the tail buffer holds. */
  private static void push(Emitter em, Run run) {
    long b = run.tail;
    em.load(run.buf + TAIL, 8, MemOrder.PLAIN, PUSH_TAIL, b);
    em.load(b + USED, 4, MemOrder.PLAIN, PUSH_USED, run.tailUsed);
    em.store(b + COMMIT, 4, MemOrder.RELEASE, PUSH_COMMIT, run.tailUsed);
  }

  /** tty_buffer_flush(): frees every buffer before the last, under buf->lock. */
  private static void flush(Emitter em, Slub slub, Run run, boolean acquire) {
    long buf = run.buf;
    em.lock(buf + LOCK, FLUSH_LOCK);
    em.rmw(buf + PRIORITY, 4, MemOrder.RELAXED, FLUSH_PRIORITY, 0, 1);
    long head = buf + SENTINEL;
    while (true) {
      em.load(buf + HEAD, 8, MemOrder.PLAIN, FLUSH_HEAD, head);
      long next = run.next.get(head);
      em.load(head + NEXT, 8, acquire ? MemOrder.ACQUIRE : MemOrder.PLAIN, FLUSH_NEXT, next);
      if (next == 0) {
        break;
      }
      try (Emitter.Frame f = em.call(FLUSH_FREE)) {
        free(em, slub, run, head);
      }
      em.store(buf + HEAD, 8, MemOrder.PLAIN, FLUSH_SET_HEAD, next);
      head = next;
    }
    em.rmw(buf + PRIORITY, 4, MemOrder.RELAXED, FLUSH_DONE, 1, 0);
    em.unlock(buf + LOCK, FLUSH_UNLOCK);
  }

  /** tty_buffer_free(): kfree()s a buffer larger than MIN_TTYB_SIZE. */
  private static void free(Emitter em, Slub slub, Run run, long b) {
    int size = run.size.get(b);
    em.load(b + SIZE, 4, MemOrder.PLAIN, FREE_SIZE, size);
    em.rmw(run.buf + MEM_USED, 4, MemOrder.FULL, FREE_ACCOUNT, run.memUsed, run.memUsed - size);
    run.memUsed -= size;
    if (size > MIN_TTYB_SIZE) {
      try (Emitter.Frame f = em.call(FREE_KFREE)) {
        slub.kfree(b);
      }
    }
  }
}
