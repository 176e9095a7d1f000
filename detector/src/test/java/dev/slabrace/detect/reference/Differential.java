package dev.slabrace.detect.reference;

import dev.slabrace.detect.Collect;
import dev.slabrace.detect.EveryPair;
import dev.slabrace.detect.reference.ReferenceEngine.Deviation;
import dev.slabrace.detect.reference.ReferenceEngine.RefFinding;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingKind;
import dev.slabrace.finding.TraceResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs the fast engine and the reference on one trace and compares what the issue asks to be equal.
 *
 * <p>The fast engine drops shadow cells that a later access of the same task dominates (KCSAN keeps
 * one watchpoint too), so for the same racy later access it may name a later earlier access than the
 * reference does; and it reports a bounded selection of the earlier accesses a later one races with
 * (AccessChecker), not every pair. Exact (kind, earlier, later) pairs are therefore compared one way
 * only, and the sets that must be identical are:
 *
 * <ul>
 *   <li>for data races and assert races: every (kind, later event id, conflicting byte), so the kinds,
 *       the racy later events and the racy addresses all match;
 *   <li>for use-after-free and double free: every (kind, earlier id, later id, addr, size);
 *   <li>and every finding of the fast engine must be one the reference makes, pair and bytes exact.
 * </ul>
 */
final class Differential {
  private Differential() {}

  /** Both engines' findings on one trace, and whether they agree. */
  record Outcome(Set<RefFinding> fast, Set<RefFinding> reference, boolean agree, String difference) {}

  static Outcome compare(List<Ev> trace) {
    return compare(trace, fast(trace), Set.of());
  }

  /** Compares {@code fast} with the reference departing from its semantics in {@code deviations}. */
  static Outcome compare(List<Ev> trace, Set<RefFinding> fast, Set<Deviation> deviations) {
    Set<RefFinding> reference = new TreeSet<>(ReferenceEngine.analyze(trace, deviations));
    Set<String> fastView = view(fast);
    Set<String> refView = view(reference);
    // WIDE_BYTES: a finding names the overlap of its two accesses, which may reach past the bytes
    // they race on; the bounded selection of reports may name another earlier access whose overlap
    // is narrower. Every racy byte must be named and no byte beyond the widest overlap.
    Set<String> strictView = refView;
    if (deviations.contains(Deviation.WIDE_BYTES)) {
      Set<Deviation> strict = EnumSet.noneOf(Deviation.class);
      strict.addAll(deviations);
      strict.remove(Deviation.WIDE_BYTES);
      strictView = view(new TreeSet<>(ReferenceEngine.analyze(trace, strict)));
    }
    List<String> problems = new ArrayList<>();
    Set<String> onlyFast = new TreeSet<>(fastView);
    onlyFast.removeAll(refView);
    Set<String> onlyRef = new TreeSet<>(strictView);
    onlyRef.removeAll(fastView);
    if (!onlyFast.isEmpty()) {
      problems.add("only the fast engine: " + onlyFast);
    }
    if (!onlyRef.isEmpty()) {
      problems.add("only the reference: " + onlyRef);
    }
    Set<RefFinding> notInRef = new TreeSet<>(fast);
    notInRef.removeAll(reference);
    if (!notInRef.isEmpty()) {
      problems.add("fast-engine findings the reference does not make: " + notInRef);
    }
    return new Outcome(fast, reference, problems.isEmpty(), String.join("; ", problems));
  }

  /**
   * The smallest set of the {@code known} deviations under which the reference agrees with the fast
   * engine on {@code trace} (empty if it agrees as it is), or null if none does: a new disagreement.
   */
  static Set<Deviation> explain(List<Ev> trace, Set<Deviation> known) {
    Set<RefFinding> fast = fast(trace);
    List<Deviation> list = new ArrayList<>(known);
    List<Set<Deviation>> subsets = new ArrayList<>();
    for (int mask = 0; mask < 1 << list.size(); mask++) {
      Set<Deviation> subset = EnumSet.noneOf(Deviation.class);
      for (int i = 0; i < list.size(); i++) {
        if ((mask & 1 << i) != 0) {
          subset.add(list.get(i));
        }
      }
      subsets.add(subset);
    }
    subsets.sort(Comparator.comparingInt(Set::size));
    for (Set<Deviation> subset : subsets) {
      if (compare(trace, fast, subset).agree()) {
        return subset;
      }
    }
    return null;
  }

