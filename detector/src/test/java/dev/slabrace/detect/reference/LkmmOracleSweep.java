package dev.slabrace.detect.reference;

import dev.slabrace.detect.Collect;
import dev.slabrace.detect.EveryPair;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingKind;
import dev.slabrace.finding.WarningCode;
import dev.slabrace.trace.FenceKind;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A search for traces on which the engine and linux-kernel.cat ({@link LkmmOracle}) disagree: small
 * random traces of loads, stores, RMWs, fences, dependencies and a spin lock among three tasks and
 * three locations, compared as {@link #agrees} says: ordering through coherence ({@code overwrite &
 * ext} in prop), which an engine built on reads-from sees only where coherence follows from the
 * reads-from and program order (CoWR: OwnStores.withCarried), may or may not be seen. Prints
 * the first disagreement of each seed range, shrunk, with the command that reruns it, and how many
 * traces agreed. Not a test: the engine still departs from the model in ways recorded in
 * {@code litmus-disagreements/README.md}, which this search finds within a few thousand seeds.
 *
 * <p>Run it after {@code mvn -q -o -pl trace-formats,detector -am test-compile} as {@code java -cp
 * CLASSPATH dev.slabrace.detect.reference.LkmmOracleSweep SEED TRACES [SHOWN [OPTIONS]]}, OPTIONS a
 * comma-separated list: {@code failed-rmw} makes a quarter of the RMWs failed cmpxchgs, {@code
 * atomic-fences} adds smp_mb__before_atomic() and smp_mb__after_atomic() to the fences, {@code
 * two-locks} a second spin lock, {@code weak}
 * makes a third of the loads read an older store than the latest (an {@code rf}; executions linux-kernel.cat forbids
 * are skipped and counted), so that the same seed gives another trace; the class path being
 * detector/target/test-classes, detector/target/classes, trace-formats/target/classes and the
 * jackson-core, fastutil and junit-jupiter-api jars (litmus-disagreements/README.md, section 8).
 */
public final class LkmmOracleSweep {
  private static final long[] LOCATIONS = {0x1000, 0x1040, 0x1080};

  private LkmmOracleSweep() {}

  /**
   * What the generator adds to its plain traces (see {@link #generate}): failed cmpxchgs, loads of
   * older stores, smp_mb__before_atomic() and smp_mb__after_atomic(), a second lock.
   */
  record Options(boolean failedRmw, boolean weak, boolean atomicFences, boolean twoLocks) {
    /** None of them. */
    static final Options PLAIN = new Options(false, false, false, false);

    /** The options a comma-separated list of {@code failed-rmw}, {@code weak}, ... names. */
    static Options parse(String words) {
      List<String> w = List.of(words.split(","));
      return new Options(w.contains("failed-rmw"), w.contains("weak"), w.contains("atomic-fences"),
          w.contains("two-locks"));
    }

    /** The comma-separated list {@link #parse} reads back as these options, "plain" for none. */
    String words() {
      List<String> w = new ArrayList<>();
      if (failedRmw) {
        w.add("failed-rmw");
      }
      if (weak) {
        w.add("weak");
      }
      if (atomicFences) {
        w.add("atomic-fences");
      }
      if (twoLocks) {
        w.add("two-locks");
      }
      return w.isEmpty() ? "plain" : String.join(",", w);
    }
  }

