package dev.slabrace.cli;

/**
 * The exit status of {@code slabrace}: 0, 1 and 2 as the JSON Lines contract defines them, 3 for a
 * bug, 141 for a broken pipe.
 */
public enum ExitCode {
  /** Every trace was analysed and nothing was found. */
  CLEAN(0),
  /** Every trace was analysed and at least one finding was reported. */
  FINDINGS(1),
  /** The input or the command line is wrong; a message on standard error says where and what. */
  BAD_INPUT(2),
  /** A bug in slabrace: an unexpected exception. */
  INTERNAL(3),
  /**
   * Standard output is a pipe whose reader went away ({@code slabrace analyze t | head -1}): the run
   * stopped at its next write, quietly, with the status a process killed by SIGPIPE has in the shell
   * (128 + 13).
   */
  BROKEN_PIPE(141);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** Returns the process exit status. */
  public int code() {
    return code;
  }
}
