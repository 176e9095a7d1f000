package dev.slabrace.finding;

/**
 * Something the engine could not decide for want of evidence, or left out for want of room, as a
 * code with its numbers; {@code dev.slabrace.report.Messages} words it for the user.
 *
 * @param code what the note says
 * @param count how many things it is about (see the code)
 * @param limit the bound that was reached, for the codes that have one; else 0
 */
public record EngineNote(NoteCode code, long count, long limit) {
  /** Creates a note without a limit. */
  public EngineNote(NoteCode code, long count) {
    this(code, count, 0);
  }
}
