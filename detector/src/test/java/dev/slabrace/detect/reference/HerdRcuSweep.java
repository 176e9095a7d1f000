package dev.slabrace.detect.reference;

import dev.slabrace.trace.FenceKind;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A search for RCU traces on which the engine and herd7 disagree: small random traces of plain and
 * marked accesses, read-side sections, grace periods, smp_mb() and address dependencies, each
 * written as a litmus test by {@link HerdLitmus} with the contract's grace-period rule added as
 * communication, and its racing pairs compared with the engine's. {@link LkmmOracle} has no RCU, so
 * herd7 is the only judge here.
 *
 * <pre>
 * Implementation notes
 *
 * The contract makes every read-side section that began before a gp_begin (or synchronize_rcu) in
 * line order happen before that grace period's end. The LKMM orders such a section before the
 * grace period only when something after its rcu_read_lock() is seen by something before the grace
 * period (rcu-rscsi ; rcu-link ; rcu-gp), and then only through rcu-fence, which is in fence but
 * not composed with what follows in a third task. So each such pair of a section and a grace period
 * of another task gets a marker that says what the contract says, as a happens-before edge:
 * smp_store_release(m, 1) right before the section's outermost rcu_read_unlock() and
 * smp_load_acquire(m), pinned to 1, right after the grace period's end (a gp_begin and its gp_end
 * become one synchronize_rcu() there, as HerdLitmus writes them anyway), then one smp_mb(), as the
 * engine's gp_end acquires the sections' ends and then fences (RcuEdges.endGracePeriod): the
 * fence makes what the acquire brought cumulative for the task's later stores (HerdRcuSweep rich
 * seed 30089 needs it). After the grace period, not before: the edge must not make the section
 * part of what precedes the grace period, which a section that observes a post-grace-period store
 * is ordered after (one grace period cannot balance two sections: pm-LISA2R1G-plain). Markers are marked accesses to
 * locations of their own, so they never race, and get ids above the trace's. A trace whose section
 * ends after a grace period it began before breaks the rule (the engine warns) and is counted apart.
 * With the markers, herd7 agrees with the suite on its four traces whose `# contract:` lines say
 * where the contract and the LKMM part (HerdRcuSweep contract FILE...).
 *
 * Agreement is LkmmOracleSweep's: every pair the engine reports races in the model without
 * ordering through coherence (prop without its (overwrite &amp; ext)? part, which an engine built
 * on reads-from sees only where coherence follows from reads-from and program order), and the
 * later accesses named are between the two models'. herd7 is run with coherence first, and without
 * it only when the pairs differ.
 * </pre>
 *
 * <p>Run it like {@link HerdLitmus}: {@code java -Dherd7=HERD7 -Dlkmm=MODEL_DIR -cp CLASSPATH
 * dev.slabrace.detect.reference.HerdRcuSweep SEED TRACES}.
 */
public final class HerdRcuSweep {
  private static final long[] LOCATIONS = {0x1000, 0x1040, 0x1080};
  /** The markers' locations, one per (section, grace period) pair, above the trace's. */
  private static final long MARKERS = 0x10000;
  private static final long MARKER_IDS = 1_000_000;

  private HerdRcuSweep() {}

