package dev.slabrace.trace.ftrace;

import dev.slabrace.trace.TaskTable;
import dev.slabrace.trace.ftrace.FtraceLineScanner.Context;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.util.Arrays;

/**
 * The execution contexts of an ftrace trace as slabrace tasks: a task per pid, an idle task per CPU,
 * and one logical task per CPU for each interrupt kind.
 *
 * <pre>
 * Implementation notes
 *
 * tid        when
 * "105"      task context, pid 105 (pid reuse after sched_process_exit: "105#2", "105#3", ...)
 * "idle/1"   pid 0 on CPU 1 (<idle>, swapper/1): each CPU has its own idle task
 * "softirq/1", "hardirq/1", "nmi/1"
 *            flag char 3 of the line is s, h/H, z/Z; the line's pid is then the interrupted task
 *            and is ignored. Softirqs never nest on a CPU, so program order within "softirq/1" is
 *            real; separate interrupts are not ordered with the tasks they interrupt.
 *
 * Without a flags column (irq-info off, trace-cmd report) the context is inferred per CPU from
 * softirq_entry/softirq_exit and from irq handler and vector *_entry/*_exit pairs; a sched_switch,
 * which never happens inside an interrupt, resets it so one lost exit cannot poison the rest.
 * Outside such pairs the line may still be interrupt work (a timer interrupt raising softirqs or
 * waking a task): {@link #contextKnown} is false there, and the mappers drop release-side edges
 * rather than credit them to the interrupted task.
 *
 * A task's comm (for reports' Comm:) is the one of the first line it runs on in task context; a
 * later exec's new name is not followed.
 * </pre>
 */
final class FtraceTasks {
  private static final int NO_TASK = -1;

  private final TaskTable table;
  private final Int2IntOpenHashMap byPid = new Int2IntOpenHashMap();
  private final Int2IntOpenHashMap generation = new Int2IntOpenHashMap();
  private final IntOpenHashSet exited = new IntOpenHashSet();
  private int[] idle = new int[0];
  private int[] hardirq = new int[0];
  private int[] softirq = new int[0];
  private int[] nmi = new int[0];
  private int[] hardDepth = new int[0];
  private int[] softDepth = new int[0];
  /** Whether task index i has been given its comm (or had none to give). */
  private boolean[] named = new boolean[0];

  FtraceTasks(TaskTable table) {
    this.table = table;
    byPid.defaultReturnValue(NO_TASK);
    generation.defaultReturnValue(1);
  }

  /** Returns the task a scanned line runs in. */
  int of(FtraceLineScanner line) {
    Context c = line.hasFlags ? line.context : inferred(line.cpu);
    return switch (c) {
      case HARDIRQ -> hardirq(line.cpu);
      case SOFTIRQ -> softirq(line.cpu);
      case NMI -> perCpu(nmi = grow(nmi, line.cpu), "nmi/", line.cpu);
      case TASK -> named(pid(line.pid, line.cpu), line);
    };
  }

  /**
   * Names task {@code t} after the comm of the first line it runs on, once; ftrace's placeholders
   * ({@code <...>} for a comm it no longer knows, {@code <idle>}) name nothing.
   */
  private int named(int t, FtraceLineScanner line) {
    if (t >= named.length) {
      named = Arrays.copyOf(named, Math.max(t + 1, named.length * 2));
    }
    if (!named[t]) {
      named[t] = true;
      String comm = line.comm();
      if (!comm.isEmpty() && comm.charAt(0) != '<') {
        table.setComm(t, comm);
      }
    }
    return t;
  }

  /** Returns the tid of task index {@code task}, as the task table holds it. */
  String name(int task) {
    return table.name(task);
  }

  /**
   * Whether the line's context is known: it has a flags column, or an interrupt bracket encloses it.
   * Otherwise a flags-less line may come from a task or from an interrupt that left no entry event.
   */
  boolean contextKnown(FtraceLineScanner line) {
    return line.hasFlags || inferred(line.cpu) != Context.TASK;
  }

  /** Returns the task of {@code pid}; pid 0 is the idle task of {@code cpu}. */
  int pid(int pid, int cpu) {
    if (pid == 0) {
      return perCpu(idle = grow(idle, cpu), "idle/", cpu);
    }
    int t = byPid.get(pid);
    if (t == NO_TASK) {
      t = table.intern(Integer.toString(pid));
      byPid.put(pid, t);
    }
    return t;
  }

  /** Returns the softirq task of {@code cpu}. */
  int softirq(int cpu) {
    return perCpu(softirq = grow(softirq, cpu), "softirq/", cpu);
  }

  /** Returns the hardirq task of {@code cpu}. */
  int hardirq(int cpu) {
    return perCpu(hardirq = grow(hardirq, cpu), "hardirq/", cpu);
  }

  /** Returns the task a fork creates for {@code pid}: a new generation if that pid has exited. */
  int forked(int pid, int cpu) {
    if (pid != 0 && exited.remove(pid)) {
      int gen = generation.get(pid) + 1;
      generation.put(pid, gen);
      int t = table.intern(pid + "#" + gen);
      byPid.put(pid, t);
      return t;
    }
    return pid(pid, cpu);
  }

  /** Records sched_process_exit of {@code pid}: a later fork of the same pid is a new task. */
  void exited(int pid) {
    if (pid != 0) {
      exited.add(pid);
    }
  }

  /** Enters ({@code +1}) or leaves ({@code -1}) a softirq on {@code cpu}, for lines without flags. */
  void softirqBracket(int cpu, int delta) {
    softDepth = growDepth(softDepth, cpu);
    softDepth[cpu] = Math.max(0, softDepth[cpu] + delta);
  }

  /** Enters ({@code +1}) or leaves ({@code -1}) a hard irq on {@code cpu}, for lines without flags. */
  void hardirqBracket(int cpu, int delta) {
    hardDepth = growDepth(hardDepth, cpu);
    hardDepth[cpu] = Math.max(0, hardDepth[cpu] + delta);
  }

  /** Forgets the inferred interrupt context of {@code cpu}: a context switch happened there. */
  void resetBrackets(int cpu) {
    if (cpu < softDepth.length) {
      softDepth[cpu] = 0;
    }
    if (cpu < hardDepth.length) {
      hardDepth[cpu] = 0;
    }
  }

  private Context inferred(int cpu) {
    if (cpu < hardDepth.length && hardDepth[cpu] > 0) {
      return Context.HARDIRQ;
    }
    if (cpu < softDepth.length && softDepth[cpu] > 0) {
      return Context.SOFTIRQ;
    }
    return Context.TASK;
  }

  private int perCpu(int[] slots, String prefix, int cpu) {
    int t = slots[cpu];
    if (t == NO_TASK) {
      t = table.intern(prefix + cpu);
      slots[cpu] = t;
    }
    return t;
  }

  private static int[] growDepth(int[] a, int cpu) {
    return cpu < a.length ? a : Arrays.copyOf(a, Math.max(cpu + 1, a.length * 2));
  }

  private static int[] grow(int[] a, int cpu) {
    if (cpu < a.length) {
      return a;
    }
    int old = a.length;
    int[] b = Arrays.copyOf(a, Math.max(cpu + 1, old * 2));
    Arrays.fill(b, old, b.length, NO_TASK);
    return b;
  }
}
