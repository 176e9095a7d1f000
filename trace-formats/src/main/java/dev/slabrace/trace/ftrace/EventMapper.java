package dev.slabrace.trace.ftrace;

import dev.slabrace.trace.SymbolTable;
import dev.slabrace.trace.kernel.KernelInputs;
import java.util.Set;

/**
 * The dispatch from an ftrace event name to what slabrace makes of it. Events it does not name
 * (sched_wakeup, mm_page_*, ipi sends, print, contention_*, function tracer lines...) map to nothing.
 */
final class EventMapper {
  /** Events read and skipped: they order nothing slabrace can use, or are not slab objects. */
  static final Set<String> SKIPPED = Set.of("mm_page_alloc", "mm_page_free", "mm_page_free_batched",
      "mm_page_alloc_zone_locked", "sched_wakeup", "sched_wakeup_new", "sched_migrate_task",
      "sched_stat_runtime", "workqueue_activate_work", "workqueue_execute_end", "contention_begin",
      "contention_end", "tracing_mark_write", "print");
  private static final String VECTOR = "vector=";

  private final FtraceTasks tasks;
  private final HeapEvents heap;
  private final OrderingEvents ordering;
  private final LockEvents locks;
  private final AccessEvents accesses;
  private final ProbeLoads probeLoads;
  private final FastPath fastPath;

  EventMapper(FtraceTasks tasks, SymbolTable symbols, Evidence evidence) {
    this(tasks, symbols, evidence, KernelInputs.NONE);
  }

  EventMapper(FtraceTasks tasks, SymbolTable symbols, Evidence evidence, KernelInputs kernel) {
    Payload payload = new Payload();
    this.tasks = tasks;
    this.heap = new HeapEvents(payload, tasks, symbols, evidence);
    this.ordering = new OrderingEvents(payload, tasks, symbols, evidence);
    this.locks = new LockEvents(payload, tasks, evidence);
    this.accesses = new AccessEvents(payload, tasks, symbols, evidence);
    this.probeLoads = new ProbeLoads(kernel, payload, accesses, symbols, evidence);
    this.fastPath = new FastPath(tasks, symbols, evidence, heap, ordering, accesses);
  }

  /** Returns the fast path that maps common lines into the same state as this mapper. */
  FastPath fastPath() {
    return fastPath;
  }

  /** Appends the events of a scanned event line to {@code out} (possibly none). */
  void map(FtraceLineScanner line, EventBuffer out, long lineNo) throws MalformedLine {
    switch (line.name()) {
      case "kmalloc", "kmalloc_node" -> heap.alloc(line, out, lineNo, true);
      case "kmem_cache_alloc", "kmem_cache_alloc_node" -> heap.alloc(line, out, lineNo, false);
      case "kfree", "kmem_cache_free" -> heap.free(line, out, lineNo);
      case "sched_waking" -> ordering.waking(line, out);
      case "sched_switch" -> ordering.schedSwitch(line, out);
      case "sched_process_fork" -> ordering.fork(line, out);
      case "sched_process_exit" -> ordering.exit(line);
      case "workqueue_queue_work" -> ordering.queueWork(line, out);
      case "workqueue_execute_start" -> ordering.executeStart(line, out);
      case "softirq_raise" -> ordering.softirqRaise(line, out);
      case "softirq_entry" -> ordering.softirqEntry(line, out);
      case "softirq_exit" -> tasks.softirqBracket(line.cpu, -1);
      case "irq_handler_entry", "ipi_entry" -> tasks.hardirqBracket(line.cpu, 1);
      case "irq_handler_exit", "ipi_exit" -> tasks.hardirqBracket(line.cpu, -1);
      case "rcu_callback", "rcu_kvfree_callback", "rcu_kfree_callback" -> ordering.rcuQueued(line, out);
      case "rcu_invoke_callback", "rcu_invoke_kvfree_callback", "rcu_invoke_kfree_callback" ->
          ordering.rcuInvoked(line, out);
      case "lock_acquire" -> locks.acquire(line, out);
      case "lock_release" -> locks.release(line, out);
      default -> {
        if (!SKIPPED.contains(line.name())) {
          other(line, out);
        }
      }
    }
  }

  /**
   * x86 irq_vectors *_entry/*_exit bracket hard interrupts; then accesses (slab_access, slabrace_*
   * kprobes, the loads of kprobes the user defined); else nothing.
   */
  private void other(FtraceLineScanner line, EventBuffer out) throws MalformedLine {
    String s = line.text;
    if (s.startsWith(VECTOR, line.payloadStart)) {
      if (s.startsWith("_entry", line.nameEnd - "_entry".length())) {
        tasks.hardirqBracket(line.cpu, 1);
        return;
      }
      if (s.startsWith("_exit", line.nameEnd - "_exit".length())) {
        tasks.hardirqBracket(line.cpu, -1);
        return;
      }
    }
    if (!accesses.slabAccess(line, out) && !accesses.kprobe(line, out)) {
      probeLoads.map(line, out);
    }
  }
}