  /**
   * {@code SEED TRACES [OPTIONS]}: sweeps TRACES seeds from SEED (OPTIONS a comma-separated list:
   * {@code rich}, traces that also have RMWs, smp_wmb(), smp_rmb() and data and control
   * dependencies; {@code locks}, a spin lock taken and released in turn; {@code weak}, a third of
   * the loads read an older store than the latest; {@code atomic}, smp_mb__before_atomic() and
   * smp_mb__after_atomic(): {@link #generate}), printing each disagreement
   * (the first few shrunk) and the counts; {@code contract FILE...}: herd7's racing pairs on each
   * litmus trace with markers, against its {@code expect:} lines.
   */
  public static void main(String[] args) throws IOException {
    Path work = Path.of(System.getProperty("herd.work", "/tmp/herd/work"));
    if (args.length > 0 && args[0].equals("contract")) {
      for (String f : List.of(args).subList(1, args.length)) {
        String text = Files.readString(Path.of(f));
        HerdLitmus.Verdict v = herd(Ev.parseJsonLines(text), work, false);
        System.out.println(f + ": herd7 with markers " + (v.error() != null ? "error ("
            + v.error() + ")" : v.allowed() ? v.races() : "forbidden") + ", expect "
            + LkmmOracleTest.expectedRaces(text));
      }
      return;
    }
    if (args.length < 2) {
      System.err.println(
          "usage: HerdRcuSweep SEED TRACES [rich,locks,weak,atomic] | contract FILE...");
      System.exit(2);
    }
    long seed = Long.parseLong(args[0]);
    int traces = Integer.parseInt(args[1]);
    Set<String> options = args.length > 2 ? Set.of(args[2].split(",")) : Set.of();
    int shrunk = Integer.getInteger("herd.shrunk", 5);
    Map<String, Integer> counts = new TreeMap<>();
    final int chunk = 500;
    for (long from = seed; from < seed + traces; from += chunk) {
      List<HerdLitmus.Conversion> tests = new ArrayList<>();
      Map<String, List<Ev>> byName = new LinkedHashMap<>();
      for (long s = from; s < Math.min(seed + traces, from + chunk); s++) {
        List<Ev> trace = generate(s, options);
        List<Ev> marked = withMarkers(trace);
        if (marked == null) {
          counts.merge("section past its grace period", 1, Integer::sum);
          continue;
        }
        HerdLitmus.Conversion c = HerdLitmus.convert("s" + s, marked);
        if (c.skipped() != null) {
          counts.merge("not converted", 1, Integer::sum);
          continue;
        }
        tests.add(c);
        byName.put(c.name(), trace);
      }
      Map<String, HerdLitmus.Verdict> verdicts = HerdLitmus.run(tests, work, 100);
      for (Map.Entry<String, List<Ev>> t : byName.entrySet()) {
        String kind = judge(t.getValue(), verdicts.get(t.getKey()), work);
        int seen = counts.merge(kind, 1, Integer::sum);
        if (kind.startsWith("agree") || kind.equals("forbidden")) {
          continue; // a forbidden execution has no verdict to compare: counted only
        }
        System.out.println(kind.toUpperCase() + " " + t.getKey() + ": " + describe(t.getValue(),
            verdicts.get(t.getKey()), work));
        if (kind.startsWith("disagree") && seen <= shrunk) {
          List<Ev> small = Shrinker.shrink(t.getValue(), x -> judge(x, herd(x, work, false), work)
              .equals(kind));
          List<Ev> smallMarked = withMarkers(small);
          System.out.println(t.getValue().stream().map(Ev::toJson)
              .collect(Collectors.joining("\n")) + "\nshrunk: " + describe(small,
                  herd(small, work, false), work) + ", on\n" + small.stream().map(Ev::toJson)
                  .collect(Collectors.joining("\n")) + "\n"
              + (smallMarked == null ? "" : HerdLitmus.convert("shrunk", smallMarked).text()));
        }
      }
      System.out.println("... seeds " + seed + ".." + Math.min(seed + traces, from + chunk) + ": "
          + counts);
    }
    System.out.println(traces + " RCU traces from seed " + seed + ": " + counts);
  }

  /**
   * How the engine's racing pairs on {@code trace} compare with herd7's ({@code v}, on the trace
   * with markers): "agree", "agree (coherence)" when they agree as LkmmOracleSweep accepts,
   * "disagree (over-report)" when the engine reports a pair that does not race even without
   * coherence, or names a later access that model does not, "disagree (missed race)" when herd7
   * names a later access the engine does not; "no verdict" when herd7 gave none, "forbidden" when
   * it found the execution forbidden.
   */
  static String judge(List<Ev> trace, HerdLitmus.Verdict v, Path work) {
    if (v == null || v.error() != null) {
      return "no verdict";
    }
    if (!v.allowed()) {
      return "forbidden";
    }
    Set<List<Long>> engine = LkmmOracleSweep.engineRaces(trace);
    if (LkmmOracleTest.agree(v.races(), engine)) {
      return "agree";
    }
    HerdLitmus.Verdict lax = herd(trace, work, true);
    if (lax.error() != null || !lax.allowed()) {
      return "no verdict";
    }
    if (!LkmmOracleSweep.withinModelWithoutCoherence(engine, lax.races())) {
      return "disagree (over-report)";
    }
    return LkmmOracleTest.later(engine).containsAll(LkmmOracleTest.later(v.races()))
        ? "agree (coherence)" : "disagree (missed race)";
  }