  /**
   * The fast engine's findings as (kind, earlier id, later id, addr, size), with every cell of a
   * crowded granule kept: the reference has no such bound (BoundedFindingsTest covers it).
   */
  static Set<RefFinding> fast(List<Ev> trace) {
    try {
      return asRef(Collect.analyzeUnbounded(new EvSource(trace)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What AccessChecker's bounded selection of reports must keep of the engine's every racing pair, or
   * null when it keeps it all. The selection reports fewer pairs (so pair sets are not compared) but
   * what the reports are for must not change: every event named in a data race (earlier or later),
   * every pair of code locations that races (the text report's keys), every racy byte of every later
   * event (the JSON's addresses), and only pairs that race.
   */
  static String selectionProblems(List<Ev> trace) {
    try {
      List<Finding> chosen = Collect.analyzeUnbounded(new EvSource(trace));
      List<Finding> every = EveryPair.analyze(new EvSource(trace));
      List<String> problems = new ArrayList<>();
      Set<RefFinding> all = asRef(every);
      Set<RefFinding> extra = new TreeSet<>(asRef(chosen));
      extra.removeAll(all);
      if (!extra.isEmpty()) {
        problems.add("reported pairs that every-pair mode does not make: " + extra);
      }
      compareViews(problems, "named events", named(chosen), named(every));
      compareViews(problems, "code-location pairs", locations(chosen), locations(every));
      // bytes named only by every-pair mode must be WIDE_BYTES's: racy in no strict reference
      Set<String> lost = new TreeSet<>(view(all));
      lost.removeAll(view(asRef(chosen)));
      Set<String> racy = view(new TreeSet<>(ReferenceEngine.analyze(trace)));
      racy.retainAll(lost);
      if (!racy.isEmpty()) {
        problems.add("racy bytes lost: " + racy);
      }
      return problems.isEmpty() ? null : String.join("; ", problems);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void compareViews(List<String> problems, String what, Set<String> chosen,
      Set<String> every) {
    if (!chosen.equals(every)) {
      Set<String> lost = new TreeSet<>(every);
      lost.removeAll(chosen);
      problems.add(what + " differ: lost " + lost + ", every pair " + every);
    }
  }

  /** {@code findings} as (kind, earlier id, later id, addr, size). */
  static Set<RefFinding> asRef(List<Finding> findings) {
    Set<RefFinding> out = new TreeSet<>();
    for (Finding f : findings) {
      out.add(new RefFinding(f.kind(), f.first().id(), f.second().id(), f.addr(), f.size()));
    }
    return out;
  }

  private static Set<String> named(List<Finding> findings) {
    Set<String> out = new TreeSet<>();
    for (Finding f : findings) {
      if (f.kind() == FindingKind.DATA_RACE) {
        out.add(Long.toString(f.first().id()));
        out.add(Long.toString(f.second().id()));
      }
    }
    return out;
  }

  private static Set<String> locations(List<Finding> findings) {
    Set<String> out = new TreeSet<>();
    for (Finding f : findings) {
      String a = f.first().topFrame();
      String b = f.second().topFrame();
      out.add(f.kind().wireName() + " " + (a.compareTo(b) <= 0 ? a + " " + b : b + " " + a));
    }
    return out;
  }

  /** The fast engine's warnings on {@code trace}, for the failure message. */
  static List<String> fastWarnings(List<Ev> trace) {
    try {
      TraceResult result = Collect.analyze(new EvSource(trace));
      List<String> out = new ArrayList<>();
      result.summary().warnings().forEach(w -> out.add(w.toString()));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> view(Set<RefFinding> findings) {
    Set<String> out = new TreeSet<>();
    for (RefFinding f : findings) {
      if (f.kind() == FindingKind.DATA_RACE || f.kind() == FindingKind.ASSERT_RACE) {
        for (long b = f.addr(); b < f.addr() + f.size(); b++) {
          out.add(f.kind().wireName() + " @" + f.second() + " 0x" + Long.toHexString(b));
        }
      } else {
        out.add(f.toString());
      }
    }
    return out;
  }

  /** Renumbers the events 0..n-1 (the contract's default ids), rewriting dep, ctrl and rf. */
  static List<Ev> renumber(List<Ev> trace) {
    Map<Long, Long> ids = new HashMap<>();
    for (int i = 0; i < trace.size(); i++) {
      ids.put(trace.get(i).id(), (long) i);
    }
    List<Ev> out = new ArrayList<>();
    for (Ev e : trace) {
      out.add(e.withId(ids.get(e.id())).withRefs(ids.getOrDefault(e.dep(), -1L),
          ids.getOrDefault(e.ctrl(), -1L), ids.getOrDefault(e.rf(), -1L))
          .withData(ids.getOrDefault(e.data(), -1L)));
    }
    return out;
  }

  /** The trace as JSON Lines, one event per line. */
  static String jsonLines(List<Ev> trace) {
    StringBuilder sb = new StringBuilder();
    for (Ev e : trace) {
      sb.append(e.toJson()).append('\n');
    }
    return sb.toString();
  }

  /** A report of a disagreement: the trace, both finding sets, the difference. */
  static String describe(String title, List<Ev> trace) {
    return describe(title, trace, Set.of());
  }

  /** A report of a disagreement, also showing the reference with the {@code known} deviations. */
  static String describe(String title, List<Ev> trace, Set<Deviation> known) {
    Outcome o = compare(trace);
    StringBuilder sb = new StringBuilder(title).append('\n');
    sb.append(jsonLines(trace));
    sb.append("fast engine: ").append(o.fast()).append('\n');
    sb.append("reference:   ").append(o.reference()).append('\n');
    sb.append("difference:  ").append(o.difference()).append('\n');
    if (!known.isEmpty()) {
      Outcome k = compare(trace, o.fast(), known);
      sb.append("reference emulating ").append(known).append(": ").append(k.reference()).append('\n');
      sb.append("difference:  ").append(k.difference()).append('\n');
    }
    List<String> warnings = fastWarnings(trace);
    if (!warnings.isEmpty()) {
      sb.append("fast-engine warnings: ").append(warnings).append('\n');
    }
    return sb.toString();
  }
}