  /**
   * Sweeps TRACES seeds from SEED (defaults 0 and 10,000), showing the first SHOWN (default 5), with
   * the OPTIONS of the fourth argument (Options.parse; none by default).
   */
  public static void main(String[] args) {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 0;
    int traces = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int shown = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Options options = args.length > 3 ? Options.parse(args[3]) : Options.PLAIN;
    boolean weak = options.weak();
    int forbidden = 0;
    int warned = 0;
    int agreed = 0;
    int disagreed = 0;
    for (long s = seed; s < seed + traces; s++) {
      List<Ev> trace = generate(s, options);
      if (weak && !LkmmOracle.allowed(trace)) {
        forbidden++;
        warned += warnsOverwritten(trace) ? 1 : 0;
        continue;
      }
      if (weak && warnsOverwritten(trace)) {
        disagreed++;
        System.out.println("seed " + s + ": the engine warns of a load of an overwritten store on"
            + " an execution linux-kernel.cat allows:\n"
            + trace.stream().map(Ev::toJson).collect(Collectors.joining("\n")));
        continue;
      }
      if (agrees(trace)) {
        agreed++;
        continue;
      }
      disagreed++;
      if (disagreed <= shown) {
        List<Ev> small = Shrinker.shrink(trace, t -> LkmmOracle.supports(t)
            && LkmmOracle.allowed(t) && !agrees(t));
        System.out.println("seed " + s + ": linux-kernel.cat gives "
            + LkmmOracle.racesWithoutCoherence(small) + " without coherence and "
            + LkmmOracle.races(small) + " with it, the engine " + engineRaces(small)
            + ", on\n" + small.stream().map(Ev::toJson).collect(Collectors.joining("\n")));
      }
    }
    System.out.println(agreed + " of " + traces + " traces from seed " + seed + " agree, "
        + disagreed + " do not" + (weak ? ", " + forbidden + " are executions the model forbids"
            + " (the engine warns of a load of an overwritten store on " + warned + " of them)"
            : ""));
  }

