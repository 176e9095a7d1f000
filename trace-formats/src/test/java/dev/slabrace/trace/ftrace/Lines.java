package dev.slabrace.trace.ftrace;

import java.util.SplittableRandom;

/**
 * Random ftrace lines for differential tests: the prefixes of every export variant and the payloads
 * of the events the reader maps, spelled in many ways, over a few pointers and pids so that
 * allocations, frees, frees again, wakeups and switches meet; and random damage to them.
 */
final class Lines {
  private static final String[] COMMS = {"fio", "kworker/u8:1", "systemd-journal", "Web Content",
      "<...>", "a-b-c", "test:.sh", "x", "<idle>"};
  private static final String[] FLAGS = {".....", "d..2.", "..s1.", "dNh2.", "..s3", "d.H1.", "...z.",
      "dn.h2..", "d..1", "..s..", "....."};
  private static final String[] ORDERS = {"plain", "once", "acquire", "release", "relaxed", "full",
      "data_race", "seq_cst"};
  private static final String[] SITES = {"queue_item+0x48/0x80", "f", "drain_items+0x22/0x90 [mod]",
      "0xffffffff81234567", "__fput+0x100"};
  private static final String[] CACHES = {"kmalloc-64", "filp", "maple_node"};
  private static final String[] SKIPPED = {"mm_page_alloc: page=x pfn=0x1 order=0", "sched_wakeup:"
      + " comm=a pid=5 prio=120 target_cpu=001", "print: tracing_mark_write: hi", "tracing_mark_write:"};
  private static final String[] OTHER = {"softirq_raise: vec=1 [action=TIMER]",
      "softirq_entry: vec=1 [action=TIMER]", "softirq_exit: vec=1 [action=TIMER]",
      "irq_handler_entry: irq=1 name=x", "irq_handler_exit: irq=1 ret=handled",
      "workqueue_queue_work: work struct=00000000a1b2c3d4 function=f workqueue=events req_cpu=2 cpu=1",
      "workqueue_execute_start: work struct 00000000a1b2c3d4: function f",
      "rcu_callback: rcu_preempt rhp=00000000deadbeef func=f 1/2",
      "rcu_invoke_callback: rcu_preempt rhp=00000000deadbeef func=f",
      "lock_acquire: 00000000c0ffee00 read &mm->mmap_lock", "lock_release: 00000000c0ffee00 &mm->mmap_lock",
      "sched_process_fork: comm=a pid=5 child_comm=a child_pid=77",
      "sched_process_exit: comm=a pid=77 prio=120", "local_timer_entry: vector=236",
      "local_timer_exit: vector=236", "slabrace_load_acquire_x: (f+0x1a/0x40) addr=0xffff888100000000"
      + " size=8", "bputs: f: hello", "f <-g", "unknown_event: a=1"};
  private static final String[] WHOLE = {"# tracer: nop", "#", "", "   ", "cpus=2", "version = 7",
      "CPU:1 [LOST 3 EVENTS]", "CPU 0 is empty", "##### CPU 1 buffer started ####",
      "# entries-in-buffer/entries-written: 10/20   #P:2", " => f+0x1/0x2"};

  private Lines() {}

  /** Returns a random line, usually an event line. */
  static String random(SplittableRandom r) {
    if (r.nextInt(20) == 0) {
      return pick(r, WHOLE);
    }
    return prefix(r) + event(r);
  }

  private static String prefix(SplittableRandom r) {
    String comm = pick(r, COMMS);
    int pid = r.nextInt(8) == 0 ? 0 : 1000 + r.nextInt(6);
    String cpu = String.format("%03d", r.nextInt(3));
    String ts = r.nextInt(10) == 0 ? Long.toString(r.nextLong(1L << 40))
        : (3 + r.nextInt(3)) + "." + String.format("%06d", r.nextInt(1_000_000));
    StringBuilder b = new StringBuilder(" ".repeat(r.nextInt(12))).append(comm).append('-')
        .append(pid).append(" ".repeat(1 + r.nextInt(5)));
    switch (r.nextInt(8)) {
      case 0 -> b.append(r.nextBoolean() ? "(   12) " : "(-------) ");
      case 1 -> {
        return b.append(cpu.substring(2)).append(pick(r, FLAGS)).append(' ').append(ts).append(": ")
            .toString(); // trace-cmd report -l
      }
      default -> { }
    }
    b.append('[').append(cpu).append("] ");
    if (r.nextInt(5) != 0) {
      b.append(pick(r, FLAGS)).append(' ');
    }
    return b.append(" ".repeat(r.nextInt(3))).append(ts).append(": ").toString();
  }

