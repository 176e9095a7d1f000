package dev.slabrace.bench;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.SplittableRandom;

/**
 * A synthetic ftrace {@code trace} file of a slab workload, the same bytes for the same parameters on
 * any machine: tasks on a few CPUs allocate objects from kmalloc and named caches, access them through
 * {@code slab_access} lines, hand some to a sleeping task with {@code sched_waking} and free them, and
 * are switched in and out; stock noise ({@code mm_page_alloc}, {@code sched_wakeup}) the reader skips
 * makes up the rest. Every line is written in the default {@code cat trace} layout with a flags column.
 *
 * <p>Run as {@code java -cp benchmarks/target/benchmarks.jar dev.slabrace.bench.FtraceGenerator LINES
 * TASKS CPUS SEED [FILE]} (standard output without {@code FILE}).
 *
 * @param lines how many event lines to write, after the 12-line header
 * @param tasks how many tasks, at least {@code cpus + 1}
 * @param cpus how many CPUs, 1 to 999
 * @param seed the seed of the pseudo-random choices
 */
public record FtraceGenerator(long lines, int tasks, int cpus, long seed) {
  /*
   * Implementation notes: the workload is race-free by construction, so that analysis measures the
   * engine's ordinary path and not report building. A task touches only its own objects; an object
   * changes owner only by a handoff to a task that is not running, which waits for the waker's
   * sched_waking at its next switch-in (the reader's wake:X edge), and a freed address is reused only
   * through the allocator (its free -> reuse edge). Line mix, per step on a random CPU: about 60%
   * slab_access, 12% allocation, 10% free, 3% handoff, 7% sched_switch, 8% skipped noise.
   */

  private static final long HEAP_BASE = 0xffff888100000000L;
  private static final long SLAB_BASE = 0xffffea0004000000L;
  private static final int MAX_OWNED = 48;
  private static final int FIRST_PID = 1000;
  private static final String[] COMMS = {"kworker/u8:1", "fio", "bash", "systemd-journal", "nginx",
      "postgres", "rcu_preempt", "ksoftirqd/0", "git", "sshd"};
  /** kmalloc caches first ({@link #KMALLOC_CACHES}), then named ones. */
  private static final String[] CACHES = {"kmalloc-64", "kmalloc-128", "kmalloc-256", "kmalloc-1k",
      "maple_node", "vm_area_struct", "anon_vma_chain", "filp", "names_cache", "task_struct"};
  private static final int KMALLOC_CACHES = 4;
  private static final int[] SIZES = {64, 128, 256, 1024, 256, 152, 64, 256, 4096, 8384};
  /** Allocations per 100 from each cache, after a 6.1 capture's bytes_alloc counts. */
  private static final int[] WEIGHTS = {18, 4, 14, 2, 16, 17, 13, 8, 7, 1};
  private static final String[] ALLOC_SITES = {"getname_flags.part.0+0x2b/0x1c0",
      "__alloc_file+0x23/0xd0", "security_file_alloc+0x29/0xe0", "d_alloc+0x1a/0x90",
      "vm_area_alloc+0x20/0x60", "kmalloc_reserve+0x5b/0xf0", "queue_item+0x1c/0x80"};
  private static final String[] FREE_SITES = {"__fput+0x100/0x250", "do_sys_openat2+0x9b/0x170",
      "dput+0x1c0/0x370", "vm_area_free+0x15/0x20", "skb_release_data+0x12a/0x190",
      "drain_items+0x70/0x90"};
  private static final String[] ACCESS_SITES = {"queue_item+0x48/0x80", "drain_items+0x22/0x90",
      "slab_obj_ext+0x2e/0x40", "d_set_d_op+0x31/0xa0", "fput+0x12/0x70", "refcount_inc+0x9/0x20",
      "list_add_tail+0x14/0x30", "memcpy_orig+0x5c/0x130"};
  private static final String[] LOAD_ORDERS = {"plain", "plain", "plain", "plain", "once", "once",
      "acquire", "relaxed"};
  private static final String[] STORE_ORDERS = {"plain", "plain", "plain", "plain", "once", "once",
      "release", "relaxed"};

  /** Checks the parameters. */
  public FtraceGenerator {
    if (lines < 0 || cpus < 1 || cpus > 999 || tasks <= cpus) {
      throw new IllegalArgumentException("need lines >= 0, 1 <= cpus <= 999 and tasks > cpus: "
          + lines + ", " + tasks + ", " + cpus);
    }
  }

  /** Writes the trace to {@code out}, which is flushed but not closed. */
  public void write(OutputStream out) throws IOException {
    new Run(out).run();
    out.flush();
  }