  /**
   * Whether the engine warns that a load of {@code trace} reads a store overwritten by one ordered
   * before it (WarningCode.LOAD_OF_OVERWRITTEN_STORE): it must never, on an execution the model
   * allows.
   */
  static boolean warnsOverwritten(List<Ev> trace) {
    try {
      return Collect.analyze(new EvSource(trace)).summary().warnings().stream()
          .anyMatch(w -> w.code() == WarningCode.LOAD_OF_OVERWRITTEN_STORE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether the engine's racing pairs on {@code trace} agree with linux-kernel.cat's: each is a
   * racing pair of the model without coherence, and the later accesses they name are at least the
   * model's with coherence and at most those without ({@link LkmmOracleTest#agree} on each side).
   * The model with coherence is evaluated only when the engine departs from the one without.
   */
  static boolean agrees(List<Ev> trace) {
    Set<List<Long>> without = LkmmOracle.racesWithoutCoherence(trace);
    Set<List<Long>> engine = engineRaces(trace);
    return LkmmOracleTest.agree(without, engine) || (withinModelWithoutCoherence(engine, without)
        && LkmmOracleTest.later(engine).containsAll(LkmmOracleTest.later(LkmmOracle.races(trace))));
  }

  /**
   * The first half of {@link #agrees}: every pair the engine reports ({@code engine}) races in the
   * model without ordering through coherence ({@code without}), and the later accesses it names are
   * among that model's. The other half, that they include every later access the model with
   * coherence names, is left to the caller, which may have that model only at a cost.
   */
  static boolean withinModelWithoutCoherence(Set<List<Long>> engine, Set<List<Long>> without) {
    return without.containsAll(engine)
        && LkmmOracleTest.later(without).containsAll(LkmmOracleTest.later(engine));
  }

  static Set<List<Long>> engineRaces(List<Ev> trace) {
    try {
      Set<List<Long>> out = new TreeSet<>(LkmmOracle.PAIRS);
      for (Finding f : EveryPair.analyze(new EvSource(trace))) {
        if (f.kind() == FindingKind.DATA_RACE) {
          out.add(List.of(f.first().id(), f.second().id()));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * 6 to 16 events of three tasks on three locations: loads (plain, READ_ONCE, acquire), stores
   * (plain, WRITE_ONCE, release), RMWs (relaxed, acquire, release, full), smp_mb, smp_wmb, smp_rmb,
   * a spin lock taken and released in turn, and address, data and control dependencies on the
   * task's earlier marked loads; with {@code failedRmw}, a quarter of the RMWs fail (a failed
   * cmpxchg: a marked read with no ordering), which draws one more number per RMW; with {@code
   * weak}, a third of the loads read a store older than the latest to their location, if there is
   * one, which draws more numbers per load; with {@code atomicFences}, fences include
   * smp_mb__before_atomic() and smp_mb__after_atomic(); with {@code twoLocks}, a second spin lock M
   * is taken and released as L is, nested in it or not.
   */
  static List<Ev> generate(long seed, Options options) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int count = 6 + rnd.nextInt(11);
    List<Ev> out = new ArrayList<>();
    Map<String, List<Long>> markedLoads = new HashMap<>();
    String[] holders = new String[2]; // of lock L, and of lock M with twoLocks
    for (long id = 0; out.size() < count; id++) {
      String tid = Integer.toString(rnd.nextInt(3));
      long addr = LOCATIONS[rnd.nextInt(LOCATIONS.length)];
      List<Long> loads = markedLoads.computeIfAbsent(tid, k -> new ArrayList<>());
      long dep = pick(rnd, loads, 4);
      long ctrl = pick(rnd, loads, 4);
      int r = rnd.nextInt(100);
      if (r < 30) {
        MemOrder mo = choose(rnd, MemOrder.PLAIN, MemOrder.PLAIN, MemOrder.ONCE, MemOrder.ONCE,
            MemOrder.ACQUIRE);
        long rf = options.weak() && rnd.nextInt(3) == 0 ? olderStore(rnd, out, addr) : -1;
        out.add(Ev.access(id, Op.LOAD, tid, addr, 8, mo, true, dep, ctrl, rf));
        if (mo != MemOrder.PLAIN) {
          loads.add(id);
        }
      } else if (r < 60) {
        MemOrder mo = choose(rnd, MemOrder.PLAIN, MemOrder.PLAIN, MemOrder.ONCE, MemOrder.ONCE,
            MemOrder.RELEASE);
        long data = mo == MemOrder.PLAIN ? -1 : pick(rnd, loads, 3);
        out.add(new Ev(id, Op.STORE, tid, addr, 8, mo, true, dep, ctrl, -1, null, null, false,
            null, data));
      } else if (r < 70) {
        MemOrder mo = choose(rnd, MemOrder.RELAXED, MemOrder.ACQUIRE, MemOrder.RELEASE,
            MemOrder.FULL);
        boolean ok = !options.failedRmw() || rnd.nextInt(4) != 0;
        out.add(new Ev(id, Op.RMW, tid, addr, 8, mo, ok, dep, ctrl, -1, null, null, false, null,
            pick(rnd, loads, 4)));
        loads.add(id);
      } else if (r < 85) {
        out.add(Ev.fence(id, tid, options.atomicFences()
            ? choose(rnd, FenceKind.MB, FenceKind.WMB, FenceKind.RMB, FenceKind.BEFORE_ATOMIC,
                FenceKind.AFTER_ATOMIC)
            : choose(rnd, FenceKind.MB, FenceKind.WMB, FenceKind.RMB)));
      } else {
        int k = options.twoLocks() ? rnd.nextInt(2) : 0;
        String name = k == 0 ? "L" : "M";
        if (holders[k] == null) {
          out.add(Ev.keyed(id, Op.LOCK, tid, name, false));
          holders[k] = tid;
        } else {
          out.add(Ev.keyed(id, Op.UNLOCK, holders[k], name, false));
          holders[k] = null;
        }
      }
    }
    return out;
  }

  /**
   * A store to {@code addr} in {@code out} older than the latest, drawn at random, or -1 if there
   * are fewer than two (draws a number only then): what a load of an older store reads.
   */
  static long olderStore(SplittableRandom rnd, List<Ev> out, long addr) {
    List<Long> older = new ArrayList<>();
    for (Ev w : out) {
      if (w.writes() && w.addr() == addr) {
        older.add(w.id());
      }
    }
    return older.size() > 1 ? older.get(rnd.nextInt(older.size() - 1)) : -1; // not the latest
  }

  /** One of {@code from} with probability 1 in {@code odds}, else -1. */
  private static long pick(SplittableRandom rnd, List<Long> from, int odds) {
    return from.isEmpty() || rnd.nextInt(odds) != 0 ? -1 : from.get(rnd.nextInt(from.size()));
  }

  @SafeVarargs
  private static <T> T choose(SplittableRandom rnd, T... options) {
    return options[rnd.nextInt(options.length)];
  }
}
