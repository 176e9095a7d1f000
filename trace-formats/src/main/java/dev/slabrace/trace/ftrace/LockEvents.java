package dev.slabrace.trace.ftrace;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.Op;
import it.unimi.dsi.fastutil.booleans.BooleanArrayList;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.List;

/**
 * lockdep's lock_acquire and lock_release (CONFIG_LOCKDEP kernels only) as {@code lock} and
 * {@code unlock} of the lockdep map's address.
 *
 * <pre>
 * Implementation notes
 *
 * Payloads: "%p %s%s%s" (address, "try ", "read ", class name) and "%p %s"; trace-cmd -R prints
 * lockdep_addr= flags= name=. The key is the address, never the name: the name is the lock class,
 * shared by every instance, and keying by it would order unrelated locks.
 * A failed trylock emits no lock_acquire, so "try" is an ordinary acquisition. "read" (shared and
 * recursive-read) is a shared hold. lock_release does not say the mode, so the reader remembers each
 * task's holds per address and releases in the mode they were taken; a release the trace never saw
 * taken by that task (taken before the capture, or released by another task, as semaphores and
 * completions do) maps to nothing: an unlock in a guessed mode could order readers with each other.
 * Lockdep maps that are not locks carry no release/acquire ordering and are dropped by class name
 * ({@link #PSEUDO_LOCKS}): fs_reclaim alone is "acquired" by every GFP_KERNEL allocation and would
 * order all of them. contention_begin/end are never edges (no release side). Without a flags column,
 * lock events outside known interrupt brackets are dropped (their context is unknown).
 * </pre>
 */
final class LockEvents {
  /**
   * Class names (exact, or prefixes ending in '*') of lockdep maps that annotate something other than
   * a lock: RCU readers, reclaim, work and completion waits, kernfs active references, console
   * handover, DMA fences, jbd2 handles.
   */
  static final List<String> PSEUDO_LOCKS = List.of("fs_reclaim", "rcu_read_lock*", "rcu_callback",
      "(*", "mmu_notifier_invalidate_range_start", "kn->active*", "console_owner", "dma_fence_map",
      "jbd2_handle", "&journal->j_trans_commit_map");

  private static final String TRY = "try ";
  private static final String READ = "read ";
  /** Bit of the raw flags field for a read (shared) acquisition; bit 0 is "try". */
  private static final int FLAG_READ = 2;

  private final Payload payload;
  private final FtraceTasks tasks;
  private final Evidence evidence;
  private final Long2ObjectOpenHashMap<Int2ObjectOpenHashMap<BooleanArrayList>> holds =
      new Long2ObjectOpenHashMap<>();

  private long address;
  private boolean read;
  private String className;

  LockEvents(Payload payload, FtraceTasks tasks, Evidence evidence) {
    this.payload = payload;
    this.tasks = tasks;
    this.evidence = evidence;
  }

  /** lock_acquire: a lock (shared when "read"), unless the map is a pseudo-lock. */
  void acquire(FtraceLineScanner line, EventBuffer out) throws MalformedLine {
    parse(line, "lock_acquire");
    if (isPseudo(className) || unknownContext(line)) {
      return;
    }
    int task = tasks.of(line);
    holds.computeIfAbsent(address, a -> new Int2ObjectOpenHashMap<>())
        .computeIfAbsent(task, t -> new BooleanArrayList()).add(read);
    EventCursor e = out.add(Op.LOCK, task);
    e.key = address;
    e.shared = read;
  }

  /** lock_release: an unlock in the mode the same task took the lock, or nothing. */
  void release(FtraceLineScanner line, EventBuffer out) throws MalformedLine {
    parse(line, "lock_release");
    if (isPseudo(className) || unknownContext(line)) {
      return;
    }
    int task = tasks.of(line);
    Int2ObjectOpenHashMap<BooleanArrayList> byTask = holds.get(address);
    BooleanArrayList modes = byTask == null ? null : byTask.get(task);
    if (modes == null || modes.isEmpty()) {
      return;
    }
    boolean shared = modes.removeBoolean(modes.size() - 1);
    EventCursor e = out.add(Op.UNLOCK, task);
    e.key = address;
    e.shared = shared;
  }

  /** Without flags, a lock event outside known interrupts cannot be credited to a task: dropped. */
  private boolean unknownContext(FtraceLineScanner line) {
    if (tasks.contextKnown(line)) {
      return false;
    }
    evidence.unknownContextEdges++;
    return true;
  }

  private void parse(FtraceLineScanner line, String event) throws MalformedLine {
    payload.split(line.text, line.payloadStart);
    int addr = payload.find("lockdep_addr");
    if (addr >= 0) {
      address = payload.pointer(addr, "lockdep_addr");
      int flags = payload.find("flags");
      read = flags >= 0 && (payload.integer(flags, "flags") & FLAG_READ) != 0;
      int name = payload.find("name");
      className = name >= 0 ? payload.value(name) : "";
      return;
    }
    String s = line.text;
    int p = line.payloadStart;
    int end = s.indexOf(' ', p);
    if (end < 0) {
      throw new MalformedLine(event + " without a lock address and name");
    }
    address = Payload.pointerAt(s, p, end, event + " address");
    p = end + 1;
    if (s.startsWith(TRY, p)) {
      p += TRY.length();
    }
    read = s.startsWith(READ, p);
    if (read) {
      p += READ.length();
    }
    className = s.substring(p).trim();
  }

  static boolean isPseudo(String name) {
    for (String pattern : PSEUDO_LOCKS) {
      if (pattern.endsWith("*")
          ? name.startsWith(pattern.substring(0, pattern.length() - 1))
          : name.equals(pattern)) {
        return true;
      }
    }
    return false;
  }
}
