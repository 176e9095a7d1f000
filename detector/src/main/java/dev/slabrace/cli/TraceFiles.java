package dev.slabrace.cli;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Turns a TRACE argument into the path of a file that exists, or the error the user sees. */
final class TraceFiles {
  private TraceFiles() {}

  /**
   * Returns the path of {@code trace}. Traces.open reports a missing file too; checking first keeps
   * the message independent of the reader.
   *
   * @throws FileSystemException "invalid file name" for a name the file system cannot hold
   * @throws NoSuchFileException if there is no such file
   */
  static Path existing(String trace) throws FileSystemException {
    Path path;
    try {
      path = Path.of(trace);
    } catch (InvalidPathException e) {
      throw new FileSystemException(trace, null, "invalid file name");
    }
    if (Files.notExists(path)) {
      throw new NoSuchFileException(trace);
    }
    return path;
  }
}