  /** Writes a trace to a file or standard output; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException {
    if (args.length < 4 || args.length > 5) {
      System.err.println("usage: FtraceGenerator LINES TASKS CPUS SEED [FILE]");
      System.exit(2);
    }
    FtraceGenerator g = new FtraceGenerator(Long.parseLong(args[0]), Integer.parseInt(args[1]),
        Integer.parseInt(args[2]), Long.parseLong(args[3]));
    try (OutputStream out = new BufferedOutputStream(
        args.length == 5 ? new FileOutputStream(args[4]) : System.out, 1 << 16)) {
      g.write(out);
    }
  }

  /** One generation: the simulated state and the line being built. */
  private final class Run {
    private final OutputStream out;
    private final SplittableRandom random = new SplittableRandom(seed);
    private final byte[] line = new byte[512];
    private int len;
    private final int[] running = new int[cpus];
    private final boolean[] isRunning = new boolean[tasks];
    private final long[][] owned = new long[tasks][MAX_OWNED];
    private final int[][] ownedCache = new int[tasks][MAX_OWNED];
    private final int[] ownedCount = new int[tasks];
    private final long[][] freeSlots = new long[CACHES.length][64];
    private final int[] freeCount = new int[CACHES.length];
    private final long[] nextSlot = new long[CACHES.length];
    private long nanos = 3_000_000_000L;

    Run(OutputStream out) {
      this.out = out;
      for (int c = 0; c < cpus; c++) {
        running[c] = c;
        isRunning[c] = true;
      }
    }

    void run() throws IOException {
      header();
      for (long i = 0; i < lines; i++) {
        step();
      }
    }