  private static String describe(List<Ev> trace, HerdLitmus.Verdict v, Path work) {
    return "engine " + LkmmOracleSweep.engineRaces(trace) + ", herd7 "
        + (v.error() != null ? "error (" + v.error() + ")"
            : v.allowed() ? v.races() : "forbidden")
        + ", herd7 without coherence ordering " + herd(trace, work, true).races();
  }

  /** herd7's verdict on {@code trace} with markers; {@code lax}: without ordering through coherence. */
  static HerdLitmus.Verdict herd(List<Ev> trace, Path work, boolean lax) {
    List<Ev> marked = withMarkers(trace);
    if (marked == null) {
      return new HerdLitmus.Verdict(false, Set.of(), 0, List.of(), "a section ends after a grace"
          + " period it began before");
    }
    return HerdLitmus.herd(marked, work, lax);
  }

  /**
   * {@code trace} with a marker for each read-side section and grace period of another task that
   * begins after the section began in line order (see the class notes), a gp_begin and its gp_end
   * written as one synchronize_rcu() at the gp_end; null if such a section ends after the grace
   * period does (the contract's rule is then broken, and the engine warns).
   */
  static List<Ev> withMarkers(List<Ev> trace) {
    Map<Integer, List<Ev>> before = new HashMap<>();
    Map<Integer, List<Ev>> after = new HashMap<>();
    Map<String, Integer> depth = new HashMap<>();
    Map<String, Integer> openedAt = new HashMap<>();
    long id = MARKER_IDS;
    long loc = MARKERS;
    for (int i = 0; i < trace.size(); i++) {
      Ev e = trace.get(i);
      if (e.op() == Op.RCU_READ_LOCK && depth.merge(e.tid(), 1, Integer::sum) == 1) {
        openedAt.put(e.tid(), i);
      } else if (e.op() == Op.RCU_READ_UNLOCK && depth.getOrDefault(e.tid(), 0) > 0
          && depth.merge(e.tid(), -1, Integer::sum) == 0) {
        int lock = openedAt.get(e.tid());
        for (int j = lock + 1; j < trace.size(); j++) {
          Ev g = trace.get(j);
          if (g.tid().equals(e.tid())
              || (g.op() != Op.GP_BEGIN && g.op() != Op.SYNCHRONIZE_RCU)) {
            continue;
          }
          int end = g.op() == Op.SYNCHRONIZE_RCU ? j : endOf(trace, j);
          if (end < i || end == trace.size()) {
            return null;
          }
          before.computeIfAbsent(i, k -> new ArrayList<>()).add(Ev.access(id++, Op.STORE,
              e.tid(), loc, 8, MemOrder.RELEASE, true, -1, -1, -1));
          after.computeIfAbsent(end, k -> new ArrayList<>()).add(Ev.access(id++, Op.LOAD,
              g.tid(), loc, 8, MemOrder.ACQUIRE, true, -1, -1, -1));
          loc += 0x40;
        }
      }
    }
    List<Ev> out = new ArrayList<>();
    for (int i = 0; i < trace.size(); i++) {
      Ev e = trace.get(i);
      out.addAll(before.getOrDefault(i, List.of()));
      if (e.op() == Op.GP_END) {
        out.add(Ev.bare(e.id(), Op.SYNCHRONIZE_RCU, e.tid()));
      } else if (e.op() != Op.GP_BEGIN) {
        out.add(e);
      }
      List<Ev> acquires = after.getOrDefault(i, List.of());
      if (!acquires.isEmpty()) {
        out.addAll(acquires);
        out.add(Ev.fence(id++, e.tid(), FenceKind.MB));
      }
    }
    return out;
  }

  /** The index of the gp_end of the gp_begin at {@code begin}, or the trace's size if none. */
  private static int endOf(List<Ev> trace, int begin) {
    String tid = trace.get(begin).tid();
    for (int j = begin + 1; j < trace.size(); j++) {
      if (trace.get(j).tid().equals(tid) && trace.get(j).op() == Op.GP_END) {
        return j;
      }
    }
    return trace.size();
  }

