package dev.slabrace.trace.std;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A synthetic STD trace of a lock-based program, the same bytes for the same parameters on any
 * machine: {@code T0} forks every other thread, the threads run, {@code T0} joins them all.
 *
 * <p>Variable {@code v} is guarded by lock {@code v % locks}, and a protected access holds that lock,
 * so protected accesses never race. About {@code unprotected} of all accesses hold no lock; those to a
 * variable that another thread also touches are the races. A quarter of accesses are writes. The trace
 * is written as it is generated, so its length is bounded only by the disk.
 *
 * <p>A test fixture: trace-formats' tests use it, and its test-jar carries it (alone) to the
 * benchmarks, never to the product jar. Run as {@code java -cp benchmarks/target/benchmarks.jar
 * dev.slabrace.trace.std.StdGenerator EVENTS THREADS VARIABLES LOCKS UNPROTECTED SEED [FILE]}
 * (standard output without {@code FILE}).
 *
 * @param events how many event lines to write, at least {@code 2 * (threads - 1)}
 * @param threads how many threads, {@code T0..T<threads-1>}
 * @param variables how many shared variables; their names take the shapes {@code V12}, {@code obj13.f}
 *     and {@code arr[14]}
 * @param locks how many locks, {@code L0..}; 0 makes every access unprotected
 * @param unprotected the fraction of accesses made without a lock, 0 to 1
 * @param seed the seed of the pseudo-random choices
 */