  private static String event(SplittableRandom r) {
    String ptr = pointer(r);
    String site = pick(r, SITES);
    return switch (r.nextInt(12)) {
      case 0, 1, 2 -> access(r);
      case 3 -> (r.nextBoolean() ? "kmalloc: " : "kmalloc_node: ") + (r.nextInt(5) == 0 ? "(f+0x1) " : "")
          + "call_site=" + site + " ptr=" + ptr + " bytes_req=60 bytes_alloc=" + size(r)
          + " gfp_flags=GFP_KERNEL|__GFP_ZERO node=-1 accounted=false";
      case 4 -> "kmem_cache_alloc:     call_site=" + site + " ptr=" + ptr
          + (r.nextBoolean() ? " name=" + pick(r, CACHES) : "") + " bytes_req=256 bytes_alloc="
          + size(r) + " gfp_flags=GFP_KERNEL node=-1 accounted=true";
      case 5 -> "kfree: call_site=" + site + " ptr=" + ptr;
      case 6 -> "kmem_cache_free: call_site=" + site + " ptr=" + ptr
          + (r.nextBoolean() ? " name=" + pick(r, CACHES) : "");
      case 7 -> "sched_waking: comm=" + pick(r, COMMS) + " pid=" + (1000 + r.nextInt(6))
          + " prio=120 target_cpu=001";
      case 8 -> r.nextInt(4) == 0
          ? "sched_switch: a:1001 [120] S ==> b:" + (1000 + r.nextInt(6)) + " [120]"
          : "sched_switch: prev_comm=" + pick(r, COMMS) + " prev_pid=" + (1000 + r.nextInt(6))
              + " prev_prio=120 prev_state=" + (r.nextBoolean() ? "S" : "R+") + " ==> next_comm="
              + pick(r, COMMS) + " next_pid=" + (1000 + r.nextInt(6)) + " next_prio=120";
      case 9 -> pick(r, SKIPPED);
      default -> pick(r, OTHER);
    };
  }

  private static String access(SplittableRandom r) {
    String op = "RWXRWX?".substring(r.nextInt(7)).substring(0, 1);
    StringBuilder b = new StringBuilder(r.nextInt(10) == 0 ? "f: slab_access: " : "slab_access: ");
    b.append("slab=ffffea0004000040");
    if (r.nextBoolean()) {
      b.append(" field=").append(r.nextBoolean() ? "refcnt" : "list.next");
    }
    b.append(" op=").append(op).append(" size=").append(r.nextInt(6) == 0 ? "0x8" : "" + (1 << r.nextInt(5)));
    b.append(" order=").append(pick(r, ORDERS)).append(" addr=").append(pointer(r));
    if (r.nextInt(4) != 0) {
      b.append(" val=0x").append(Long.toHexString(r.nextLong()));
    }
    if (op.equals("X") && r.nextBoolean()) {
      b.append(" old=0x1e ok=").append(r.nextBoolean() ? "0" : r.nextBoolean() ? "1" : "false");
    }
    if (r.nextBoolean()) {
      b.append(" cache=").append(pick(r, CACHES));
    }
    if (r.nextInt(5) != 0) {
      b.append(" ip=").append(pick(r, SITES));
    }
    return b.toString();
  }

  private static String pointer(SplittableRandom r) {
    return switch (r.nextInt(10)) {
      case 0 -> "0000000000000000";
      case 1 -> "(null)";
      case 2 -> "00000000a1b2c3d" + r.nextInt(4);
      case 3 -> "0xffff88810000" + r.nextInt(4) + "000";
      case 4 -> "10";
      default -> "ffff88810000" + r.nextInt(4) + "000";
    };
  }

  private static String size(SplittableRandom r) {
    return switch (r.nextInt(8)) {
      case 0 -> "0";
      case 1 -> "0x40 (64)";
      case 2 -> "4096";
      default -> "64";
    };
  }

  /** Returns {@code line} with one random change: a byte inserted, dropped or repeated, a cut, ... */
  static String damage(String line, SplittableRandom r) {
    if (line.isEmpty()) {
      return "x";
    }
    int at = r.nextInt(line.length());
    String insert = switch (r.nextInt(10)) {
      case 0 -> " ";
      case 1 -> "=";
      case 2 -> "\t";
      case 3 -> "é";
      case 4 -> "\r";
      case 5 -> "99999999999999999999";
      case 6 -> " x=1";
      case 7 -> "\"";
      case 8 -> "-";
      default -> "0";
    };
    return switch (r.nextInt(5)) {
      case 0 -> line.substring(0, at) + insert + line.substring(at);
      case 1 -> line.substring(0, at) + line.substring(at + 1);
      case 2 -> line.substring(0, at);
      case 3 -> line.substring(0, at) + line.substring(at, Math.min(line.length(), at + 8)) + line.substring(at);
      default -> line.substring(0, at) + insert + line.substring(Math.min(line.length(), at + 1));
    };
  }

  private static String pick(SplittableRandom r, String[] a) {
    return a[r.nextInt(a.length)];
  }
}
