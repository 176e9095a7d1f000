package dev.slabrace.finding;

import java.util.List;

/**
 * Everything one analysed trace produced, handed to a reporter.
 *
 * @param trace the trace file as the user named it
 * @param events how many events were analysed
 * @param findings the findings in the order of their later event
 * @param warnings inconsistencies met on the way
 * @param skipped malformed lines skipped in lenient mode
 * @param notes what the reader noticed that limits the analysis (lost events, missing evidence), as
 *     the reader words it
 * @param engineNotes what the engine could not decide or left out, as codes; they follow
 *     {@code notes} wherever notes are printed
 * @param handoffs objects freed by another task than the allocating one, per pair of sites
 */
public record TraceResult(
    String trace, long events, List<Finding> findings, List<TraceWarning> warnings, long skipped,
    List<String> notes, List<EngineNote> engineNotes, List<HandoffRow> handoffs) {

  /** Creates a result without engine notes. */
  public TraceResult(String trace, long events, List<Finding> findings, List<TraceWarning> warnings,
      long skipped, List<String> notes, List<HandoffRow> handoffs) {
    this(trace, events, findings, warnings, skipped, notes, List.of(), handoffs);
  }

  /** Creates a result with no notes and no handoff table. */
  public TraceResult(String trace, long events, List<Finding> findings, List<TraceWarning> warnings,
      long skipped) {
    this(trace, events, findings, warnings, skipped, List.of(), List.of());
  }
}
