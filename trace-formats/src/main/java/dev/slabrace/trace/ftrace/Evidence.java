package dev.slabrace.trace.ftrace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What an ftrace trace showed and lacked, as the notes {@link FtraceEventSource#notes()} returns: lost
 * events where they were seen, and at the end which kinds of evidence were missing and what that means
 * for the findings.
 */
final class Evidence {
  /** Lost-event markers noted one by one; later ones are only counted (trace_pipe can print many). */
  static final int MAX_MARKER_NOTES = 20;
  private static final String LOSS_MEANS = "frees may appear without their allocations, ordering"
      + " edges (wakeups, forks, work items, softirqs) may be missing and cause reports that a"
      + " complete trace would not give, and accesses in the lost span are not checked";

  private final List<String> notes = new ArrayList<>();
  private final List<String> view = Collections.unmodifiableList(notes);
  private int markerNotes;
  private long moreMarkers;
  private long moreLost;
  private long hashedLine = -1;
  private String freedAgain;
  private long freedAgainCount;
  private long disorderLine = -1;
  private String disorderTask;
  private long disorders;
  private boolean finished;

  /** Set when the trace holds a load, store or RMW (slab_access or a slabrace_* kprobe). */
  boolean accesses;
  /** Set when a sched_switch was mapped. */
  boolean schedSwitch;
  /** Set when a sched_waking was mapped. */
  boolean waking;
  /** Set when a workqueue_queue_work or workqueue_execute_start was mapped. */
  boolean workqueue;
  /** Set when an RCU callback event was mapped. */
  boolean rcu;
  /** Set when an event line without a flags column was read. */
  boolean flagless;
  /** How many release-side edges were dropped because a flags-less line's context was unknown. */
  long unknownContextEdges;
  /** How many frees were mapped. */
  long frees;

  /** A header says the ring buffer overwrote {@code written - inBuffer} events. */
  void overrun(long line, long inBuffer, long written) {
    notes.add("line " + line + ": ring buffer overrun: " + (written - inBuffer) + " of " + written
        + " events were overwritten before the export (entries-in-buffer/entries-written "
        + inBuffer + "/" + written + "); the oldest events of at least one CPU are missing, so "
        + LOSS_MEANS);
  }

  /** A "##### CPU n buffer started ####" marker: CPU n's earlier events were overwritten. */
  void cpuBufferStarted(long line, int cpu) {
    marker("line " + line + ": CPU " + cpu + " buffer starts here, its earlier events were"
        + " overwritten (ring buffer overrun); events of other CPUs before this line have no CPU "
        + cpu + " counterpart, so " + LOSS_MEANS, 0);
  }

  /** A "CPU:n [LOST m EVENTS]" or "[m EVENTS DROPPED]" marker; {@code count} -1 when not given. */
  void lostEvents(long line, int cpu, long count) {
    String what = count < 0 ? "lost events" : "lost " + count + " events";
    marker("line " + line + ": CPU " + cpu + " " + what + " here; " + LOSS_MEANS, Math.max(count, 0));
  }

  /** A kmem pointer printed hashed (%p without no_hash_pointers) on line {@code line}. */
  void hashedPointer(long line) {
    if (hashedLine < 0) {
      hashedLine = line;
    }
  }

  /** A pointer freed again on {@code line} with no allocation seen since its free on {@code earlier}. */
  void freedAgain(long line, long ptr, String cache, long earlier) {
    if (freedAgainCount++ == 0) {
      freedAgain = "line " + line + ": " + Long.toHexString(ptr) + (cache == null ? "" : " (" + cache
          + ")") + " is freed again with no allocation seen since its free on line " + earlier;
    }
  }

  /** An event of {@code task} on line {@code line} is timestamped before the task's previous one. */
  void outOfOrder(long line, String task) {
    if (disorders++ == 0) {
      disorderLine = line;
      disorderTask = task;
    }
  }

  /** Adds a note about the trace as it is: what the reader could not recover from it. */
  void note(String text) {
    notes.add(text);
  }

  /** Returns the notes so far; after {@link #finish()} they are complete. */
  List<String> notes() {
    return view;
  }

  /** Adds the notes about missing evidence; called once, at the end of the trace. */
  void finish() {
    if (finished) {
      return;
    }
    finished = true;
    if (moreMarkers > 0) {
      notes.add(moreMarkers + " more lost-event markers" + (moreLost > 0 ? " (" + moreLost
          + " more events lost)" : "") + "; " + LOSS_MEANS);
    }
    if (freedAgainCount > 0) {
      notes.add(freedAgain + " (" + freedAgainCount + " such frees in all): bulk allocations"
          + " (kmem_cache_alloc_bulk, used by the maple tree) and lost events leave no allocation"
          + " event, so these frees are left out rather than reported as double frees");
    }
    if (disorders > 0) {
      notes.add("line " + disorderLine + ": task " + disorderTask + " has an event timestamped"
          + " before its previous one (" + disorders + " such events in all): the CPUs' clocks"
          + " disagree (trace_clock=local is per CPU), so the file's order is not always the order"
          + " a task ran in after it migrated; capture with trace_clock=global");
    }
    if (hashedLine >= 0) {
      notes.add("line " + hashedLine + ": pointers are hashed (%p without no_hash_pointers):"
          + " allocations and frees still pair, but accesses recorded with %px cannot be matched"
          + " to the objects they touch");
    }
    if (!accesses) {
      notes.add("no load/store events (slab_access or slabrace_* kprobe lines): no data race or"
          + " use-after-free can be found, only allocations and frees are checked; an object freed"
          + " by another task than the one that allocated it, with no ordering seen between them,"
          + " is a handoff to review with 'slabrace handoffs', not a data race");
    }
    if (!schedSwitch) {
      notes.add("no sched_switch events: context switches and wakeups order nothing, so tasks"
          + " are ordered only by forks, work items, softirqs and locks seen in the trace");
    } else if (!waking) {
      notes.add("no sched_waking events: wakeups order nothing (sched_wakeup is not used: it is"
          + " often logged on the woken CPU, not by the waker)");
    }
    if (!workqueue) {
      notes.add("no workqueue_queue_work/workqueue_execute_start events: work items are not"
          + " ordered after the code that queued them");
    }
    if (!rcu && frees > 0) {
      notes.add("no rcu_callback/rcu_invoke_callback events (they need CONFIG_RCU_TRACE): objects"
          + " freed from RCU callbacks are not ordered after the call_rcu that queued them");
    }
    if (flagless) {
      notes.add("no irq-info flags column: interrupt context was inferred from softirq_entry/exit"
          + " and irq entry/exit events where present; " + unknownContextEdges + " wakeups, work"
          + " queueings, softirq raises, RCU callbacks and lock events outside those could come"
          + " from a task or an interrupt, so they order nothing; allocations and frees there are"
          + " attributed to the interrupted task, which can hide races between it and an interrupt;"
          + " export with the flags column (cat trace, trace-cmd report -l)");
    }
  }

  private void marker(String note, long lost) {
    if (markerNotes < MAX_MARKER_NOTES) {
      markerNotes++;
      notes.add(note);
    } else {
      moreMarkers++;
      moreLost += lost;
    }
  }
}
