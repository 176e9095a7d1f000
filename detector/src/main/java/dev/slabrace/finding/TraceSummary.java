package dev.slabrace.finding;

import java.util.List;

/**
 * What one analysed trace came to besides its findings, which went to a {@link FindingSink} as the
 * engine decided them: the counts, warnings, notes and handoff table a reporter prints at the trace's
 * end.
 *
 * @param trace the trace file as the user named it
 * @param events how many events were analysed
 * @param warnings inconsistencies met on the way
 * @param skipped malformed lines skipped in lenient mode
 * @param notes what the reader noticed that limits the analysis (lost events, missing evidence), as
 *     the reader words it
 * @param engineNotes what the engine could not decide or left out, as codes; printed after
 *     {@code notes}
 * @param handoffs objects freed by another task than the allocating one, per pair of sites
 * @param whyEmpty for a trace without a single event, the reader's likely cause of that (printed
 *     before every other note); null for a trace with events
 */
public record TraceSummary(String trace, long events, List<TraceWarning> warnings, long skipped,
    List<String> notes, List<EngineNote> engineNotes, List<HandoffRow> handoffs, String whyEmpty) {
  /** Copies the lists. */
  public TraceSummary {
    warnings = List.copyOf(warnings);
    notes = List.copyOf(notes);
    engineNotes = List.copyOf(engineNotes);
    handoffs = List.copyOf(handoffs);
  }

  /** Creates a summary with no notes, no handoff table and no cause of emptiness. */
  public TraceSummary(String trace, long events, List<TraceWarning> warnings, long skipped) {
    this(trace, events, warnings, skipped, List.of(), List.of(), List.of(), null);
  }
}
