package dev.slabrace.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns TRACE arguments into the streams the readers read: a file that exists, or standard input for
 * {@code -}, which messages and reports name {@value #STDIN}.
 */
final class TraceFiles {
  /** How a trace read from standard input ({@code -} on the command line) is named. */
  static final String STDIN = "<stdin>";

  private TraceFiles() {}

  /**
   * Returns the traces as the commands name them: {@code -} becomes {@value #STDIN}.
   *
   * @throws IllegalArgumentException if {@code -} is given more than once (standard input can be read
   *     only once)
   */
  static List<String> names(List<String> traces) {
    List<String> names = new ArrayList<>(traces.size());
    for (String t : traces) {
      if (t.equals("-")) {
        if (names.contains(STDIN)) {
          throw new IllegalArgumentException("'-' (standard input) can be given only once");
        }
        names.add(STDIN);
      } else {
        names.add(t);
      }
    }
    return names;
  }

  /**
   * Returns the path a file name given on the command line names.
   *
   * @throws FileSystemException "invalid file name" for a name the file system cannot hold
   */
  static Path path(String name) throws FileSystemException {
    try {
      return Path.of(name);
    } catch (InvalidPathException e) {
      throw new FileSystemException(name, null, "invalid file name");
    }
  }

  /**
   * Returns the path of {@code trace}. Traces.open reports a missing file too; checking first keeps
   * the message independent of the reader.
   *
   * @throws FileSystemException "invalid file name" for a name the file system cannot hold
   * @throws NoSuchFileException if there is no such file
   */
  static Path existing(String trace) throws FileSystemException {
    Path path = path(trace);
    if (Files.notExists(path)) {
      throw new NoSuchFileException(trace);
    }
    return path;
  }

  /**
   * Opens {@code trace} as {@link #names} names it: standard input for {@value #STDIN} (closing the
   * stream leaves standard input open), else the file.
   */
  static InputStream open(String trace) throws IOException {
    if (trace.equals(STDIN)) {
      return new FilterInputStream(System.in) {
        @Override
        public void close() {
          // standard input belongs to the process
        }
      };
    }
    return Files.newInputStream(existing(trace));
  }

  /** Returns the size of {@code trace} in bytes, or 0 if unknown (standard input). */
  static long size(String trace) throws IOException {
    return trace.equals(STDIN) ? 0 : Files.size(existing(trace));
  }
}
