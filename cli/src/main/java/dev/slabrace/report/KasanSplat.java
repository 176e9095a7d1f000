package dev.slabrace.report;

import dev.slabrace.finding.Access;
import dev.slabrace.finding.AccessType;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingKind;
import dev.slabrace.finding.SlabObject;
/**
 * The text of a use-after-free or double-free report, laid out as KASAN prints it
 * (mm/kasan/report.c): title, the bad access, the reporting context and its stack, the
 * {@code Allocated by task} and {@code Freed by task} stacks, and where the address lies in its
 * object; slabrace's trace and events go on the {@code Hardware name} line, as in the KCSAN splats.
 */
final class KasanSplat {
  /* Implementation notes
   *
   * print_report(): print_error_description() gives the title, "BUG: KASAN: <bug_type> in %pS" of
   * the faulting ip, then "<Read|Write> of size N at addr %px by task <comm>/<pid>" for an access or
   * "Free of addr %px by task <comm>/<pid>" for an invalid free; a blank; then dump_stack_lvl(): the
   * CPU/PID/Comm line, "Hardware name:", "Call Trace:" and the stack between <TASK> and </TASK> (<IRQ>
   * or <NMI> in an interrupt); a blank; describe_object(): "Allocated by task N:" and "Freed by task
   * N:" each with its stack and a blank, then describe_object_addr(): "The buggy address belongs to
   * the object at %px\n which belongs to the cache %s of size %d" and "The buggy address is located N
   * bytes <inside|to the left|to the right> of\n <freed >N-byte region [start, end)" ("freed " only for
   * slab-use-after-free, as bug types name the region's state). The page and shadow dumps that follow
   * in the kernel have no counterpart in a trace. %px prints an address without "0x".
   *
   * The sides of a finding: first is the free (the earlier free for a double free), second the bad
   * access or the second free, which reports. A trace that never showed the object allocated leaves
   * out the allocation and the object paragraph. The region line (the field or class of the bytes)
   * is slabrace's, as in the KCSAN splats.
   */

  private KasanSplat() {}

  /** Returns the report of {@code report}, a use-after-free or double free, of trace {@code trace}. */
  static String format(String trace, ReportFilter.Report report) {
    Finding f = report.finding();
    Access bad = f.second();
    StringBuilder sb = new StringBuilder(768);
    sb.append(KcsanTextReporter.RULER).append('\n');
    sb.append("BUG: ").append(name(KcsanTitle.of(f))).append('\n');
    if (f.kind() == FindingKind.DOUBLE_FREE) {
      sb.append("Free of addr ").append(hex(bad.addr()));
    } else {
      sb.append(bad.type() == AccessType.READ ? "Read" : "Write").append(" of size ")
          .append(bad.size()).append(" at addr ").append(hex(bad.addr()));
    }
    sb.append(" by task ").append(name(commPid(bad))).append("\n\n");
    sb.append("CPU: ").append(KcsanTextReporter.cpu(bad.cpu())).append(" PID: ")
        .append(name(TaskContext.pid(bad.task()))).append(" Comm: ").append(name(TaskContext.comm(bad)))
        .append(" Not tainted slabrace\n");
    KcsanTextReporter.appendHardwareName(sb, trace, report);
    String context = stackContext(bad.task());
    sb.append("Call Trace:\n <").append(context).append(">\n");
    appendFrames(sb, bad);
    sb.append(" </").append(context).append(">\n\n");
    f.object().ifPresent(o -> appendTrack(sb, "Allocated", o.allocation()));
    appendTrack(sb, "Freed", f.first());
    f.object().ifPresent(o -> appendObject(sb, o, bad.addr(), f.kind()));
    if (!f.region().isEmpty()) {
      sb.append("region: ").append(name(f.region()));
      if (!f.regionClass().isEmpty()) {
        sb.append(" (").append(f.regionClass()).append(')');
      }
      sb.append("\n\n");
    }
    sb.append(KcsanTextReporter.RULER).append('\n');
    return sb.toString();
  }

  /** KASAN's {@code <comm>/<pid>}, once only when the trace gives no pid apart from the id. */
  private static String commPid(Access a) {
    String comm = TaskContext.comm(a);
    String pid = TaskContext.pid(a.task());
    return pid.equals(comm) ? comm : comm + "/" + pid;
  }

  /** The marker show_trace_log_lvl() puts around a stack: TASK, IRQ or NMI. */
  private static String stackContext(String task) {
    if (!TaskContext.interrupt(task)) {
      return "TASK";
    }
    return task.startsWith("nmi/") ? "NMI" : "IRQ";
  }

  /** print_track(): "Allocated by task N:" or "Freed by task N:", its stack and a blank. */
  private static void appendTrack(StringBuilder sb, String what, Access a) {
    sb.append(what).append(" by task ").append(name(TaskContext.pid(a.task()))).append(":\n");
    appendFrames(sb, a);
    sb.append('\n');
  }

  private static void appendObject(StringBuilder sb, SlabObject o, long addr, FindingKind kind) {
    long end = o.ptr() + o.size();
    String relation;
    long bytes;
    if (Long.compareUnsigned(addr, o.ptr()) < 0) {
      relation = "to the left";
      bytes = o.ptr() - addr;
    } else if (Long.compareUnsigned(addr, end) >= 0) {
      relation = "to the right";
      bytes = addr - end;
    } else {
      relation = "inside";
      bytes = addr - o.ptr();
    }
    sb.append("The buggy address belongs to the object at ").append(hex(o.ptr())).append('\n')
        .append(" which belongs to the cache ").append(name(o.cache())).append(" of size ")
        .append(o.size()).append('\n')
        .append("The buggy address is located ").append(bytes).append(" bytes ").append(relation)
        .append(" of\n ").append(kind == FindingKind.USE_AFTER_FREE ? "freed " : "")
        .append(o.size()).append("-byte region [").append(hex(o.ptr())).append(", ")
        .append(hex(end)).append(")\n\n");
  }

  private static void appendFrames(StringBuilder sb, Access a) {
    KcsanTextReporter.appendFrames(sb, a);
  }

  private static String name(String text) {
    return KcsanTextReporter.name(text);
  }

  /** An address as %px prints it: 16 lowercase hex digits, no "0x". */
  private static String hex(long value) {
    String s = Long.toHexString(value);
    return "0".repeat(Math.max(0, 16 - s.length())) + s;
  }
}
