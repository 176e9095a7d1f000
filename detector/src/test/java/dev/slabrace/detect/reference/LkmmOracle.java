package dev.slabrace.detect.reference;

import dev.slabrace.trace.FenceKind;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The data races of one execution by the relations of {@code tools/memory-model/linux-kernel.cat}
 * themselves, computed as boolean matrices over the execution's events: a judge that shares nothing
 * with either engine's clocks, for the LKMM part of the contract (loads, stores, RMWs that succeed,
 * smp_mb, smp_wmb, smp_rmb, dependencies, exclusive spin locks; no RCU, allocator or task events).
 *
 * <pre>
 * Implementation notes
 *
 * The execution is the trace in line order: po is line order within a task; a load (or an RMW's
 * read, or a lock's read) reads the latest write to its location before it (none: the initial
 * value); co is line order of the writes to a location. An RMW is a read and a write linked by rmw
 * (R po W); spin_lock is lock.cat's LKR (an Acquire read) and LKW (a write) of the lock's location,
 * spin_unlock its UL (a Release write). A full RMW's read and write carry Mb (mb = [M] ; po ;
 * [Mb & R] | [Mb & W] ; po ; [M]), an acquire RMW's read Acquire, a release RMW's write Release.
 * No read is Noreturn: the contract cannot tell atomic_inc() from atomic_inc_return_relaxed().
 * Initial writes are not events: a read of the initial value is fr-before every write to its
 * location, and no race involves one (pre-race excludes IW).
 *
 * Every relation below is the cat's definition of the same name, transcribed; the engines' planes
 * and clocks play no part.
 * </pre>
 */
final class LkmmOracle {
  /** Orders racing pairs by earlier, then later id. */
  static final Comparator<List<Long>> PAIRS =
      Comparator.<List<Long>>comparingLong(p -> p.get(0)).thenComparingLong(p -> p.get(1));

  private LkmmOracle() {}

  /** One event of the execution: an access half, a fence, or a lock half. */
  private record E(long traceId, String tid, boolean read, boolean write, boolean fence, long loc,
      boolean marked, boolean acquire, boolean release, boolean mb, FenceKind kind) {}

