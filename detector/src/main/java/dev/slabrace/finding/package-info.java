/**
 * The finding model: what the engine decides and every printer reads. A
 * {@link dev.slabrace.finding.Finding} is a data race, an assertion race with a free, a use after
 * free or a double free between two {@link dev.slabrace.finding.Access}es, of a
 * {@link dev.slabrace.finding.FindingKind}, with its {@link dev.slabrace.finding.Triage} (whose fault
 * it is), the {@link dev.slabrace.finding.Handoff} that brought the object to the later task and,
 * when recorded, a {@link dev.slabrace.finding.Timeline}. The engine delivers findings to a
 * {@link dev.slabrace.finding.FindingSink} one at a time (a
 * {@link dev.slabrace.finding.CollectingSink} keeps them) and sums up each trace in a
 * {@link dev.slabrace.finding.TraceSummary}; a {@link dev.slabrace.finding.TraceResult} is a summary
 * with its collected findings. The engine's warnings and notes are codes with arguments
 * ({@link dev.slabrace.finding.TraceWarning} of a {@link dev.slabrace.finding.WarningCode},
 * {@link dev.slabrace.finding.EngineNote} of a {@link dev.slabrace.finding.NoteCode}); the reader's
 * notes (lost events, missing evidence) stay the sentences the trace-formats readers word. Nothing
 * here formats text for a user: wording belongs to
 * {@code dev.slabrace.report}, as KCSAN keeps deciding in core.c and printing in report.c. Depends on
 * the trace model only.
 */
package dev.slabrace.finding;
