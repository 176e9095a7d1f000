/**
 * The command line: {@link dev.slabrace.cli.Main} (the {@code slabrace} command) and one class per
 * subcommand, built on picocli. It opens traces, runs the detector on each, hands the results to a
 * reporter and turns the outcome into an {@link dev.slabrace.cli.ExitCode}; it also runs the
 * simulator's scenarios ({@code simulate}, {@code scenarios}). Every error that reaches the user is
 * worded and mapped to its exit status in {@link dev.slabrace.cli.ErrorHandler}. Depends on
 * {@code trace}, {@code detect}, {@code report} and {@code sim}; nothing depends on it.
 */
package dev.slabrace.cli;
