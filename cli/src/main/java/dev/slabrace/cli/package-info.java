/**
 * The command line: {@link dev.slabrace.cli.Main} (the {@code slabrace} command) and one class per
 * subcommand ({@code analyze}, {@code handoffs}, {@code stats}, {@code convert}, {@code simulate},
 * {@code scenarios}), built on picocli; an option several commands share is one mixin
 * ({@link dev.slabrace.cli.TraceArguments}, {@link dev.slabrace.cli.OutputOption},
 * {@link dev.slabrace.cli.LenientOption}, {@link dev.slabrace.cli.TableReportOption},
 * {@link dev.slabrace.cli.HelpOption}), so that it is described alike everywhere. It opens traces (files, or standard input for {@code -}:
 * {@link dev.slabrace.cli.TraceFiles}), runs the detector on each (drawing a progress
 * bar on a terminal; several traces at once with {@code --jobs}, printed in order; one trace on
 * several engines with {@code --threads}), streams each trace's findings into a reporter, reads and
 * writes baselines, runs the simulator's scenarios, writes every output file through
 * {@link dev.slabrace.cli.SafeOutput} (never onto an input, never half a file) and standard output
 * through {@link dev.slabrace.cli.StdoutWriter} (every write checked), and turns the outcome into an
 * {@link dev.slabrace.cli.ExitCode}; every error that reaches the user is worded and mapped to its
 * exit status in {@link dev.slabrace.cli.ErrorHandler}, while what a trace's analysis says (warnings,
 * notes, summary lines) is worded by {@code report}. Depends on {@code trace}, {@code detect},
 * {@code report} and {@code sim}; nothing depends on it.
 */
package dev.slabrace.cli;
