package dev.slabrace.trace.ftrace;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.SymbolTable;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;

/**
 * The scheduler, workqueue, softirq and RCU events as happens-before edges, each a {@code signal}
 * and {@code wait} on a synthetic named key, only where the kernel orders the two sides.
 *
 * <pre>
 * Implementation notes
 *
 * event                           slabrace                          kernel guarantee
 * sched_waking pid=X              signal wake:X (waker's context)   try_to_wake_up: full barrier
 *   next sched_switch next_pid=X  wait wake:X (by X)                  before the woken task runs
 * sched_switch on CPU c           signal cpu:c (prev), wait cpu:c   rq lock release/acquire
 *                                 (next)
 * sched_process_fork              fork parent -> child              the child starts after it
 * workqueue_queue_work W          signal work:W                     PENDING bit ops are full
 *   workqueue_execute_start W     wait work:W                         barriers
 * softirq_raise V on c            signal softirq:c:V                raise and run on one CPU
 *   softirq_entry V on c          wait softirq:c:V (softirq/c)
 * rcu_callback R                  signal rcu:R                      callback runs after call_rcu
 *   rcu_invoke_callback R         wait rcu:R
 * Without a flags column, a signal from a line whose context cannot be told (see FtraceTasks) is
 * dropped: fewer edges, never a false one.
 * Signals accumulate (a wait acquires every earlier signal on its key), which is sound for each row:
 * a reused work item or rcu_head is re-queued only after its previous run. A wake:X is waited for
 * only at X's first switch-in after the waking; a waking printed after that switch-in (clocks of
 * different CPUs disagree) orders X's next run instead: later, never wrong. Timestamps never order
 * events of different CPUs.
 * </pre>
 */
final class OrderingEvents {
  private static final String ARROW = " ==> ";
  private static final String WORK_STRUCT = "work struct ";

  private final Payload payload;
  private final FtraceTasks tasks;
  private final SymbolTable symbols;
  private final Evidence evidence;
  private final IntOpenHashSet pendingWake = new IntOpenHashSet();
  private final Int2IntOpenHashMap wakeKeys = new Int2IntOpenHashMap();
  private final Int2IntOpenHashMap cpuKeys = new Int2IntOpenHashMap();
  private final Long2IntOpenHashMap softirqKeys = new Long2IntOpenHashMap();

  OrderingEvents(Payload payload, FtraceTasks tasks, SymbolTable symbols, Evidence evidence) {
    this.payload = payload;
    this.tasks = tasks;
    this.symbols = symbols;
    this.evidence = evidence;
    wakeKeys.defaultReturnValue(EventCursor.NONE);
    cpuKeys.defaultReturnValue(EventCursor.NONE);
    softirqKeys.defaultReturnValue(EventCursor.NONE);
  }

  /** sched_waking: the waker's context signals the woken task's key. */
  void waking(FtraceLineScanner line, EventBuffer out) throws MalformedLine {
    payload.split(line.text, line.payloadStart);
    waking(line, out, intField("pid"));
  }

  /** sched_waking of {@code pid}, read already (FastPath reads it from the line's bytes). */
  void waking(FtraceLineScanner line, EventBuffer out, int pid) {
    int target = tasks.pid(pid, line.cpu);
    evidence.waking = true;
    if (releaseContextUnknown(line)) {
      return;
    }
    signal(out, tasks.of(line), wakeKey(target));
    pendingWake.add(target);
  }

  /** sched_switch: the CPU passes from prev to next; next consumes a pending wakeup. */
  void schedSwitch(FtraceLineScanner line, EventBuffer out) throws MalformedLine {
    payload.split(line.text, line.payloadStart);
    int prevPid;
    int nextPid;
    if (payload.find("prev_pid") >= 0 && payload.find("next_pid") >= 0) {
      prevPid = intField("prev_pid");
      nextPid = intField("next_pid");
    } else {
      String s = line.text;
      int arrow = s.indexOf(ARROW, line.payloadStart);
      if (arrow < 0) {
        throw new MalformedLine("sched_switch without prev_pid=/next_pid= or ' ==> '");
      }
      prevPid = pidAfterColon(s, line.payloadStart, arrow);
      nextPid = pidAfterColon(s, arrow + ARROW.length(), s.length());
    }
    schedSwitch(line, out, prevPid, nextPid);
  }

  /** sched_switch from {@code prevPid} to {@code nextPid}, read already (FastPath, above). */
  void schedSwitch(FtraceLineScanner line, EventBuffer out, int prevPid, int nextPid) {
    int cpu = line.cpu;
    tasks.resetBrackets(cpu);
    int prev = tasks.pid(prevPid, cpu);
    int next = tasks.pid(nextPid, cpu);
    int key = cpuKey(cpu);
    signal(out, prev, key);
    wait(out, next, key);
    if (pendingWake.remove(next)) {
      wait(out, next, wakeKey(next));
    }
    evidence.schedSwitch = true;
  }

  /** sched_process_fork: the parent forks the child (a new generation if its pid was reused). */
  void fork(FtraceLineScanner line, EventBuffer out) throws MalformedLine {
    payload.split(line.text, line.payloadStart);
    int child = tasks.forked(intField("child_pid"), line.cpu);
    EventCursor e = out.add(Op.FORK, tasks.of(line));
    e.child = child;
  }

  /** sched_process_exit: the pid may be reused by a later fork. */
  void exit(FtraceLineScanner line) throws MalformedLine {
    payload.split(line.text, line.payloadStart);
    tasks.exited(payload.find("pid") >= 0 ? intField("pid") : line.pid);
  }