  /**
   * 6 to 12 events of two or three tasks on three locations: plain loads and stores, READ_ONCE,
   * WRITE_ONCE, smp_load_acquire and smp_store_release; rcu_read_lock() and rcu_read_unlock()
   * (nested at most twice; sections still open at the end are closed), synchronize_rcu() or a
   * gp_begin whose gp_end is its task's next event (outside the task's sections; other tasks'
   * sections still open when a grace period ends are ended first), smp_mb(), and
   * address dependencies on the task's earlier marked loads. Grace periods and sections are drawn
   * often enough that most traces have both. With {@code rich}, 8 to 14 events, and three in ten
   * draws (an extra number each) are {@link #richEvent}s. With {@code locks}, one draw in six (an
   * extra number each) takes spin lock L if it is free, else releases it in its holder's task; a
   * lock still held at the end is released there. With {@code weak}, a third of the loads (more
   * numbers each) read a store older than the latest to their location, if there is one (an {@code
   * rf}); herd7 forbids some of those executions, which the sweep counts apart. With {@code
   * atomic}, one draw in eight (an extra number each) is smp_mb__before_atomic() or
   * smp_mb__after_atomic(). The options are {@code rich}, {@code locks}, {@code weak} and {@code
   * atomic}; a seed draws the same events whatever options it is not given.
   */
  static List<Ev> generate(long seed, Set<String> options) {
    boolean rich = options.contains("rich");
    boolean locks = options.contains("locks");
    boolean weak = options.contains("weak");
    boolean atomic = options.contains("atomic");
    SplittableRandom rnd = new SplittableRandom(seed);
    int tasks = 2 + rnd.nextInt(2);
    int count = rich ? 8 + rnd.nextInt(7) : 6 + rnd.nextInt(7);
    List<Ev> out = new ArrayList<>();
    Map<String, Integer> depth = new HashMap<>();
    Map<String, Boolean> inGrace = new HashMap<>();
    Map<String, List<Long>> markedLoads = new HashMap<>();
    String[] holder = new String[1];
    long id = 0;
    while (out.size() < count) {
      String tid = Integer.toString(rnd.nextInt(tasks));
      int d = depth.getOrDefault(tid, 0);
      if (inGrace.getOrDefault(tid, false)) {
        id = waitForReaders(out, id, depth, tid);
        out.add(Ev.bare(id++, Op.GP_END, tid));
        inGrace.put(tid, false);
        continue;
      }
      long addr = LOCATIONS[rnd.nextInt(LOCATIONS.length)];
      List<Long> loads = markedLoads.computeIfAbsent(tid, k -> new ArrayList<>());
      long dep = loads.isEmpty() || rnd.nextInt(4) != 0 ? -1 : loads.get(rnd.nextInt(loads.size()));
      int r = rnd.nextInt(100);
      if (atomic && rnd.nextInt(8) == 0) {
        out.add(Ev.fence(id++, tid, rnd.nextBoolean() ? FenceKind.BEFORE_ATOMIC
            : FenceKind.AFTER_ATOMIC));
      } else if (locks && rnd.nextInt(6) == 0) {
        if (holder[0] == null) {
          out.add(Ev.keyed(id++, Op.LOCK, tid, "L", false));
          holder[0] = tid;
        } else {
          out.add(Ev.keyed(id++, Op.UNLOCK, holder[0], "L", false));
          holder[0] = null;
        }
      } else if (rich && rnd.nextInt(10) < 3) {
        id = richEvent(rnd, out, id, tid, addr, dep, loads);
      } else if (r < 28) {
        MemOrder mo = choose(rnd, MemOrder.PLAIN, MemOrder.PLAIN, MemOrder.ONCE, MemOrder.ONCE,
            MemOrder.ACQUIRE);
        long rf = weak && rnd.nextInt(3) == 0 ? LkmmOracleSweep.olderStore(rnd, out, addr) : -1;
        out.add(Ev.access(id, Op.LOAD, tid, addr, 8, mo, true, dep, -1, rf));
        if (mo != MemOrder.PLAIN) {
          loads.add(id);
        }
        id++;
      } else if (r < 56) {
        MemOrder mo = choose(rnd, MemOrder.PLAIN, MemOrder.PLAIN, MemOrder.ONCE, MemOrder.ONCE,
            MemOrder.RELEASE);
        out.add(Ev.access(id++, Op.STORE, tid, addr, 8, mo, true, dep, -1, -1));
      } else if (r < 72) {
        if (d < 2 && (d == 0 || rnd.nextBoolean())) {
          out.add(Ev.bare(id++, Op.RCU_READ_LOCK, tid));
          depth.put(tid, d + 1);
        } else {
          out.add(Ev.bare(id++, Op.RCU_READ_UNLOCK, tid));
          depth.put(tid, d - 1);
        }
      } else if (r < 92) {
        if (d > 0) {
          out.add(Ev.bare(id++, Op.RCU_READ_UNLOCK, tid));
          depth.put(tid, d - 1);
        } else if (rnd.nextBoolean()) {
          id = waitForReaders(out, id, depth, tid);
          out.add(Ev.bare(id++, Op.SYNCHRONIZE_RCU, tid));
        } else {
          out.add(Ev.bare(id++, Op.GP_BEGIN, tid));
          inGrace.put(tid, true);
        }
      } else {
        out.add(Ev.fence(id++, tid, FenceKind.MB));
      }
    }
    if (holder[0] != null) {
      out.add(Ev.keyed(id++, Op.UNLOCK, holder[0], "L", false));
    }
    for (Map.Entry<String, Boolean> g : new TreeMap<>(inGrace).entrySet()) {
      if (g.getValue()) {
        id = waitForReaders(out, id, depth, g.getKey());
        out.add(Ev.bare(id++, Op.GP_END, g.getKey()));
      }
    }
    for (Map.Entry<String, Integer> s : new TreeMap<>(depth).entrySet()) {
      for (int k = 0; k < s.getValue(); k++) {
        out.add(Ev.bare(id++, Op.RCU_READ_UNLOCK, s.getKey()));
      }
    }
    return out;
  }

