package dev.slabrace.report;

import dev.slabrace.finding.Access;
import java.util.regex.Pattern;

/**
 * How a report names the context an access ran in, from the trace's task id: a task (KCSAN's
 * {@code task 802}) or an interrupt ({@code interrupt}, for the ftrace reader's per-CPU
 * {@code softirq/1}, {@code hardirq/1} and {@code nmi/1}), and the footer's {@code PID} and
 * {@code Comm}.
 */
public final class TaskContext {
  /* Implementation notes
   *
   * KCSAN's prepare_access_info() sets task_pid = in_task() ? task_pid_nr(current) : -1 and prints -1
   * as "interrupt"; in_task() is false in hard and soft interrupts and NMIs, which are exactly the
   * contexts the ftrace reader gives their own per-CPU task ids (and a JSON Lines trace may use the
   * same ids). The footer's dump_stack_print_info() prints current's PID and comm. The trace's task
   * ids are the pid ("802"), a pid reused after exit ("802#2"), the idle task of a CPU ("idle/1",
   * which the kernel calls swapper/1, PID 0) or any string a JSON Lines trace chose; the PID is the
   * number when there is one, and the id as written otherwise (an interrupt's interrupted task is not
   * in the trace). Comm is the command name when the trace gives one (ftrace's "bash-777" prefix),
   * else swapper/N for idle, else the task id.
   */

  private static final Pattern INTERRUPT = Pattern.compile("(?:softirq|hardirq|nmi)/[0-9]+");
  private static final Pattern PID = Pattern.compile("([0-9]+)(?:#[0-9]+)?");
  private static final String IDLE = "idle/";

  private TaskContext() {}

  /** Whether task id {@code task} is an interrupt context. */
  static boolean interrupt(String task) {
    return INTERRUPT.matcher(task).matches();
  }

  /** Returns KCSAN's {@code task 802} or {@code interrupt} for an access by {@code task}. */
  public static String kcsan(String task) {
    return interrupt(task) ? "interrupt" : "task " + task;
  }

  /** Returns the footer's PID of {@code task}: its pid, 0 for an idle task, else the id as written. */
  static String pid(String task) {
    var m = PID.matcher(task);
    if (m.matches()) {
      return m.group(1);
    }
    return task.startsWith(IDLE) ? "0" : task;
  }

  /**
   * Returns the footer's Comm of access {@code a}'s task: the command name the trace gave
   * ({@code bash}), else swapper/N for an idle task, else the task id as written.
   */
  static String comm(Access a) {
    if (!a.comm().isEmpty()) {
      return a.comm();
    }
    String task = a.task();
    return task.startsWith(IDLE) ? "swapper/" + task.substring(IDLE.length()) : task;
  }
}
