package dev.slabrace.cli;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A file that a command writes (a report, a baseline, a trace), written so that no run destroys what
 * it reads or leaves half a file: an output that is one of the command's inputs is refused
 * ({@link #clash}); the bytes go to a temporary file beside the target, renamed over it by
 * {@link #commit} once complete, and a run that fails, or is interrupted, before that deletes the
 * temporary file and leaves the old file, or none. An existing target that is not a regular file
 * ({@code /dev/null}, a FIFO) is written in place: there is nothing to keep and nothing to rename.
 */
final class SafeOutput implements Closeable {
  /** Temporary files not yet committed or deleted; the shutdown hook deletes them (Ctrl-C). */
  private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

  static {
    Thread hook = new Thread(() -> PENDING.forEach(SafeOutput::deleteQuietly), "slabrace-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  private final Path target;
  private final Path temp;
  private final OutputStream stream;
  private boolean done;

  private SafeOutput(Path target, Path temp, OutputStream stream) {
    this.target = target;
    this.temp = temp;
    this.stream = stream;
  }

  /**
   * Returns the one-line message refusing {@code output} if it is one of {@code inputs} — by name, or
   * as the same file through a symbolic link, {@code ..} or a hard link — or null if it is none.
   * {@code -} (standard output) clashes with nothing; an input {@code -} (standard input) clashes with
   * the file it was redirected from.
   */
  static String clash(String output, Collection<String> inputs) {
    if (output == null || output.equals("-")) {
      return null;
    }
    Path out;
    try {
      out = Path.of(output);
    } catch (InvalidPathException e) {
      return null; // opening it reports the bad name
    }
    for (String input : inputs) {
      if (same(out, input)) {
        return "output " + output + " is the input " + input
            + ": refusing to overwrite it (name another output file)";
      }
    }
    return null;
  }

  private static boolean same(Path out, String input) {
    Path in;
    try {
      in = input.equals(TraceFiles.STDIN) ? Path.of("/dev/stdin") : Path.of(input);
    } catch (InvalidPathException e) {
      return false;
    }
    if (!input.equals(TraceFiles.STDIN)
        && out.toAbsolutePath().normalize().equals(in.toAbsolutePath().normalize())) {
      return true;
    }
    try {
      return Files.exists(out) && Files.exists(in) && Files.isSameFile(out, in);
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  /**
   * Opens {@code file} for writing: a new temporary file in the target's directory (the directory
   * of the file a symbolic link names), with the permissions of the file it will replace.
   *
   * @throws IOException if the name is invalid or the temporary file cannot be created
   */
  static SafeOutput create(String file) throws IOException {
    Path path = TraceFiles.path(file);
    if (Files.exists(path) && !Files.isRegularFile(path)) {
      return new SafeOutput(path, null, Files.newOutputStream(path));
    }
    Path target = Files.exists(path) ? path.toRealPath() : path.toAbsolutePath();
    String name = target.getFileName().toString();
    Path temp = target.resolveSibling("." + name + "." + Long.toHexString(
        ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
    PENDING.add(temp);
    OutputStream stream;
    try {
      stream = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      PENDING.remove(temp);
      // name the file the user gave, not the temporary one
      throw new NoSuchFileException(file);
    } catch (AccessDeniedException e) {
      PENDING.remove(temp);
      throw new AccessDeniedException(file);
    } catch (FileSystemException e) {
      PENDING.remove(temp);
      throw new FileSystemException(file, null, e.getReason());
    } catch (IOException | RuntimeException e) {
      PENDING.remove(temp);
      throw e;
    }
    if (Files.exists(target)) {
      try {
        Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
      } catch (IOException | UnsupportedOperationException e) {
        // the new file keeps the default permissions
      }
    }
    return new SafeOutput(target, temp, stream);
  }

  /** A command's printing of all its traces; returns the run's exit status. */
  @FunctionalInterface
  interface Printing {
    ExitCode printAll(Writer out) throws IOException;
  }

  /** Returns how messages name output {@code file}: {@code <stdout>} for none or {@code -}. */
  static String name(String file) {
    return file == null || file.equals("-") ? "<stdout>" : file;
  }

  /**
   * Runs a table command ({@code stats}, {@code handoffs}): refuses an output {@code file} that is
   * one of the {@code traces}, then prints as {@link #print} does; messages go to {@code err}.
   * Returns the command's exit status.
   */
  static ExitCode run(String file, Collection<String> traces, Writer stdout, PrintWriter err,
      Printing printing) {
    String clash = clash(file, traces);
    if (clash != null) {
      err.println("slabrace: " + clash);
      err.flush();
      return ExitCode.BAD_INPUT;
    }
    ExitCode exit;
    try {
      exit = print(file, stdout, printing);
    } catch (IOException e) {
      err.println("slabrace: " + ErrorHandler.describe(name(file), e));
      exit = ExitCode.BAD_INPUT;
    }
    err.flush();
    return exit;
  }

  /**
   * Runs {@code printing} onto {@code stdout} when {@code file} is null or {@code -}, else onto
   * {@code file}, which is replaced only when every trace was read and analysed (the caller has
   * checked with {@link #clash} that it is none of the inputs). Returns the run's exit status.
   *
   * @throws IOException if the file cannot be written
   */
  static ExitCode print(String file, Writer stdout, Printing printing) throws IOException {
    if (file == null || file.equals("-")) {
      return printing.printAll(stdout);
    }
    try (SafeOutput out = create(file)) {
      Writer w = out.writer();
      ExitCode exit = printing.printAll(w);
      if (exit == ExitCode.CLEAN) {
        w.flush();
        out.commit();
      }
      return exit;
    }
  }

  /** Returns the stream of the output's bytes; {@link #commit} closes it. */
  OutputStream stream() {
    return stream;
  }

  /** Returns a buffered UTF-8 writer onto {@link #stream()}. */
  Writer writer() {
    return new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
  }

  /**
   * The output is complete: closes the stream and renames the temporary file over the target,
   * atomically where the file system can.
   *
   * @throws IOException if closing or renaming fails; the temporary file is then deleted
   */
  void commit() throws IOException {
    stream.close();
    if (temp != null) {
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      PENDING.remove(temp);
    }
    done = true;
  }

  /** Deletes the temporary file unless the output was committed: the old file stays as it was. */
  @Override
  public void close() {
    if (done) {
      return;
    }
    done = true;
    try {
      stream.close();
    } catch (IOException e) {
      // the bytes are discarded anyway
    }
    if (temp != null) {
      deleteQuietly(temp);
      PENDING.remove(temp);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // nothing more can be done at exit
    }
  }
}
