package dev.slabrace.report.html;

import dev.slabrace.finding.Timeline.Event;

/**
 * How a timeline names events and edges for people: kernel spellings ({@code READ_ONCE},
 * {@code smp_rmb()}, {@code smp_store_release}) rather than the trace's wire names.
 */
final class EventLabels {
  private EventLabels() {}

  /** Returns what the event did: {@code READ_ONCE}, {@code plain store}, {@code lock n->list_lock}. */
  static String label(Event e) {
    String d = e.detail();
    return switch (e.op()) {
      case "load" -> load(e.mo());
      case "store" -> store(e.mo());
      case "rmw" -> d.equals("failed") ? "failed cmpxchg (a load)" : rmw(e.mo());
      case "fence" -> fence(d);
      case "alloc" -> d.isEmpty() ? "alloc" : "alloc from " + d;
      case "free" -> "free";
      case "rcu_read_lock", "rcu_read_unlock", "synchronize_rcu", "rcu_barrier" -> e.op() + "()";
      case "cb_begin" -> "callback " + d + " begins";
      case "cb_end" -> "callback " + d + " ends";
      default -> d.isEmpty() ? e.op() : e.op() + " " + d;
    };
  }

  /** Returns the bytes an event touched and the value it read or wrote, or empty. */
  static String what(Event e) {
    switch (e.op()) {
      case "load", "store", "rmw" -> {
        String bytes = e.region().isEmpty() ? "0x" + Long.toHexString(e.addr()) : e.region();
        if (!e.hasValue()) {
          return bytes + ", " + e.size() + (e.size() == 1 ? " byte" : " bytes");
        }
        String verb = e.op().equals("load") || e.detail().equals("failed") ? "read" : "wrote";
        return bytes + ": " + verb + " 0x" + Long.toHexString(e.value());
      }
      case "alloc", "free" -> {
        return "0x" + Long.toHexString(e.addr()) + (e.size() > 0 ? ", " + e.size() + " bytes" : "");
      }
      default -> {
        return "";
      }
    }
  }

  /** Returns the caption of an edge of kind {@code kind}. */
  static String edge(String kind) {
    return switch (kind) {
      case "rf" -> "reads-from (rf)";
      case "lock" -> "unlock \u2192 lock";
      case "signal" -> "signal \u2192 wait";
      case "reuse" -> "free \u2192 reuse";
      case "call_rcu" -> "call_rcu \u2192 callback";
      case "hb" -> "\u2717 no happens-before";
      case "handoff" -> "\u2717 plain handoff";
      default -> kind;
    };
  }

  private static String load(String mo) {
    return switch (mo) {
      case "once" -> "READ_ONCE";
      case "acquire" -> "smp_load_acquire";
      case "relaxed" -> "atomic_read";
      case "data_race" -> "data_race() load";
      case "plain" -> "plain load";
      default -> mo + " load";
    };
  }

  private static String store(String mo) {
    return switch (mo) {
      case "once" -> "WRITE_ONCE";
      case "release" -> "smp_store_release";
      case "relaxed" -> "atomic_set";
      case "data_race" -> "data_race() store";
      case "plain" -> "plain store";
      default -> mo + " store";
    };
  }

  /** The trace does not say which RMW it was, so the label names the usual ones of its ordering. */
  private static String rmw(String mo) {
    return switch (mo) {
      case "full" -> "fully ordered RMW (cmpxchg, xchg...)";
      case "acquire" -> "acquire RMW (..._acquire)";
      case "release" -> "release RMW (..._release)";
      case "relaxed" -> "relaxed RMW (..._relaxed)";
      default -> mo + " RMW";
    };
  }

  private static String fence(String kind) {
    return switch (kind) {
      case "mb" -> "smp_mb()";
      case "wmb" -> "smp_wmb()";
      case "rmb" -> "smp_rmb()";
      case "before_atomic" -> "smp_mb__before_atomic()";
      case "after_atomic" -> "smp_mb__after_atomic()";
      default -> kind + " fence";
    };
  }
}
