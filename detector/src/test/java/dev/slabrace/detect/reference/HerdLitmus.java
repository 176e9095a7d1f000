package dev.slabrace.detect.reference;

import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A cross-check of traces against herd7 itself: writes a trace as a C litmus test whose {@code
 * filter} pins the trace's one execution, runs herd7 on the mainline linux-kernel.cat with one line
 * added ({@code show ww-race | wr-race | rw-race as race}), and reads back, from the graph of that
 * execution, its racing pairs as trace ids. Two uses: the litmus suite's {@code expect:} lines, and
 * {@link LkmmOracle} on the random traces of {@link LkmmOracleSweep#generate}.
 *
 * <pre>
 * Implementation notes
 *
 * One process per task (numbered in order of first appearance), one statement per event, a register
 * r&lt;id&gt; per load or RMW. Stores get distinct values per location (1, 2, ... in line order); a
 * load reads its rf store's value (else the latest store's, else 0); the filter pins every register
 * and every written location's final value (its last store in line order), so herd7 keeps only
 * executions with the trace's reads-from. With three or more stores to a location the filter does
 * not pin coherence order, nor does it pin the order of critical sections: of the executions herd7
 * allows, the one whose co (data and lock locations) is the trace's is chosen from the dot graphs
 * (-show prop -showraw co,rf,race); none means the model forbids the trace's execution. Each
 * graph's rf must be the trace's (values pin it); a graph whose nodes or rf do not fit, or race
 * edges that contradict herd7's data-race flag, make the verdict an error, not a judgement.
 *
 * Mapping (linux-kernel.def): plain accesses are *x; once and relaxed READ_ONCE / WRITE_ONCE;
 * acquire loads smp_load_acquire, release stores smp_store_release; an RMW that succeeds is
 * xchg{_relaxed,_acquire,_release,} (value-returning: no Noreturn, as LkmmOracle assumes), a
 * failed one cmpxchg{...}(x, -1, 0) (it reads a value that is not -1, so it fails: FailedRMW); the
 * fences are smp_mb, smp_wmb, smp_rmb, smp_mb__before_atomic, smp_mb__after_atomic; locks are
 * spin_lock / spin_unlock; RCU sections rcu_read_lock / rcu_read_unlock; synchronize_rcu, and a
 * gp_begin / gp_end pair with no event of its task between, synchronize_rcu(). dep is an address
 * dependency *(x + (rD ^ rD)) (herd7 folds rD ^ rD to 0 before it knows rD, so the address stays x;
 * with rD &amp; 0 or rD * 0 it considers every location and can take hours), data a value
 * v + (rD ^ rD), ctrl an if (rC == v) around the one statement (herd7's ctrl reaches the if's body
 * only, like the trace's per-event ctrl). A test herd7 does not finish within the CPU time of
 * property herd7.timeout (default 60 s) has no verdict; the sweep counts such traces apart.
 *
 * A trace that begins with one task's stores and then its forks of every other task, and has no
 * other event of that task, is written with those stores as the initial state (the pm-* traces'
 * initialising task). Not converted (skipped with the reason): allocator events, other fork and
 * join events, signal/wait and call_rcu events, shared
 * (rwlock) locks, data_race() accesses, acquire/release fences, accesses of different sizes or
 * overlapping ranges, and references to events that are not earlier loads of the task.
 * </pre>
 */
public final class HerdLitmus {
  private HerdLitmus() {}

  /**
   * {@code suite DIR...}: every trace of the directories against its {@code expect:} lines; {@code
   * sweep SEED TRACES [OPTIONS [BATCH]]}: the traces of {@link LkmmOracleSweep#generate} for seeds
   * SEED.. against {@link LkmmOracle}, OPTIONS as {@link LkmmOracleSweep.Options#parse} reads them
   * ("plain" for none). System properties: {@code herd7} (the command), {@code lkmm} (the model's
   * directory), {@code herd.work} (a scratch directory, default /tmp/herd/work), {@code herd.keep}
   * (if set, the tests and graphs are left there), {@code herd.shrunk} (how many disagreements of
   * each kind are shrunk, default 5).
   */
  public static void main(String[] args) throws IOException {
    Path work = Path.of(System.getProperty("herd.work", "/tmp/herd/work"));
    if (args.length > 0 && args[0].equals("suite")) {
      suite(List.of(args).subList(1, args.length), work);
    } else if (args.length > 2 && args[0].equals("sweep")) {
      sweep(Long.parseLong(args[1]), Integer.parseInt(args[2]),
          args.length > 3 ? LkmmOracleSweep.Options.parse(args[3])
              : LkmmOracleSweep.Options.PLAIN, args.length > 4 ? Integer.parseInt(args[4]) : 200,
          work);
    } else {
      System.err.println("usage: HerdLitmus suite DIR... | sweep SEED TRACES [OPTIONS [BATCH]]");
      System.exit(2);
    }
  }

  // ---------------------------------------------------------------------------------- the suite

  /**
   * Prints, per trace, herd7's racing pairs against the {@code expect:} lines (and LkmmOracle's,
   * where it judges the trace), then the counts.
   */
  private static void suite(List<String> dirs, Path work) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String d : dirs) {
      try (Stream<Path> s = Files.list(Path.of(d))) {
        s.filter(f -> f.toString().endsWith(".jsonl")).sorted().forEach(files::add);
      }
    }
    List<Conversion> tests = new ArrayList<>();
    Map<String, List<Ev>> traces = new HashMap<>();
    Map<String, Set<List<Long>>> expected = new HashMap<>();
    Map<String, Boolean> contract = new HashMap<>();
    for (Path f : files) {
      String text = Files.readString(f);
      String name = f.getFileName().toString().replaceFirst("\\.jsonl$", "");
      List<Ev> trace = Ev.parseJsonLines(text);
      traces.put(name, trace);
      if (text.contains("# contract:")) {
        contract.put(name, true);
      }
      expected.put(name,
          LkmmOracleTest.racesOnly(text) ? LkmmOracleTest.expectedRaces(text) : null);
      tests.add(convert(name, trace));
    }
    Map<String, Verdict> verdicts = run(tests, work, 50);
    int agree = 0;
    int differ = 0;
    int skipped = 0;
    for (Conversion c : tests) {
      String n = c.name();
      if (c.skipped() != null) {
        skipped++;
        System.out.println("SKIP     " + n + ": " + c.skipped());
        continue;
      }
      Verdict v = verdicts.get(n);
      Set<List<Long>> want = expected.get(n);
      List<Ev> trace = traces.get(n);
      String oracle = !LkmmOracle.supports(trace) ? "unsupported"
          : String.valueOf(LkmmOracle.races(trace));
      boolean same = v.error() == null && v.allowed() && want != null && want.equals(v.races());
      if (same) {
        agree++;
      } else {
        differ++;
      }
      System.out.println((same ? "AGREE    " : "DIFFER   ") + n + ": herd7 "
          + (v.error() != null ? "error (" + v.error() + ")"
              : v.allowed() ? v.races() : "forbidden")
          + ", expect " + (want == null ? "(not data races only)" : want) + ", LkmmOracle " + oracle
          + ", executions " + v.executions() + ", flags " + v.flags()
          + (contract.containsKey(n) ? ", has # contract:" : ""));
    }
    System.out.println(files.size() + " traces: " + (files.size() - skipped) + " converted, "
        + agree + " agree, " + differ + " differ; " + skipped + " not converted");
  }

  // -------------------------------------------------------------------------------- the sweep

  /**
   * Compares herd7 with {@link LkmmOracle} on the generated traces of TRACES seeds from SEED:
   * whether the trace's execution is allowed, and its racing pairs. Prints each disagreement (the
   * first {@code herd.shrunk} of each kind with the trace, shrunk), then the counts.
   */
  private static void sweep(long seed, int traces, LkmmOracleSweep.Options options, int batch,
      Path work) {
    int agreeAllowed = 0;
    int agreeForbidden = 0;
    int disagree = 0;
    int unsupported = 0;
    int skipped = 0;
    int noAnswer = 0;
    Map<String, Integer> flags = new TreeMap<>();
    Map<String, Integer> kinds = new TreeMap<>();
    final int chunk = 1000;
    for (long from = seed; from < seed + traces; from += chunk) {
      List<Conversion> tests = new ArrayList<>();
      Map<String, List<Ev>> byName = new LinkedHashMap<>();
      for (long s = from; s < Math.min(seed + traces, from + chunk); s++) {
        List<Ev> trace = LkmmOracleSweep.generate(s, options);
        if (!LkmmOracle.supports(trace)) {
          unsupported++;
          continue;
        }
        Conversion c = convert("s" + s, trace);
        if (c.skipped() != null) {
          skipped++;
          System.out.println("seed " + s + " not converted: " + c.skipped());
          continue;
        }
        tests.add(c);
        byName.put(c.name(), trace);
      }
      Map<String, Verdict> verdicts = run(tests, work, batch);
      for (Map.Entry<String, List<Ev>> t : byName.entrySet()) {
        Verdict v = verdicts.get(t.getKey());
        for (String f : v.flags()) {
          flags.merge(f, 1, Integer::sum);
        }
        Set<List<Long>> oracle = LkmmOracle.races(t.getValue());
        if (v.error() != null && v.error().startsWith(NO_ANSWER)) {
          noAnswer++;
          System.out.println("NO-ANSWER " + t.getKey() + ": " + v.error() + ", LkmmOracle "
              + (oracle == null ? "forbidden" : oracle));
          continue;
        }
        if (agrees(v, oracle)) {
          if (oracle == null) {
            agreeForbidden++;
          } else {
            agreeAllowed++;
          }
          continue;
        }
        disagree++;
        Verdict lax = herd(t.getValue(), work, "-skipcheck", "plain-coherence");
        String kind = kind(lax, oracle);
        int seen = kinds.merge(kind, 1, Integer::sum);
        System.out.println("DISAGREE " + t.getKey() + " (" + kind + "): herd7 " + show(v)
            + ", LkmmOracle " + (oracle == null ? "forbidden" : oracle)
            + "; herd7 without plain-coherence " + show(lax));
        if (seen <= SHRUNK) {
          report(t.getValue(), kind, work);
        }
      }
      System.out.println("... seeds " + seed + ".." + Math.min(seed + traces, from + chunk)
          + ": agree " + (agreeAllowed + agreeForbidden) + ", disagree " + disagree);
    }
    System.out.println(traces + " seeds from " + seed + " (" + options.words() + "): "
        + agreeAllowed + " agree and are allowed, " + agreeForbidden
        + " agree that the model forbids the execution, " + disagree + " disagree, " + noAnswer
        + " without an answer from herd7 in time; " + skipped + " not converted, " + unsupported
        + " not supported by LkmmOracle; disagreements by kind "
        + kinds + " (plain-coherence: herd7 agrees once that axiom is skipped); herd7 flags "
        + flags);
  }

  /** Same allowed/forbidden, and if allowed the same racing pairs; a herd7 error never agrees. */
  private static boolean agrees(Verdict v, Set<List<Long>> oracle) {
    return v.error() == null && v.allowed() == (oracle != null)
        && (oracle == null || oracle.equals(v.races()));
  }

  /** Herd7's verdict on one trace, run on its own. */
  static Verdict herd(List<Ev> trace, Path work, String... options) {
    return herd(trace, work, false, options);
  }

  /** {@link #herd(List, Path, String...)}, with {@code withoutCoherence} as {@link #run} has it. */
  static Verdict herd(List<Ev> trace, Path work, boolean withoutCoherence, String... options) {
    Conversion c = convert("t", trace);
    if (c.skipped() != null) {
      return new Verdict(false, Set.of(), 0, List.of(), "not converted: " + c.skipped());
    }
    return run(List.of(c), work, 1, List.of(options), withoutCoherence).get("t");
  }

  /** Disagreements of each kind shown with their trace, shrunk. */
  private static final int SHRUNK = Integer.getInteger("herd.shrunk", 5);

  /** "plain-coherence" if herd7 run without that axiom agrees with the oracle, else "other". */
  private static String kind(Verdict lax, Set<List<Long>> oracle) {
    return agrees(lax, oracle) ? "plain-coherence" : "other";
  }

  /** Whether herd7 answers and disagrees with the oracle on {@code t} as {@code kind} names. */
  private static boolean disagrees(List<Ev> t, String kind, Path work) {
    if (!LkmmOracle.supports(t)) {
      return false;
    }
    Set<List<Long>> oracle = LkmmOracle.races(t);
    Verdict v = herd(t, work);
    return (v.error() == null || !v.error().startsWith(NO_ANSWER)) && !agrees(v, oracle)
        && kind.equals(kind(herd(t, work, "-skipcheck", "plain-coherence"), oracle));
  }

  /** Prints the trace and the trace shrunk while herd7 and LkmmOracle disagree as before. */
  private static void report(List<Ev> trace, String kind, Path work) {
    List<Ev> small = Shrinker.shrink(trace, t -> disagrees(t, kind, work));
    Verdict sv = herd(small, work);
    System.out.println(trace.stream().map(Ev::toJson).collect(Collectors.joining("\n"))
        + "\nshrunk: herd7 " + show(sv) + ", LkmmOracle "
        + (LkmmOracle.races(small) == null ? "forbidden" : LkmmOracle.races(small)) + ", on\n"
        + small.stream().map(Ev::toJson).collect(Collectors.joining("\n")) + "\n"
        + convert("shrunk", small).text());
  }

  private static String show(Verdict v) {
    return v.error() != null ? "error (" + v.error() + ")"
        : (v.allowed() ? String.valueOf(v.races()) : "forbidden") + " (" + v.executions()
            + " executions, flags " + v.flags() + ")";
  }

  /**
   * One memory event herd7 will draw: a read or a write of a data or lock location.
   *
   * @param index its place among all the test's slots, in line order
   */
  private record Slot(int index, long traceId, boolean write, String loc) {}

  /**
   * A trace written as a litmus test, with what its execution must look like in herd7's graphs; or
   * the reason it could not be written ({@code skipped} not null, the rest empty).
   *
   * @param name the test's name (also its file's and its dot file's)
   * @param text the C litmus test
   * @param procs each process's memory events in program order
   * @param rf for each data read (by global slot index), the slot it reads from, -1 for the
   *     initial value
   * @param co for each location, its writes' slots in line order
   * @param skipped why the trace was not converted, or null
   */
  record Conversion(String name, String text, List<List<Slot>> procs, Map<Integer, Integer> rf,
      Map<String, List<Integer>> co, String skipped) {
    static Conversion skip(String name, String reason) {
      return new Conversion(name, "", List.of(), Map.of(), Map.of(), reason);
    }
  }

  /**
   * What herd7 said about one converted trace.
   *
   * @param allowed whether an execution with the trace's rf and co passes the model
   * @param races the racing pairs of that execution (earlier, later trace id), empty if forbidden
   * @param executions how many executions passed the model and the filter
   * @param flags the flags herd7 raised for the test (data-race among them, if any execution races)
   * @param error herd7's complaint or a mismatch between the graph and the conversion, or null
   */
  record Verdict(boolean allowed, Set<List<Long>> races, int executions, List<String> flags,
      String error) {}

  // ---------------------------------------------------------------------------------- conversion

  /** {@code trace} as the C litmus test {@code name}, or the reason it cannot be one. */
  static Conversion convert(String name, List<Ev> trace) {
    try {
      return new Writer(name, trace).write();
    } catch (Unsupported e) {
      return Conversion.skip(name, e.getMessage());
    }
  }

  private static final class Unsupported extends Exception {
    Unsupported(String why) {
      super(why);
    }
  }

  /** Writes one trace; {@link Unsupported} at the first event it cannot express. */
  private static final class Writer {
    private final String name;
    private final List<Ev> trace;
    private final Map<String, Integer> procOf = new LinkedHashMap<>();
    private final Map<Long, String> locName = new LinkedHashMap<>();
    private final Map<String, String> lockName = new LinkedHashMap<>();
    private final Map<Long, Ev> byId = new HashMap<>();
    /** Value read (loads, RMWs) per trace id. */
    private final Map<Long, Long> readValue = new HashMap<>();
    /** Value written per trace id (stores, successful RMWs). */
    private final Map<Long, Long> writtenValue = new HashMap<>();
    private final Map<Long, Integer> writeSlot = new HashMap<>();
    /** Location to the trace id of its latest store so far. */
    private final Map<Long, Long> latestStore = new HashMap<>();
    private final List<List<Slot>> procs = new ArrayList<>();
    private final List<List<String>> body = new ArrayList<>();
    private final List<Set<String>> registers = new ArrayList<>();
    private final List<Slot> slots = new ArrayList<>();
    private final Map<Integer, Integer> rf = new HashMap<>();
    private final Map<String, List<Integer>> co = new LinkedHashMap<>();
    private final List<String> filter = new ArrayList<>();
    /** The initial values an initialising task stores (see initialState). */
    private final Map<String, Long> initial = new LinkedHashMap<>();

    Writer(String name, List<Ev> trace) {
      this.name = name;
      this.trace = trace;
    }

    Conversion write() throws Unsupported {
      checkSizes();
      Map<Long, Long> current = new HashMap<>(); // location -> value of its latest store
      Map<Long, Long> stores = new HashMap<>(); // location -> stores so far
      int start = initialState(current, stores);
      for (int i = start; i < trace.size(); i++) {
        Ev e = trace.get(i);
        byId.put(e.id(), e);
        int p = procOf.computeIfAbsent(e.tid(), t -> {
          procs.add(new ArrayList<>());
          body.add(new ArrayList<>());
          registers.add(new TreeSet<>());
          return procs.size() - 1;
        });
        switch (e.op()) {
          case LOAD, STORE, RMW -> access(p, e, current, stores);
          case FENCE -> body.get(p).add(fence(e) + " // " + e.id());
          case LOCK, UNLOCK -> {
            if (e.shared()) {
              throw new Unsupported("event " + e.id() + ": shared (rwlock) lock mode");
            }
            String l = lockName.computeIfAbsent(e.key(), k -> "l" + lockName.size());
            if (e.op() == Op.LOCK) {
              slot(p, e.id(), false, l);
            }
            int w = slot(p, e.id(), true, l);
            co.computeIfAbsent(l, k -> new ArrayList<>()).add(w);
            body.get(p).add((e.op() == Op.LOCK ? "spin_lock(" : "spin_unlock(") + l + "); // "
                + e.id());
          }
          case RCU_READ_LOCK -> body.get(p).add("rcu_read_lock(); // " + e.id());
          case RCU_READ_UNLOCK -> body.get(p).add("rcu_read_unlock(); // " + e.id());
          case SYNCHRONIZE_RCU, GP_END -> body.get(p).add("synchronize_rcu(); // " + e.id());
          case GP_BEGIN -> gpBegin(i, e);
          default -> throw new Unsupported("event " + e.id() + ": " + e.op().wireName()
              + " has no LKMM counterpart");
        }
      }
      for (Map.Entry<Long, Long> s : current.entrySet()) {
        filter.add(locName.get(s.getKey()) + "=" + s.getValue());
      }
      return new Conversion(name, text(), procs, rf, co, null);
    }

    /**
     * The initial state: if the trace begins with a task's plain or marked stores (no dependencies)
     * and then its forks of every other task, and that task does nothing more, those stores are the
     * litmus test's initial values (init writes, which the model orders before everything and never
     * counts in a race, as the forks order them in the trace) and the task is left out. Returns the
     * index of the first event still to write.
     */
    private int initialState(Map<Long, Long> current, Map<Long, Long> stores) {
      if (trace.isEmpty()) {
        return 0;
      }
      String init = trace.get(0).tid();
      int i = 0;
      while (i < trace.size() && trace.get(i).op() == Op.STORE && trace.get(i).tid().equals(init)
          && trace.get(i).dep() < 0 && trace.get(i).ctrl() < 0 && trace.get(i).data() < 0) {
        i++;
      }
      int forks = i;
      Set<String> forked = new HashSet<>();
      while (i < trace.size() && trace.get(i).op() == Op.FORK && trace.get(i).tid().equals(init)) {
        forked.add(trace.get(i).child());
        i++;
      }
      Set<String> others = new HashSet<>();
      for (int j = i; j < trace.size(); j++) {
        others.add(trace.get(j).tid());
      }
      if (forks == i || others.contains(init) || !forked.containsAll(others)) {
        return 0;
      }
      for (int j = 0; j < forks; j++) {
        Ev e = trace.get(j);
        byId.put(e.id(), e);
        String x = locName.computeIfAbsent(e.addr(), a -> "x" + locName.size());
        long v = stores.merge(e.addr(), 1L, Long::sum);
        writtenValue.put(e.id(), v);
        current.put(e.addr(), v);
        initial.put(x, v);
      }
      for (int j = forks; j < i; j++) {
        byId.put(trace.get(j).id(), trace.get(j));
      }
      return i;
    }

    /** Accesses to one location all have one size, and different locations do not overlap. */
    private void checkSizes() throws Unsupported {
      String problem = LkmmOracleTest.locationProblem(trace);
      if (problem != null) {
        throw new Unsupported(problem);
      }
    }

    /** A grace period's begin: nothing, if its end is the task's next event; else unsupported. */
    private void gpBegin(int i, Ev e) throws Unsupported {
      for (int j = i + 1; j < trace.size(); j++) {
        Ev f = trace.get(j);
        if (f.tid().equals(e.tid())) {
          if (f.op() == Op.GP_END) {
            return;
          }
          break;
        }
      }
      throw new Unsupported("event " + e.id() + ": task events inside a grace period");
    }

    private void access(int p, Ev e, Map<Long, Long> current, Map<Long, Long> stores)
        throws Unsupported {
      if (e.mo() == MemOrder.DATA_RACE) {
        throw new Unsupported("event " + e.id() + ": data_race() access");
      }
      String x = locName.computeIfAbsent(e.addr(), a -> "x" + locName.size());
      String r0 = e.dep() < 0 ? null : register(e, e.dep());
      String where = r0 == null ? x : "(" + x + " + (" + r0 + " ^ " + r0 + "))";
      String stmt;
      if (e.reads()) {
        long source = e.rf();
        long value;
        if (source >= 0) {
          Ev s = byId.get(source);
          if (s == null || !s.writes() || s.addr() != e.addr()) {
            throw new Unsupported("event " + e.id() + ": rf " + source
                + " is not an earlier store to its address");
          }
          value = writtenValue.get(source);
          rf.put(slot(p, e.id(), false, x), writeSlot.getOrDefault(source, -1));
        } else {
          value = current.getOrDefault(e.addr(), 0L);
          Long latest = latestStore.get(e.addr());
          rf.put(slot(p, e.id(), false, x), latest == null ? -1 : writeSlot.get(latest));
        }
        readValue.put(e.id(), value);
        String r = "r" + e.id();
        registers.get(p).add(r);
        filter.add(p + ":" + r + "=" + value);
        if (e.op() == Op.LOAD) {
          stmt = r + " = " + switch (e.mo()) {
            case PLAIN -> "*" + where;
            case ONCE, RELAXED -> "READ_ONCE(*" + where + ")";
            case ACQUIRE -> "smp_load_acquire(" + where + ")";
            default -> throw new Unsupported("event " + e.id() + ": load marked " + e.mo());
          } + ";";
        } else if (e.ok()) {
          long v = written(p, e, x, current, stores);
          stmt = r + " = xchg" + rmwSuffix(e) + "(" + where + ", " + valueExpr(e, v) + ");";
        } else {
          stmt = r + " = cmpxchg" + rmwSuffix(e) + "(" + where + ", -1, 0);";
        }
      } else {
        String val = valueExpr(e, written(p, e, x, current, stores));
        stmt = switch (e.mo()) {
          case PLAIN -> "*" + where + " = " + val + ";";
          case ONCE, RELAXED -> "WRITE_ONCE(*" + where + ", " + val + ");";
          case RELEASE -> "smp_store_release(" + where + ", " + val + ");";
          default -> throw new Unsupported("event " + e.id() + ": store marked " + e.mo());
        };
      }
      if (e.ctrl() >= 0) {
        stmt = "if (" + register(e, e.ctrl()) + " == " + readValue.get(e.ctrl()) + ") { " + stmt
            + " }";
      }
      body.get(p).add(stmt + " // " + e.id());
    }

    private String rmwSuffix(Ev e) throws Unsupported {
      return switch (e.mo()) {
        case RELAXED, ONCE -> "_relaxed";
        case ACQUIRE -> "_acquire";
        case RELEASE -> "_release";
        case FULL -> "";
        default -> throw new Unsupported("event " + e.id() + ": rmw marked " + e.mo());
      };
    }

    /**
     * The value {@code v}, with a data dependency v + (rD ^ rD): herd7 folds rD ^ rD to 0 before it
     * knows rD, so the value it stores is known when it chooses reads-from (rD + c leaves it
     * symbolic, and herd7 can then take hours), and keeps the data edge.
     */
    private String valueExpr(Ev e, long v) throws Unsupported {
      if (e.data() < 0) {
        return Long.toString(v);
      }
      String r = register(e, e.data());
      return v + " + (" + r + " ^ " + r + ")";
    }

    /** The register of load {@code ref}, which must be an earlier load or RMW of e's task. */
    private String register(Ev e, long ref) throws Unsupported {
      Ev source = byId.get(ref);
      if (source == null || source.id() == e.id() || !source.reads()
          || !source.tid().equals(e.tid())) {
        throw new Unsupported("event " + e.id() + ": dependency on " + ref
            + ", not an earlier load of its task");
      }
      return "r" + ref;
    }

    private String fence(Ev e) throws Unsupported {
      return switch (e.fence()) {
        case MB -> "smp_mb();";
        case WMB -> "smp_wmb();";
        case RMB -> "smp_rmb();";
        case BEFORE_ATOMIC -> "smp_mb__before_atomic();";
        case AFTER_ATOMIC -> "smp_mb__after_atomic();";
        default -> throw new Unsupported("event " + e.id() + ": fence " + e.fence().wireName()
            + " has no LKMM counterpart");
      };
    }

    /** A new slot of process p, its index returned. */
    private int slot(int p, long traceId, boolean write, String loc) {
      Slot s = new Slot(slots.size(), traceId, write, loc);
      procs.get(p).add(s);
      slots.add(s);
      return s.index();
    }

    /**
     * The write of data access e to x: its slot, last in x's coherence order, and its value, the
     * next of x's distinct values (current: each location's latest; stores: how many so far), which
     * is returned.
     */
    private long written(int p, Ev e, String x, Map<Long, Long> current, Map<Long, Long> stores) {
      long v = stores.merge(e.addr(), 1L, Long::sum);
      writtenValue.put(e.id(), v);
      current.put(e.addr(), v);
      int w = slot(p, e.id(), true, x);
      writeSlot.put(e.id(), w);
      latestStore.put(e.addr(), e.id());
      co.computeIfAbsent(x, k -> new ArrayList<>()).add(w);
      return v;
    }

    private String text() {
      StringBuilder sb = new StringBuilder("C ").append(name).append("\n\n(*\n");
      locName.forEach((a, n) -> sb.append(" * ").append(n).append(" = 0x")
          .append(Long.toHexString(a)).append('\n'));
      lockName.forEach((k, n) -> sb.append(" * ").append(n).append(" = lock ").append(k)
          .append('\n'));
      procOf.forEach((t, p) -> sb.append(" * P").append(p).append(" = task ").append(t)
          .append('\n'));
      sb.append(" *)\n\n{").append(initial.entrySet().stream()
          .map(v -> " " + v.getKey() + "=" + v.getValue() + ";").collect(Collectors.joining()))
          .append(initial.isEmpty() ? "" : " ").append("}\n");
      String params = Stream.concat(locName.values().stream().map(n -> "int *" + n),
          lockName.values().stream().map(n -> "spinlock_t *" + n))
          .collect(Collectors.joining(", "));
      for (int p = 0; p < body.size(); p++) {
        sb.append("\nP").append(p).append('(').append(params).append(")\n{\n");
        for (String r : registers.get(p)) {
          sb.append("\tint ").append(r).append(";\n");
        }
        if (!registers.get(p).isEmpty()) {
          sb.append('\n');
        }
        for (String s : body.get(p)) {
          sb.append('\t').append(s).append('\n');
        }
        sb.append("}\n");
      }
      if (!filter.isEmpty()) {
        sb.append("\nfilter (").append(String.join(" /\\ ", filter)).append(")\n");
      }
      return sb.append("exists (true)\n").toString();
    }
  }

  // ------------------------------------------------------------------------------------- herd7

  /**
   * Runs herd7 on the converted tests, {@code batch} to an invocation, in a fresh directory under
   * {@code work}: herd7 is the command of system property {@code herd7} (default "herd7"), the
   * model the directory of property {@code lkmm} (linux-kernel.{cfg,cat,bell,def}, lock.cat), to
   * which a copy of linux-kernel.cat with the {@code show} of the racing pairs is added in {@code
   * work}, with a configuration naming it. Returns a verdict per test name.
   */
  static Map<String, Verdict> run(List<Conversion> tests, Path work, int batch) {
    return run(tests, work, batch, List.of());
  }

  /** {@link #run(List, Path, int)} with more herd7 options ({@code -skipcheck plain-coherence}). */
  static Map<String, Verdict> run(List<Conversion> tests, Path work, int batch,
      List<String> options) {
    return run(tests, work, batch, options, false);
  }

  /** The part of linux-kernel.cat's prop that orders through coherence. */
  private static final String PROP_COHERENCE = "(overwrite & ext)? ;";

  /**
   * {@link #run(List, Path, int, List)}, with {@code withoutCoherence}: on the model whose prop
   * leaves out its {@code (overwrite & ext)?} part (ordering through coherence), in files of their
   * own ({@code lkmm-races-nocoh.cat} and {@code .cfg}).
   */
  static Map<String, Verdict> run(List<Conversion> tests, Path work, int batch,
      List<String> options, boolean withoutCoherence) {
    try {
      Path lkmm = Path.of(System.getProperty("lkmm", "tools/memory-model")).toAbsolutePath();
      Files.createDirectories(work);
      String model = withoutCoherence ? "lkmm-races-nocoh" : "lkmm-races";
      String cat = Files.readString(lkmm.resolve("linux-kernel.cat"));
      if (withoutCoherence) {
        if (!cat.contains(PROP_COHERENCE)) {
          throw new IllegalStateException("linux-kernel.cat in " + lkmm + " has no \""
              + PROP_COHERENCE + "\" in prop to leave out");
        }
        cat = cat.replace(PROP_COHERENCE, "");
      }
      Files.writeString(work.resolve(model + ".cat"), cat
          + "\n(* For the trace cross-check: the racing pairs, as edges of the graphs *)\n"
          + "show ww-race | wr-race | rw-race as race\n");
      // the stock configuration's macros, bell and variant; graphs that draw every edge
      String cfg = Files.readString(lkmm.resolve("linux-kernel.cfg")).lines()
          .filter(l -> l.startsWith("macros ") || l.startsWith("bell ") || l.startsWith("variant "))
          .collect(Collectors.joining("\n", "", "\nmodel " + model + ".cat\ngraph columns\n"
              + "showevents noregs\nshowinitrf false\nshowfinalrf false\nshowinitwrites false\n"));
      Files.writeString(work.resolve(model + ".cfg"), cfg);
      Map<String, Verdict> out = new HashMap<>();
      List<Conversion> todo = tests.stream().filter(c -> c.skipped() == null).toList();
      for (int from = 0; from < todo.size(); from += batch) {
        List<Conversion> chunk = todo.subList(from, Math.min(todo.size(), from + batch));
        out.putAll(runBatch(chunk, work, lkmm, model + ".cfg", options));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Verdict> runBatch(List<Conversion> chunk, Path work, Path lkmm,
      String conf, List<String> options) throws IOException {
    Path dir = Files.createTempDirectory(work, "batch");
    Path dots = Files.createDirectories(dir.resolve("dot"));
    List<String> cmd = new ArrayList<>(List.of(System.getProperty("herd7", "herd7"),
        // work first: its lkmm-races.cat and .cfg, written above, must win over any stale copies
        // in the model's directory
        "-I", work.toAbsolutePath().toString(), "-I", lkmm.toString(), "-conf", conf,
        "-timeout", System.getProperty("herd7.timeout", "60"),
        "-o", dots.toString(), "-show", "prop", "-showraw", "co,rf,race",
        // with movelabel herd7 leaves out edges that span a column (the stock configuration sets
        // it); squished nodes carry their column's position, from which DotGraph reads po
        "-movelabel", "false", "-squished", "true"));
    cmd.addAll(options);
    for (Conversion c : chunk) {
      Path f = dir.resolve(c.name() + ".litmus");
      Files.writeString(f, c.text());
      cmd.add(f.toString());
    }
    Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      proc.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    Map<String, List<String>> flags = new HashMap<>();
    Map<String, Integer> states = new HashMap<>();
    String test = null;
    for (String line : output.split("\n")) {
      if (line.startsWith("Test ")) {
        test = line.split(" ")[1];
        flags.put(test, new ArrayList<>());
      } else if (test != null && line.startsWith("Flag ")) {
        flags.get(test).add(line.substring(5).strip());
      } else if (test != null && line.startsWith("States ")) {
        states.put(test, Integer.parseInt(line.substring(7).strip()));
      }
    }
    Map<String, Verdict> out = new HashMap<>();
    for (Conversion c : chunk) {
      if (!flags.containsKey(c.name())) {
        out.put(c.name(), new Verdict(false, Set.of(), 0, List.of(),
            NO_ANSWER + herdComplaint(output, c.name())));
        continue;
      }
      Path dot = dots.resolve(c.name() + ".dot");
      List<DotGraph> graphs = Files.exists(dot) ? DotGraph.parse(Files.readString(dot)) : List.of();
      out.put(c.name(), judge(c, graphs, flags.get(c.name())));
    }
    if (System.getProperty("herd.keep") == null) {
      deleteTree(dir);
    }
    return out;
  }

  /** The start of a verdict's error when herd7 gave no answer for the test. */
  static final String NO_ANSWER = "no answer from herd7 (timeout, or the test was refused)";

  private static String herdComplaint(String output, String name) {
    return output.lines().filter(l -> l.contains(name + ".litmus") || l.contains(" " + name + " "))
        .map(l -> ": " + l).findFirst().orElse("");
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The verdict from the graphs: the racing pairs of the graph with the trace's co and rf. */
  private static Verdict judge(Conversion c, List<DotGraph> graphs, List<String> flags) {
    Set<List<Long>> races = null;
    int matching = 0;
    boolean anyRace = graphs.stream().anyMatch(g -> g.edges().stream()
        .anyMatch(e -> e.label().equals("race")));
    if (anyRace != flags.contains("data-race")) {
      return new Verdict(false, Set.of(), graphs.size(), flags,
          "race edges in the graphs do not match herd7's data-race flag");
    }
    for (DotGraph g : graphs) {
      Map<String, Integer> slotOf;
      try {
        slotOf = g.slots(c.procs());
        if (!g.matches(c, slotOf)) {
          continue;
        }
      } catch (IllegalStateException e) {
        return new Verdict(false, Set.of(), graphs.size(), flags, e.getMessage());
      }
      matching++;
      races = g.races(c, slotOf);
    }
    if (matching > 1) {
      return new Verdict(true, races, graphs.size(), flags,
          matching + " graphs have the trace's co and rf");
    }
    return new Verdict(races != null, races == null ? Set.of() : races, graphs.size(), flags, null);
  }

  /** One execution as herd7 draws it: nodes with their process and height, and labelled edges. */
  private record DotGraph(List<Node> nodes, List<Edge> edges) {
    private record Node(String id, int proc, double y, String label) {}

    private record Edge(String from, String to, String label) {}

    private static final Pattern PROC =
        Pattern.compile("^proc(\\d+)_label_node .*pos=\"([-0-9.]+),");
    private static final Pattern NODE =
        Pattern.compile("^(eiid\\d+) \\[label=\"([^\"]*)\".*pos=\"([-0-9.]+),([-0-9.]+)!\"");
    private static final Pattern EDGE =
        Pattern.compile("^(eiid\\d+) -> (eiid\\d+) \\[label=\"([^\"]*)\"(.*)$");
    /** A data access: R or W (* for an RMW's), annotations, [location]=value. */
    private static final Pattern ACCESS =
        Pattern.compile("^\\S+: ([RW])\\*?(?:\\[[^\\]]*\\])*?\\[(\\w+)\\]=");
    private static final Pattern LOCK = Pattern.compile("^\\S+: Lock\\(\\[(\\w+)\\],([RW])\\)");
    private static final Pattern UNLOCK = Pattern.compile("^\\S+: Unlock\\(\\[(\\w+)\\]\\)");

    static List<DotGraph> parse(String dot) {
      List<DotGraph> out = new ArrayList<>();
      Map<Double, Integer> procAt = new HashMap<>();
      List<String[]> rawNodes = new ArrayList<>();
      List<Edge> edges = null;
      for (String line : dot.split("\n")) {
        if (line.startsWith("digraph")) {
          if (edges != null) {
            out.add(build(procAt, rawNodes, edges));
          }
          procAt = new HashMap<>();
          rawNodes = new ArrayList<>();
          edges = new ArrayList<>();
          continue;
        }
        Matcher m = PROC.matcher(line);
        if (m.find()) {
          procAt.put(Double.parseDouble(m.group(2)), Integer.parseInt(m.group(1)));
          continue;
        }
        m = NODE.matcher(line);
        if (m.find()) {
          rawNodes.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(4)});
          continue;
        }
        m = EDGE.matcher(line);
        if (m.find() && edges != null) {
          boolean back = m.group(4).contains("dir=\"back\"");
          edges.add(back ? new Edge(m.group(2), m.group(1), m.group(3))
              : new Edge(m.group(1), m.group(2), m.group(3)));
        }
      }
      if (edges != null) {
        out.add(build(procAt, rawNodes, edges));
      }
      return out;
    }

    private static DotGraph build(Map<Double, Integer> procAt, List<String[]> raw,
        List<Edge> edges) {
      List<Node> nodes = new ArrayList<>();
      for (String[] r : raw) {
        Integer proc = procAt.get(Double.parseDouble(r[2]));
        if (proc == null) {
          throw new IllegalStateException("node " + r[0] + " in no process column");
        }
        nodes.add(new Node(r[0], proc, Double.parseDouble(r[3]), r[1]));
      }
      return new DotGraph(nodes, edges);
    }

    /** Node id to global slot index, matching each process's memory nodes to its slots in order. */
    Map<String, Integer> slots(List<List<Slot>> procs) {
      Map<String, Integer> out = new HashMap<>();
      for (int p = 0; p < procs.size(); p++) {
        final int proc = p;
        List<Node> mine = nodes.stream().filter(n -> n.proc() == proc && kind(n) != null)
            .sorted(Comparator.comparingDouble(n -> -n.y())).toList();
        List<Slot> want = procs.get(p);
        if (mine.size() != want.size()) {
          throw new IllegalStateException("P" + p + ": " + mine.size() + " memory nodes for "
              + want.size() + " events");
        }
        for (int i = 0; i < mine.size(); i++) {
          String[] kind = kind(mine.get(i));
          Slot s = want.get(i);
          if (!kind[0].equals(s.write() ? "W" : "R") || !kind[1].equals(s.loc())) {
            throw new IllegalStateException("P" + p + ": node " + mine.get(i).label()
                + " where event " + s.traceId() + " was expected");
          }
          out.put(mine.get(i).id(), s.index());
        }
      }
      return out;
    }

    /** {R or W, location} of a memory node, or null for a fence or branch. */
    private static String[] kind(Node n) {
      Matcher m = ACCESS.matcher(n.label());
      if (m.find()) {
        return new String[] {m.group(1), m.group(2)};
      }
      m = LOCK.matcher(n.label());
      if (m.find()) {
        return new String[] {m.group(2), m.group(1)};
      }
      m = UNLOCK.matcher(n.label());
      return m.find() ? new String[] {"W", m.group(1)} : null;
    }

    /** Whether this graph's co is the trace's; its rf must be (else IllegalStateException). */
    boolean matches(Conversion c, Map<String, Integer> slotOf) {
      Set<List<Integer>> co = new HashSet<>();
      Map<Integer, Integer> rf = new HashMap<>();
      for (Edge e : edges) {
        Integer a = slotOf.get(e.from());
        Integer b = slotOf.get(e.to());
        if (a == null || b == null) {
          continue;
        }
        if (e.label().equals("co")) {
          co.add(List.of(a, b));
        } else if (e.label().equals("rf")) {
          rf.put(b, a);
        }
      }
      for (List<Integer> writes : c.co().values()) {
        for (int i = 0; i + 1 < writes.size(); i++) {
          if (!co.contains(List.of(writes.get(i), writes.get(i + 1)))) {
            return false;
          }
        }
      }
      for (Map.Entry<Integer, Integer> r : c.rf().entrySet()) {
        if (r.getValue() != rf.getOrDefault(r.getKey(), -1).intValue()) {
          // the filter pins every read's value, and each value has one writer
          throw new IllegalStateException("slot " + r.getKey() + " reads from slot "
              + rf.getOrDefault(r.getKey(), -1) + ", not " + r.getValue());
        }
      }
      return true;
    }

    /** The race edges as (earlier, later) trace id pairs. */
    Set<List<Long>> races(Conversion c, Map<String, Integer> slotOf) {
      Map<Integer, Long> traceId = new HashMap<>();
      c.procs().forEach(p -> p.forEach(s -> traceId.put(s.index(), s.traceId())));
      Set<List<Long>> out = new TreeSet<>(LkmmOracle.PAIRS);
      for (Edge e : edges) {
        if (e.label().equals("race")) {
          long a = traceId.get(slotOf.get(e.from()));
          long b = traceId.get(slotOf.get(e.to()));
          out.add(List.of(Math.min(a, b), Math.max(a, b)));
        }
      }
      return out;
    }
  }
}