  /** workqueue_queue_work: signal the work item. */
  void queueWork(FtraceLineScanner line, EventBuffer out) throws MalformedLine {
    payload.split(line.text, line.payloadStart);
    int i = payload.find("work");
    if (i < 0) {
      i = payload.find("struct");
    }
    if (i < 0) {
      throw new MalformedLine("workqueue_queue_work without 'work struct='");
    }
    long work = payload.pointer(i, "work struct");
    evidence.workqueue = true;
    if (!releaseContextUnknown(line)) {
      signal(out, tasks.of(line), pointerKey("work:", work));
    }
  }

  /** workqueue_execute_start: the worker waits for the work item's queueing. */
  void executeStart(FtraceLineScanner line, EventBuffer out) throws MalformedLine {
    payload.split(line.text, line.payloadStart);
    long work;
    int i = payload.find("work");
    if (i >= 0) {
      work = payload.pointer(i, "work");
    } else {
      String s = line.text;
      int p = line.payloadStart;
      if (!s.startsWith(WORK_STRUCT, p)) {
        throw new MalformedLine("workqueue_execute_start without 'work struct '");
      }
      p += WORK_STRUCT.length();
      int end = p;
      while (end < s.length() && s.charAt(end) != ':' && s.charAt(end) != ' ') {
        end++;
      }
      work = Payload.pointerAt(s, p, end, "work struct");
    }
    wait(out, tasks.of(line), pointerKey("work:", work));
    evidence.workqueue = true;
  }

  /** softirq_raise: signal the vector on this CPU. */
  void softirqRaise(FtraceLineScanner line, EventBuffer out) throws MalformedLine {
    payload.split(line.text, line.payloadStart);
    int vec = intField("vec");
    if (!releaseContextUnknown(line)) {
      signal(out, tasks.of(line), softirqKey(line.cpu, vec));
    }
  }

  /** softirq_entry: the CPU's softirq context waits for the raise. */
  void softirqEntry(FtraceLineScanner line, EventBuffer out) throws MalformedLine {
    payload.split(line.text, line.payloadStart);
    int vec = intField("vec");
    tasks.softirqBracket(line.cpu, 1);
    wait(out, tasks.softirq(line.cpu), softirqKey(line.cpu, vec));
  }

  /** rcu_callback and its kvfree forms: signal the rcu_head. */
  void rcuQueued(FtraceLineScanner line, EventBuffer out) throws MalformedLine {
    int key = rcuKey(line);
    evidence.rcu = true;
    if (!releaseContextUnknown(line)) {
      signal(out, tasks.of(line), key);
    }
  }

  /** rcu_invoke_callback and its kvfree forms: the invoking context waits for the queueing. */
  void rcuInvoked(FtraceLineScanner line, EventBuffer out) throws MalformedLine {
    wait(out, tasks.of(line), rcuKey(line));
    evidence.rcu = true;
  }

  /**
   * Whether a release-side edge on this line must be dropped: without flags and outside any known
   * interrupt, the line may be interrupt work, and crediting it to the interrupted task would order
   * that task's earlier events before the other side, which nothing guarantees.
   */
  private boolean releaseContextUnknown(FtraceLineScanner line) {
    if (tasks.contextKnown(line)) {
      return false;
    }
    evidence.unknownContextEdges++;
    return true;
  }

  private int rcuKey(FtraceLineScanner line) throws MalformedLine {
    payload.split(line.text, line.payloadStart);
    int i = payload.find("rhp");
    if (i < 0) {
      throw new MalformedLine("no rhp= in the payload");
    }
    return pointerKey("rcu:", payload.pointer(i, "rhp"));
  }

  private void signal(EventBuffer out, int task, int key) {
    EventCursor e = out.add(Op.SIGNAL, task);
    e.key = key;
    e.keyIsName = true;
  }

  private void wait(EventBuffer out, int task, int key) {
    EventCursor e = out.add(Op.WAIT, task);
    e.key = key;
    e.keyIsName = true;
  }

  private int intField(String key) throws MalformedLine {
    int i = payload.find(key);
    if (i < 0) {
      throw new MalformedLine("no " + key + "= in the payload");
    }
    long v = payload.integer(i, key);
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new MalformedLine(key + " out of range: " + v);
    }
    return (int) v;
  }

  /** Reads "comm:PID [prio]..." of trace-cmd's sched plugin: the digits after the last ':'. */
  private static int pidAfterColon(String s, int from, int to) throws MalformedLine {
    int end = s.lastIndexOf(" [", to - 2);
    if (end < from) {
      end = to;
    }
    int colon = s.lastIndexOf(':', end - 1);
    if (colon < from) {
      throw new MalformedLine("sched_switch side without 'comm:pid': " + s.substring(from, to));
    }
    return (int) Payload.integerAt(s, colon + 1, end, "sched_switch pid");
  }

  private int wakeKey(int task) {
    int id = wakeKeys.get(task);
    if (id == EventCursor.NONE) {
      id = symbols.intern("wake:" + tasks.name(task));
      wakeKeys.put(task, id);
    }
    return id;
  }

  private int cpuKey(int cpu) {
    int id = cpuKeys.get(cpu);
    if (id == EventCursor.NONE) {
      id = symbols.intern("cpu:" + cpu);
      cpuKeys.put(cpu, id);
    }
    return id;
  }

  private int softirqKey(int cpu, int vec) {
    long k = ((long) cpu << Integer.SIZE) | vec;
    int id = softirqKeys.get(k);
    if (id == EventCursor.NONE) {
      id = symbols.intern("softirq:" + cpu + ":" + vec);
      softirqKeys.put(k, id);
    }
    return id;
  }

  private int pointerKey(String prefix, long pointer) {
    return symbols.intern(prefix + Long.toHexString(pointer));
  }
}
