package dev.slabrace.cli;

/** The exit status of {@code slabrace}, as the JSON Lines contract defines it. */
public enum ExitCode {
  /** Every trace was analysed and nothing was found. */
  CLEAN(0),
  /** Every trace was analysed and at least one finding was reported. */
  FINDINGS(1),
  /** The input or the command line is wrong; a message on standard error says where and what. */
  BAD_INPUT(2),
  /** A bug in slabrace: an unexpected exception. */
  INTERNAL(3);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** Returns the process exit status. */
  public int code() {
    return code;
  }
}
