package dev.slabrace.report;

import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A set of known findings, by {@link BaselineKey}: what {@code --write-baseline} writes and
 * {@code --baseline} reads, so that CI fails only on findings that are new.
 *
 * <p>The file is UTF-8 text: a comment line starting with {@code #}, then one key per line, sorted and
 * without repeats. Blank lines and other comment lines are allowed when reading.
 */
public final class Baseline {
  /** The first line of a written baseline. */
  static final String HEADER = "# slabrace baseline v1: one key per line, kind then function:access"
      + " of both sides";

  /** No baseline: every finding counts, none is called new. */
  public static final Baseline NONE = new Baseline(Collections.emptySortedSet(), false);

  private final SortedSet<String> keys;
  private final boolean present;

  private Baseline(SortedSet<String> keys, boolean present) {
    this.keys = Collections.unmodifiableSortedSet(keys);
    this.present = present;
  }

  /** Returns the baseline of {@code findings}. */
  public static Baseline of(Collection<Finding> findings) {
    SortedSet<String> keys = new TreeSet<>();
    findings.forEach(f -> keys.add(BaselineKey.of(f)));
    return new Baseline(keys, true);
  }

  /** Returns the baseline of these keys, each made by {@link BaselineKey#of}. */
  public static Baseline ofKeys(Collection<String> keys) {
    return new Baseline(new TreeSet<>(keys), true);
  }

  /**
   * Reads a baseline file; {@code name} is how messages name it.
   *
   * @throws IOException if it cannot be read, or with {@code name:line: ...} if a line is no key
   */
  public static Baseline read(Path file, String name) throws IOException {
    SortedSet<String> keys = new TreeSet<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        String key = line.strip();
        if (key.isEmpty() || key.startsWith("#")) {
          continue;
        }
        if (!wellFormed(key)) {
          throw new IOException(name + ":" + number + ": not a baseline key: expected a finding kind"
              + " and two function:access words, got '" + key + "'");
        }
        keys.add(key);
      }
    }
    return new Baseline(keys, true);
  }

  private static boolean wellFormed(String key) {
    String[] words = key.split(" ");
    if (words.length != 3 || !words[1].contains(":") || !words[2].contains(":")) {
      return false;
    }
    for (FindingKind kind : FindingKind.values()) {
      if (kind.wireName().equals(words[0])) {
        return true;
      }
    }
    return false;
  }

  /** Whether a baseline was given at all; {@link #NONE} is not. */
  public boolean present() {
    return present;
  }

  /** Whether {@code f} is known: a baseline is present and holds its key. */
  public boolean contains(Finding f) {
    return keys.contains(BaselineKey.of(f));
  }

  /** Returns how many of {@code findings} are new: all of them have keys not in this baseline. */
  public long countNew(Collection<Finding> findings) {
    return findings.stream().filter(f -> !contains(f)).count();
  }

  /** Returns the keys, sorted. */
  public SortedSet<String> keys() {
    return keys;
  }

  /** Writes the baseline file. */
  public void write(Writer out) throws IOException {
    out.write(HEADER);
    out.write('\n');
    for (String key : keys) {
      out.write(key);
      out.write('\n');
    }
  }
}