  /**
   * Whether the oracle judges {@code trace}: only the event kinds it models, and a load's {@code rf}
   * only to an earlier store or RMW of its address (an RMW reads the latest store: atomicity).
   */
  static boolean supports(List<Ev> trace) {
    Map<Long, Ev> stores = new HashMap<>();
    for (Ev e : trace) {
      if (e.writes()) {
        stores.put(e.id(), e);
      }
      switch (e.op()) {
        case LOAD, STORE -> {
          if (e.mo() == MemOrder.DATA_RACE) {
            return false;
          }
          Ev source = e.rf() < 0 ? null : stores.get(e.rf());
          if (e.rf() >= 0 && (source == null || source.addr() != e.addr())) {
            return false;
          }
        }
        case RMW -> {
          if (e.rf() >= 0) {
            return false;
          }
        }
        case FENCE -> {
          if (e.fence() == FenceKind.ACQUIRE || e.fence() == FenceKind.RELEASE) {
            return false;
          }
        }
        case LOCK, UNLOCK -> {
          if (e.shared()) {
            return false;
          }
        }
        default -> {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The racing pairs (earlier trace id, later trace id) of {@code trace}'s execution (reads-from as
   * the loads' {@code rf} name it, else the latest store in line order; coherence order the line
   * order of the stores), or null if linux-kernel.cat forbids that execution.
   */
  static Set<List<Long>> races(List<Ev> trace) {
    return races(trace, true);
  }

  /**
   * Whether linux-kernel.cat allows {@code trace}'s execution: its coherence, atomicity,
   * happens-before, propagation and plain-coherence axioms hold (an execution whose loads read the
   * latest store in line order always passes them).
   */
  static boolean allowed(List<Ev> trace) {
    return races(trace, true) != null;
  }

  /**
   * The racing pairs without the ordering prop takes from coherence ({@code (overwrite & ext)?}):
   * what an engine that follows reads-from alone can find. The axioms are not checked: ask {@link
   * #allowed} first.
   */
  static Set<List<Long>> racesWithoutCoherence(List<Ev> trace) {
    return races(trace, false);
  }

  private static Set<List<Long>> races(List<Ev> trace, boolean coherence) {
    List<E> ev = new ArrayList<>();
    Map<Long, Integer> readOf = new HashMap<>(); // trace id of a load or RMW -> its read event
    Map<String, Long> lockLoc = new HashMap<>();
    for (Ev e : trace) {
      switch (e.op()) {
        case LOAD -> {
          readOf.put(e.id(), ev.size());
          ev.add(new E(e.id(), e.tid(), true, false, false, e.addr(), e.mo() != MemOrder.PLAIN,
              e.mo() == MemOrder.ACQUIRE, false, false, null));
        }
        case STORE -> ev.add(new E(e.id(), e.tid(), false, true, false, e.addr(),
            e.mo() != MemOrder.PLAIN, false, e.mo() == MemOrder.RELEASE, false, null));
        case RMW -> {
          readOf.put(e.id(), ev.size());
          if (!e.ok()) {
            // a failed cmpxchg is a marked read with no ordering of its own (atomic_t.txt:
            // "unsuccessful RMW operations are unordered"; herd7 gives it a once read)
            ev.add(new E(e.id(), e.tid(), true, false, false, e.addr(), true, false, false, false,
                null));
            continue;
          }
          boolean full = e.mo() == MemOrder.FULL;
          ev.add(new E(e.id(), e.tid(), true, false, false, e.addr(), true,
              e.mo() == MemOrder.ACQUIRE, false, full, null));
          ev.add(new E(e.id(), e.tid(), false, true, false, e.addr(), true, false,
              e.mo() == MemOrder.RELEASE, full, null));
        }
        case FENCE -> ev.add(new E(e.id(), e.tid(), false, false, true, -1, false, false, false,
            false, e.fence()));
        case LOCK -> {
          long loc = lockLoc.computeIfAbsent(e.key(), k -> -1L - lockLoc.size());
          ev.add(new E(e.id(), e.tid(), true, false, false, loc, true, true, false, false, null));
          ev.add(new E(e.id(), e.tid(), false, true, false, loc, true, false, false, false, null));
        }
        case UNLOCK -> {
          long loc = lockLoc.computeIfAbsent(e.key(), k -> -1L - lockLoc.size());
          ev.add(new E(e.id(), e.tid(), false, true, false, loc, true, false, true, false, null));
        }
        default -> throw new IllegalArgumentException("not modelled: " + e);
      }
    }
    return new Graph(trace, ev, readOf).races(coherence);
  }

  /** The relations of one execution. */
  private static final class Graph {
    private final List<E> ev;
    private final int n;
    /** The trace ids of the RMWs, failed ones included (linux-kernel.bell's RMW set). */
    private final Set<Long> rmwIds = new HashSet<>();
    private final boolean[][] po;
    private final boolean[][] rf;
    private final boolean[][] co;
    private final boolean[][] fr;
    private final boolean[][] rmw;
    private final boolean[][] addr;
    private final boolean[][] data;
    private final boolean[][] ctrl;
    private final boolean[][] intr;

    Graph(List<Ev> trace, List<E> ev, Map<Long, Integer> readOf) {
      this.ev = ev;
      this.n = ev.size();
      po = rel();
      rf = rel();
      co = rel();
      fr = rel();
      rmw = rel();
      addr = rel();
      data = rel();
      ctrl = rel();
      intr = rel();
      Map<Long, Integer> lastWrite = new HashMap<>();
      Map<Long, List<Integer>> writes = new HashMap<>();
      Map<Long, Long> rfOf = new HashMap<>(); // a load's trace id -> its rf store's trace id
      for (Ev e : trace) {
        if (e.rf() >= 0) {
          rfOf.put(e.id(), e.rf());
        }
        if (e.op() == Op.RMW) {
          rmwIds.add(e.id());
        }
      }
      Map<Long, Integer> writeOf = new HashMap<>(); // a store's or RMW's trace id -> its write
      int[] readsFrom = new int[n];
      for (int j = 0; j < n; j++) {
        E b = ev.get(j);
        for (int i = 0; i < j; i++) {
          if (ev.get(i).tid().equals(b.tid())) {
            po[i][j] = true;
          }
        }
        for (int i = 0; i < n; i++) {
          intr[i][j] = ev.get(i).tid().equals(b.tid());
        }
        if (b.read()) {
          Long source = rfOf.get(b.traceId());
          readsFrom[j] = source != null ? writeOf.get(source) : lastWrite.getOrDefault(b.loc(), -1);
          if (readsFrom[j] >= 0) {
            rf[readsFrom[j]][j] = true;
          }
        }
        if (b.write()) {
          for (int w : writes.getOrDefault(b.loc(), List.of())) {
            co[w][j] = true;
          }
          writes.computeIfAbsent(b.loc(), k -> new ArrayList<>()).add(j);
          lastWrite.put(b.loc(), j);
          writeOf.put(b.traceId(), j);
          if (j > 0 && ev.get(j - 1).read() && ev.get(j - 1).traceId() == b.traceId()) {
            rmw[j - 1][j] = true;
          }
        }
      }
      for (int r = 0; r < n; r++) {
        if (!ev.get(r).read()) {
          continue;
        }
        for (int w = 0; w < n; w++) {
          if (ev.get(w).write() && ev.get(w).loc() == ev.get(r).loc()
              && (readsFrom[r] < 0 ? true : co[readsFrom[r]][w])) {
            fr[r][w] = true;
          }
        }
      }
      Map<Long, List<Integer>> eventsOf = new HashMap<>();
      for (int i = 0; i < n; i++) {
        eventsOf.computeIfAbsent(ev.get(i).traceId(), k -> new ArrayList<>()).add(i);
      }
      for (Ev e : trace) {
        for (int to : eventsOf.getOrDefault(e.id(), List.of())) {
          dependency(addr, readOf, e.dep(), to);
          dependency(ctrl, readOf, e.ctrl(), to);
          if (ev.get(to).write()) {
            dependency(data, readOf, e.data(), to);
          }
        }
      }
    }

    private static void dependency(boolean[][] r, Map<Long, Integer> readOf, long load, int to) {
      Integer from = load < 0 ? null : readOf.get(load);
      if (from != null && from < to) {
        r[from][to] = true;
      }
    }

    Set<List<Long>> races(boolean coherence) {
      boolean[][] id = id();
      boolean[][] ext = not(intr);
      boolean[][] isM = set(e -> e.read() || e.write());
      boolean[][] isR = set(E::read);
      boolean[][] isW = set(E::write);
      boolean[][] marked = set(e -> (e.read() || e.write()) && e.marked());
      boolean[][] plain = set(e -> (e.read() || e.write()) && !e.marked());
      boolean[][] rfe = and(rf, ext);
      boolean[][] rfi = and(rf, intr);

      boolean[][] acqPo = seq(set(E::acquire), po, isM);
      boolean[][] poRel = seq(isM, po, set(E::release));
      boolean[][] ul = set(e -> e.write() && e.release() && e.loc() < 0);
      boolean[][] lkr = set(e -> e.read() && e.loc() < 0);
      boolean[][] poUnlockLockPo = seq(po, ul, or(po, rf), lkr, po);
      boolean[][] rmb = seq(isR, fencerel(FenceKind.RMB), isR);
      boolean[][] wmb = seq(isW, fencerel(FenceKind.WMB), isW);
      // smp_mb__before_atomic() and smp_mb__after_atomic(): strong fences between the fence and the
      // task's next RMW's events (or its last RMW's and the fence) and what follows (or precedes)
      boolean[][] isRmw = set(e -> (e.read() || e.write()) && rmwIds.contains(e.traceId()));
      boolean[][] atomicMb = or(seq(isM, fencerel(FenceKind.BEFORE_ATOMIC), isRmw, opt(po), isM),
          seq(isM, opt(po), isRmw, fencerel(FenceKind.AFTER_ATOMIC), isM));
      boolean[][] mb = or(atomicMb, or(seq(isM, fencerel(FenceKind.MB), isM),
          or(seq(isM, po, set(e -> e.mb() && e.read())), seq(set(e -> e.mb() && e.write()), po, isM))));
      boolean[][] strongFence = mb;
      boolean[][] nonrwFence = or(strongFence, or(poRel, acqPo));
      boolean[][] fence = or(nonrwFence, or(wmb, rmb));

      // linux-kernel.bell: addr, data and ctrl start with carry-dep = (data ; rfi)*
      boolean[][] carryDep = star(seq(data, rfi));
      boolean[][] addr = seq(carryDep, this.addr);
      boolean[][] data = seq(carryDep, this.data);
      boolean[][] ctrl = seq(carryDep, this.ctrl);
      boolean[][] dep = or(addr, data);
      boolean[][] rwdep = seq(or(dep, ctrl), isW);
      boolean[][] overwrite = or(co, fr);
      boolean[][] toW = or(rwdep, or(and(overwrite, intr), seq(addr, plain, wmb)));
      boolean[][] toR = or(seq(addr, isR), seq(dep, marked, rfi));
      boolean[][] ppo = or(or(toR, toW), or(and(fence, intr), and(poUnlockLockPo, intr)));

      boolean[][] aCumul = seq(opt(seq(rfe, marked)), or(strongFence, poRel));
      boolean[][] rmwSequence = star(seq(rf, rmw));
      boolean[][] cumulFence = seq(marked, or(aCumul, or(wmb, poUnlockLockPo)), marked,
          rmwSequence);
      boolean[][] prop = seq(marked, opt(coherence ? and(overwrite, ext) : rel()),
          star(cumulFence), marked, opt(rfe), marked);
      boolean[][] hb = seq(marked, or(ppo, or(rfe, and(minus(prop, id), intr))), marked);
      boolean[][] pb = seq(prop, strongFence, star(hb), marked);
      boolean[][] xbstar = star(or(hb, pb));
      boolean[][] vis = seq(star(cumulFence), opt(rfe), marked,
          or(seq(strongFence, marked, xbstar), and(xbstar, intr)));

      boolean[][] wPreBounded = seq(marked, opt(or(addr, fence)));
      boolean[][] rPreBounded = seq(marked, opt(or(addr, or(nonrwFence,
          seq(isR, fencerel(FenceKind.RMB), isM)))));
      boolean[][] wPostBounded = seq(opt(fence), marked, rmwSequence);
      boolean[][] rPostBounded = seq(opt(or(nonrwFence, seq(isM, fencerel(FenceKind.RMB), isR))),
          marked);

      boolean[][] wwVis = or(fence, or(seq(strongFence, xbstar, wPreBounded),
          seq(wPostBounded, vis, wPreBounded)));
      boolean[][] wrVis = or(fence, or(seq(strongFence, xbstar, rPreBounded),
          seq(wPostBounded, vis, rPreBounded)));
      boolean[][] rwXbstar = or(fence, seq(rPostBounded, xbstar, wPreBounded));

      boolean[][] preRace = and(ext, or(cross(plain, isM), cross(isM, plain)));
      // plain-coherence: empty (wr-incoh | rw-incoh | ww-incoh), checked with the other axioms
      if (coherence && (!consistent(hb, pb, ext)
          || any(or(and(and(preRace, rf), inverse(rwXbstar)),
              or(and(and(preRace, fr), inverse(wrVis)), and(and(preRace, co), inverse(wwVis))))))) {
        return null;
      }
      boolean[][] wwNonrace = and(wwVis, and(or(cross(marked, isW), rwXbstar),
          or(cross(isW, marked), wrVis)));
      boolean[][] wwRace = minus(and(preRace, co), wwNonrace);
      boolean[][] wrRace = minus(minus(and(preRace, seq(opt(co), rf)), wrVis), inverse(rwXbstar));
      boolean[][] rwRace = minus(and(preRace, fr), rwXbstar);

      Set<List<Long>> out = new TreeSet<>(PAIRS);
      boolean[][] race = or(wwRace, or(wrRace, rwRace));
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (race[i][j]) {
            long a = ev.get(i).traceId();
            long b = ev.get(j).traceId();
            out.add(List.of(Math.min(a, b), Math.max(a, b)));
          }
        }
      }
      return out;
    }

    /**
     * linux-kernel.cat's axioms over this execution: coherence (acyclic po-loc | com), atomicity
     * (empty rmw & (fre ; coe)), happens-before (acyclic hb) and propagation (acyclic pb).
     */
    private boolean consistent(boolean[][] hb, boolean[][] pb, boolean[][] ext) {
      boolean[][] poLoc = rel();
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          E a = ev.get(i);
          E b = ev.get(j);
          poLoc[i][j] = po[i][j] && (a.read() || a.write()) && (b.read() || b.write())
              && a.loc() == b.loc();
        }
      }
      boolean[][] atomic = and(rmw, seq(and(fr, ext), and(co, ext)));
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (atomic[i][j]) {
            return false;
          }
        }
      }
      return acyclic(or(poLoc, or(rf, or(co, fr)))) && acyclic(hb) && acyclic(pb);
    }

    private boolean any(boolean[][] r) {
      for (boolean[] row : r) {
        for (boolean x : row) {
          if (x) {
            return true;
          }
        }
      }
      return false;
    }

    private boolean acyclic(boolean[][] r) {
      boolean[][] plus = seq(r, star(r));
      for (int i = 0; i < n; i++) {
        if (plus[i][i]) {
          return false;
        }
      }
      return true;
    }

    /** [M] ; fencerel(K) ; [M]'s middle: po ; [F of kind K] ; po. */
    private boolean[][] fencerel(FenceKind kind) {
      return seq(po, set(e -> e.fence() && e.kind() == kind), po);
    }

    private interface Pred {
      boolean test(E e);
    }

    private interface CellOp {
      boolean apply(boolean x, boolean y);
    }

    private boolean[][] rel() {
      return new boolean[n][n];
    }

    private boolean[][] id() {
      boolean[][] r = rel();
      for (int i = 0; i < n; i++) {
        r[i][i] = true;
      }
      return r;
    }

    /** [S]: the identity on the events of S. */
    private boolean[][] set(Pred p) {
      boolean[][] r = rel();
      for (int i = 0; i < n; i++) {
        r[i][i] = p.test(ev.get(i));
      }
      return r;
    }

    /** S1 * S2 from two identity relations. */
    private boolean[][] cross(boolean[][] a, boolean[][] b) {
      boolean[][] r = rel();
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          r[i][j] = a[i][i] && b[j][j];
        }
      }
      return r;
    }

    /** A relation whose cell (i, j) is {@code f} of the two relations' cells (i, j). */
    private boolean[][] pointwise(boolean[][] a, boolean[][] b, CellOp f) {
      boolean[][] r = rel();
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          r[i][j] = f.apply(a[i][j], b[i][j]);
        }
      }
      return r;
    }

    private boolean[][] or(boolean[][] a, boolean[][] b) {
      return pointwise(a, b, (x, y) -> x || y);
    }

    private boolean[][] and(boolean[][] a, boolean[][] b) {
      return pointwise(a, b, (x, y) -> x && y);
    }

    private boolean[][] minus(boolean[][] a, boolean[][] b) {
      return pointwise(a, b, (x, y) -> x && !y);
    }

    private boolean[][] not(boolean[][] a) {
      return pointwise(a, a, (x, y) -> !x);
    }

    private boolean[][] inverse(boolean[][] a) {
      boolean[][] r = rel();
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          r[i][j] = a[j][i];
        }
      }
      return r;
    }

    private boolean[][] opt(boolean[][] a) {
      return or(a, id());
    }

    /** Sequential composition of the relations, left to right. */
    private boolean[][] seq(boolean[][]... rs) {
      boolean[][] acc = rs[0];
      for (int k = 1; k < rs.length; k++) {
        boolean[][] b = rs[k];
        boolean[][] r = rel();
        for (int i = 0; i < n; i++) {
          for (int m = 0; m < n; m++) {
            if (!acc[i][m]) {
              continue;
            }
            for (int j = 0; j < n; j++) {
              if (b[m][j]) {
                r[i][j] = true;
              }
            }
          }
        }
        acc = r;
      }
      return acc;
    }

    /** The reflexive-transitive closure. */
    private boolean[][] star(boolean[][] a) {
      boolean[][] r = opt(a);
      for (int m = 0; m < n; m++) {
        for (int i = 0; i < n; i++) {
          if (!r[i][m]) {
            continue;
          }
          for (int j = 0; j < n; j++) {
            if (r[m][j]) {
              r[i][j] = true;
            }
          }
        }
      }
      return r;
    }
  }
}