    private void header() throws IOException {
      String h = "# tracer: nop\n#\n# entries-in-buffer/entries-written: " + lines + "/" + lines
          + "   #P:" + cpus + "\n#\n"
          + "#                                _-----=> irqs-off/BH-disabled\n"
          + "#                               / _----=> need-resched\n"
          + "#                              | / _---=> hardirq/softirq\n"
          + "#                              || / _--=> preempt-depth\n"
          + "#                              ||| / _-=> migrate-disable\n"
          + "#                              |||| /     delay\n"
          + "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
          + "#              | |         |   |||||     |         |\n";
      out.write(h.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private void step() throws IOException {
      int cpu = random.nextInt(cpus);
      int task = running[cpu];
      nanos += 1 + random.nextInt(2000);
      int r = random.nextInt(100);
      if (r < 60 && ownedCount[task] > 0) {
        access(cpu, task);
      } else if (r < 72 || (r < 60 && ownedCount[task] == 0)) {
        alloc(cpu, task);
      } else if (r < 82 && ownedCount[task] > 0) {
        free(cpu, task, random.nextInt(ownedCount[task]));
      } else if (r < 85) {
        handoff(cpu, task);
      } else if (r < 92) {
        schedSwitch(cpu, task);
      } else {
        noise(cpu, task);
      }
      line[len++] = '\n';
      out.write(line, 0, len);
    }

    private void access(int cpu, int task) {
      int i = random.nextInt(ownedCount[task]);
      long obj = owned[task][i];
      int size = SIZES[ownedCache[task][i]];
      int width = random.nextInt(4) == 0 ? 4 : 8;
      long addr = obj + (random.nextInt(Math.min(size, 256) / 8) * 8L);
      boolean write = random.nextInt(3) == 0;
      prefix(task, cpu, "....."); // task context
      text("slab_access: slab=").hex(SLAB_BASE + ((obj - HEAP_BASE) >>> 12 << 6));
      text(" op=").text(write ? "W" : "R").text(" size=").dec(width);
      String[] orders = write ? STORE_ORDERS : LOAD_ORDERS;
      text(" order=").text(orders[random.nextInt(orders.length)]);
      text(" addr=").hex(addr).text(" val=0x").hexDigits(random.nextInt(1 << 20));
      text(" cache=").text(CACHES[ownedCache[task][i]]);
      text(" ip=").text(ACCESS_SITES[random.nextInt(ACCESS_SITES.length)]);
    }

    private void alloc(int cpu, int task) {
      if (ownedCount[task] == MAX_OWNED) {
        free(cpu, task, 0);
        return;
      }
      int cache = pickCache();
      long addr = freeCount[cache] > 0 ? freeSlots[cache][--freeCount[cache]]
          : HEAP_BASE + ((long) cache << 36) + nextSlot[cache]++ * SIZES[cache];
      owned[task][ownedCount[task]] = addr;
      ownedCache[task][ownedCount[task]++] = cache;
      boolean named = cache >= KMALLOC_CACHES;
      prefix(task, cpu, ".....");
      text(named ? "kmem_cache_alloc: call_site=" : "kmalloc: call_site=");
      text(ALLOC_SITES[random.nextInt(ALLOC_SITES.length)]).text(" ptr=").hex(addr);
      text(" bytes_req=").dec(SIZES[cache] - (named ? 0 : random.nextInt(SIZES[cache] / 2)));
      text(" bytes_alloc=").dec(SIZES[cache]);
      text(" gfp_flags=GFP_KERNEL node=-1 accounted=false");
    }

    private void free(int cpu, int task, int i) {
      long addr = owned[task][i];
      int cache = ownedCache[task][i];
      int last = --ownedCount[task];
      owned[task][i] = owned[task][last];
      ownedCache[task][i] = ownedCache[task][last];
      if (freeCount[cache] < freeSlots[cache].length) {
        freeSlots[cache][freeCount[cache]++] = addr;
      }
      prefix(task, cpu, ".....");
      if (cache >= KMALLOC_CACHES) {
        text("kmem_cache_free: call_site=").text(FREE_SITES[random.nextInt(FREE_SITES.length)]);
        text(" ptr=").hex(addr).text(" name=").text(CACHES[cache]);
      } else {
        text("kfree: call_site=").text(FREE_SITES[random.nextInt(FREE_SITES.length)]);
        text(" ptr=").hex(addr);
      }
    }

    /** Gives one object to a sleeping task, which may use it only after its next switch-in. */
    private void handoff(int cpu, int task) {
      int to = sleeper();
      if (ownedCount[task] > 0 && ownedCount[to] < MAX_OWNED) {
        int i = random.nextInt(ownedCount[task]);
        int last = --ownedCount[task];
        owned[to][ownedCount[to]] = owned[task][i];
        ownedCache[to][ownedCount[to]++] = ownedCache[task][i];
        owned[task][i] = owned[task][last];
        ownedCache[task][i] = ownedCache[task][last];
      }
      prefix(task, cpu, "d..2.");
      text("sched_waking: comm=").text(comm(to)).text(" pid=").dec(FIRST_PID + to);
      text(" prio=120 target_cpu=").pad3(random.nextInt(cpus));
    }

    private void schedSwitch(int cpu, int task) {
      int next = sleeper();
      prefix(task, cpu, "d..2.");
      text("sched_switch: prev_comm=").text(comm(task)).text(" prev_pid=").dec(FIRST_PID + task);
      text(" prev_prio=120 prev_state=S ==> next_comm=").text(comm(next));
      text(" next_pid=").dec(FIRST_PID + next).text(" next_prio=120");
      isRunning[task] = false;
      isRunning[next] = true;
      running[cpu] = next;
    }

    private void noise(int cpu, int task) {
      prefix(task, cpu, random.nextBoolean() ? "....." : "d..1.");
      if (random.nextBoolean()) {
        text("mm_page_alloc: page=").hex(SLAB_BASE + random.nextInt(1 << 24) * 64L);
        text(" pfn=0x").hexDigits(0x100000 + random.nextInt(1 << 20));
        text(" order=0 migratetype=0 gfp_flags=GFP_KERNEL");
      } else {
        int to = random.nextInt(tasks);
        text("sched_wakeup: comm=").text(comm(to)).text(" pid=").dec(FIRST_PID + to);
        text(" prio=120 target_cpu=").pad3(random.nextInt(cpus));
      }
    }

    private int pickCache() {
      int w = random.nextInt(100);
      int c = 0;
      while (w >= WEIGHTS[c]) {
        w -= WEIGHTS[c++];
      }
      return c;
    }

    /** Returns a random task that is not running. */
    private int sleeper() {
      int t = random.nextInt(tasks);
      while (isRunning[t]) {
        t = t + 1 == tasks ? 0 : t + 1;
      }
      return t;
    }

    private String comm(int task) {
      return COMMS[task % COMMS.length];
    }

    /** Starts a line: {@code "            comm-pid     [cpu] flags  secs.micros: "}. */
    private void prefix(int task, int cpu, String flags) {
      len = 0;
      String comm = comm(task);
      int pid = FIRST_PID + task;
      int width = comm.length() + 1 + digits(pid);
      for (int i = width; i < 16; i++) {
        line[len++] = ' ';
      }
      text(comm).text("-").dec(pid);
      for (int i = digits(pid); i < 7; i++) {
        line[len++] = ' ';
      }
      text(" [").pad3(cpu).text("] ").text(flags).text(" ");
      long secs = nanos / 1_000_000_000L;
      long micros = nanos / 1000 % 1_000_000;
      for (int i = digits(secs); i < 5; i++) {
        line[len++] = ' ';
      }
      dec(secs).text(".");
      for (int i = digits(micros); i < 6; i++) {
        line[len++] = '0';
      }
      dec(micros).text(": ");
    }

    private Run text(String s) {
      for (int i = 0; i < s.length(); i++) {
        line[len++] = (byte) s.charAt(i);
      }
      return this;
    }

    private Run dec(long v) {
      int d = digits(v);
      for (int i = len + d - 1; i >= len; i--) {
        line[i] = (byte) ('0' + v % 10);
        v /= 10;
      }
      len += d;
      return this;
    }

    private Run pad3(int v) {
      line[len++] = (byte) ('0' + v / 100 % 10);
      line[len++] = (byte) ('0' + v / 10 % 10);
      line[len++] = (byte) ('0' + v % 10);
      return this;
    }

    /** Appends all 16 hex digits, no 0x, as {@code %px} prints a pointer. */
    private Run hex(long v) {
      for (int shift = 60; shift >= 0; shift -= 4) {
        line[len++] = (byte) Character.forDigit((int) (v >>> shift) & 0xf, 16);
      }
      return this;
    }

    /** Appends the hex digits of {@code v} without leading zeros. */
    private Run hexDigits(long v) {
      String s = Long.toHexString(v);
      return text(s);
    }

    private int digits(long v) {
      int d = 1;
      while (v >= 10) {
        v /= 10;
        d++;
      }
      return d;
    }
  }
}