public record StdGenerator(long events, int threads, int variables, int locks, double unprotected,
    long seed) {

  /*
   * Implementation notes: each step picks a thread uniformly. A thread inside a critical section makes
   * one of its 1..MAX_SECTION accesses or, when they are done, releases the lock. A thread outside one
   * makes an unprotected access with probability q, else acquires a lock: the first free one from a
   * random start (with every lock held, the step does nothing). q is set so that the unprotected share
   * of accesses is `unprotected` given the mean section length. The budget keeps room for the releases
   * still owed and the final joins, so the count comes out exact; a thread that cannot afford a whole
   * section touches its own private variable (T3.local) instead, which cannot race.
   * Code locations: fork 1, join 2, acq 10, rel 11, private access 50/51, protected access
   * 100 + 2 * (v % SITES) + write, unprotected access 100 + 2 * SITES + 2 * (v % SITES) + write.
   */

  private static final int MAX_SECTION = 4;
  private static final double WRITE_FRACTION = 0.25;
  private static final int SITES = 256;
  private static final int LOC_FORK = 1;
  private static final int LOC_JOIN = 2;
  private static final int LOC_ACQ = 10;
  private static final int LOC_REL = 11;
  private static final int LOC_PRIVATE = 50;
  private static final int LOC_PROTECTED = 100;
  private static final int LOC_UNPROTECTED = LOC_PROTECTED + 2 * SITES;

  /** Checks the parameters. */
  public StdGenerator {
    if (threads < 1 || variables < 1 || locks < 0 || !(unprotected >= 0 && unprotected <= 1)) {
      throw new IllegalArgumentException("need threads >= 1, variables >= 1, locks >= 0 and 0 <= "
          + "unprotected <= 1: " + threads + ", " + variables + ", " + locks + ", " + unprotected);
    }
    if (events < 2L * (threads - 1)) {
      throw new IllegalArgumentException(threads + " threads need at least " + 2L * (threads - 1)
          + " events for their forks and joins, not " + events);
    }
  }

  /** Writes the trace to {@code out}, which is flushed but not closed. */
  public void write(OutputStream out) throws IOException {
    new Run(out).run();
    out.flush();
  }

  /** Writes a trace to a file or standard output; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException {
    if (args.length < 6 || args.length > 7) {
      System.err.println("usage: StdGenerator EVENTS THREADS VARIABLES LOCKS UNPROTECTED SEED [FILE]");
      System.exit(2);
    }
    StdGenerator g = new StdGenerator(Long.parseLong(args[0]), Integer.parseInt(args[1]),
        Integer.parseInt(args[2]), Integer.parseInt(args[3]), Double.parseDouble(args[4]),
        Long.parseLong(args[5]));
    if (args.length == 7) {
      try (OutputStream out = new FileOutputStream(args[6])) {
        g.write(out);
      }
    } else {
      g.write(new BufferedOutputStream(System.out, 1 << 16));
    }
  }

  /** One generation: the random state, the threads' sections and the output buffer. */
  private final class Run {
    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int n;
    private long state = seed;
    private final int[] held = new int[threads];
    private final int[] left = new int[threads];
    private final boolean[] lockBusy = new boolean[locks];
    private final double unprotectedStep;
    private long remaining;
    private int open;

    Run(OutputStream out) {
      this.out = out;
      double meanSection = (1 + MAX_SECTION) / 2.0;
      this.unprotectedStep = locks == 0 ? 1
          : unprotected * meanSection / (1 - unprotected + unprotected * meanSection);
      Arrays.fill(held, -1);
    }

    void run() throws IOException {
      int joins = threads - 1;
      for (int t = 1; t < threads; t++) {
        line(0, "fork", 'T', t, "", LOC_FORK);
      }
      remaining = events - 2L * joins;
      while (remaining > open) {
        step(nextInt(threads));
      }
      for (int t = 0; t < threads; t++) {
        if (held[t] >= 0) {
          release(t);
        }
      }
      for (int t = 1; t < threads; t++) {
        line(0, "join", 'T', t, "", LOC_JOIN);
      }
      out.write(buf, 0, n);
      n = 0;
    }

    private void step(int t) throws IOException {
      if (held[t] >= 0) {
        if (left[t] == 0) {
          release(t);
        } else {
          left[t]--;
          int lock = held[t];
          int v = lock + locks * nextInt((variables - lock + locks - 1) / locks);
          access(t, v, LOC_PROTECTED + 2 * (v % SITES));
        }
      } else if (nextDouble() < unprotectedStep) {
        int v = nextInt(variables);
        access(t, v, LOC_UNPROTECTED + 2 * (v % SITES));
      } else if (remaining < open + 2) {
        boolean write = nextDouble() < WRITE_FRACTION;
        line(t, write ? "w" : "r", 'T', t, ".local", LOC_PRIVATE + (write ? 1 : 0));
      } else {
        int lock = freeLock(nextInt(locks));
        if (lock >= 0) {
          lockBusy[lock] = true;
          held[t] = lock;
          left[t] = lock < variables ? 1 + nextInt(MAX_SECTION) : 0;
          open++;
          line(t, "acq", 'L', lock, "", LOC_ACQ);
        }
      }
    }

    /** Returns the first free lock from {@code first} on, wrapping around, or -1 if all are held. */
    private int freeLock(int first) {
      for (int i = 0; i < locks; i++) {
        int lock = (first + i) % locks;
        if (!lockBusy[lock]) {
          return lock;
        }
      }
      return -1;
    }

    private void release(int t) throws IOException {
      int lock = held[t];
      held[t] = -1;
      lockBusy[lock] = false;
      open--;
      line(t, "rel", 'L', lock, "", LOC_REL);
    }

    private void access(int t, int v, int site) throws IOException {
      boolean write = nextDouble() < WRITE_FRACTION;
      String op = write ? "w" : "r";
      int loc = site + (write ? 1 : 0);
      switch (v % 3) {
        case 0 -> line(t, op, 'V', v, "", loc);
        case 1 -> line(t, op, "obj", v, ".f", loc);
        default -> line(t, op, "arr[", v, "]", loc);
      }
    }

    private void line(int t, String op, char prefix, int number, String suffix, int loc)
        throws IOException {
      line(t, op, String.valueOf(prefix), number, suffix, loc);
    }

    /** Writes {@code T<t>|<op>(<prefix><number><suffix>)|<loc>} and counts it against the budget. */
    private void line(int t, String op, String prefix, int number, String suffix, int loc)
        throws IOException {
      if (n > buf.length - 256) {
        out.write(buf, 0, n);
        n = 0;
      }
      buf[n++] = 'T';
      decimal(t);
      buf[n++] = '|';
      ascii(op);
      buf[n++] = '(';
      ascii(prefix);
      decimal(number);
      ascii(suffix);
      buf[n++] = ')';
      buf[n++] = '|';
      decimal(loc);
      buf[n++] = '\n';
      remaining--;
    }

    private void ascii(String s) {
      for (int i = 0; i < s.length(); i++) {
        buf[n++] = (byte) s.charAt(i);
      }
    }

    private void decimal(int v) {
      int digits = 1;
      for (int rest = v / 10; rest > 0; rest /= 10) {
        digits++;
      }
      for (int i = n + digits - 1; i >= n; i--) {
        buf[i] = (byte) ('0' + v % 10);
        v /= 10;
      }
      n += digits;
    }

    /** SplitMix64: a fixed algorithm, so the output never depends on the JDK's generators. */
    private long nextLong() {
      long z = (state += 0x9e3779b97f4a7c15L);
      z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
      z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
      return z ^ (z >>> 31);
    }

    private int nextInt(int bound) {
      return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    private double nextDouble() {
      return (nextLong() >>> 11) * 0x1.0p-53;
    }
  }
}