  /**
   * One event of the {@code rich} traces besides those of the plain ones: an RMW (relaxed, acquire,
   * release or full, its new value depending on an earlier marked load a third of the time), a
   * marked store with a data or control dependency, or smp_wmb() or smp_rmb(); returns the next
   * id.
   */
  private static long richEvent(SplittableRandom rnd, List<Ev> out, long id, String tid, long addr,
      long dep, List<Long> loads) {
    long data = loads.isEmpty() || rnd.nextInt(3) != 0 ? -1 : loads.get(rnd.nextInt(loads.size()));
    long ctrl = loads.isEmpty() || rnd.nextInt(3) != 0 ? -1 : loads.get(rnd.nextInt(loads.size()));
    int r = rnd.nextInt(10);
    if (r < 4) {
      MemOrder mo = choose(rnd, MemOrder.RELAXED, MemOrder.ACQUIRE, MemOrder.RELEASE,
          MemOrder.FULL);
      out.add(new Ev(id, Op.RMW, tid, addr, 8, mo, true, dep, -1, -1, null, null, false, null,
          data));
      loads.add(id);
    } else if (r < 8) {
      MemOrder mo = choose(rnd, MemOrder.ONCE, MemOrder.RELEASE);
      out.add(new Ev(id, Op.STORE, tid, addr, 8, mo, true, dep, ctrl, -1, null, null, false, null,
          data));
    } else {
      out.add(Ev.fence(id, tid, r == 8 ? FenceKind.WMB : FenceKind.RMB));
    }
    return id + 1;
  }

  /**
   * Ends the sections of tasks other than {@code updater} that are open, as a grace period about to
   * end waits for them (the contract's rule then holds); returns the next id.
   */
  private static long waitForReaders(List<Ev> out, long id, Map<String, Integer> depth,
      String updater) {
    long next = id;
    for (Map.Entry<String, Integer> s : new TreeMap<>(depth).entrySet()) {
      if (!s.getKey().equals(updater)) {
        for (int k = 0; k < s.getValue(); k++) {
          out.add(Ev.bare(next++, Op.RCU_READ_UNLOCK, s.getKey()));
        }
        depth.put(s.getKey(), 0);
      }
    }
    return next;
  }

  @SafeVarargs
  private static <T> T choose(SplittableRandom rnd, T... options) {
    return options[rnd.nextInt(options.length)];
  }
}
