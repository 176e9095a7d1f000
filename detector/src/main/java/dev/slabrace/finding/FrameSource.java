package dev.slabrace.finding;

import java.util.List;

/**
 * Where one stack frame is in the kernel's source, from its DWARF line tables ({@code analyze
 * --vmlinux}): the file and line of the frame's own function, and the functions inlined into it at
 * that address, innermost first, as {@code addr2line -i} lists them.
 *
 * @param file the source file, relative to the kernel tree when slabrace could tell its root
 * @param line the 1-based line, or 0 with an empty {@code file} when unknown
 * @param inlined the inlined calls at the address, innermost first (empty if none)
 */
public record FrameSource(String file, int line, List<SourceLine> inlined) {
  /** A frame whose place in the source is not known. */
  public static final FrameSource UNKNOWN = new FrameSource("", 0, List.of());

  /** Whether file and line are known. */
  public boolean known() {
    return line > 0;
  }

  /** Returns {@code file:line}, as decode_stacktrace.sh prints it after the frame. */
  public String fileLine() {
    return file + ":" + line;
  }

  /**
   * One inlined call: the function that was inlined, and the file and line it was executing.
   *
   * @param function the inlined function's name
   * @param file its source file
   * @param line the line, 0 if unknown
   */
  public record SourceLine(String function, String file, int line) {}
}
