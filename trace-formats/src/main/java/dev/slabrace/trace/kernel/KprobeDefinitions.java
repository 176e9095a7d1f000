package dev.slabrace.trace.kernel;

import dev.slabrace.trace.TraceFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kprobe events a trace was captured with, read from the text written to (or read back from)
 * tracefs {@code kprobe_events}: one definition per line, {@code p[:[GRP/][EVENT]] POINT [ARGS]},
 * {@code r[MAXACTIVE][:[GRP/][EVENT]] POINT [ARGS]} or {@code -:[GRP/]EVENT} (which removes one);
 * blank lines and {@code #} comments are skipped.
 *
 * <pre>
 * Implementation notes
 *
 * Grammar from Documentation/trace/kprobetrace.rst. An event without a name gets the kernel's
 * (p_SYM_OFF, r_SYM_0), an argument without one argN. A trace line names the event but not its group,
 * so two groups defining the same event name are refused. Types: u8..u64, s8..s64, x8..x64, char,
 * string, ustring, symbol, symstr, bitfields b WIDTH @ OFFSET / CONTAINER and arrays TYPE[N]; no type
 * is x64, the kernel's 64-bit default. Offsets are decimal or 0x hex, as the kernel prints them back
 * in decimal. Forms slabrace cannot place in memory ($retval, $stack, $comm, BTF names) are kept as
 * Fetch.Other: their values are printed but give no load.
 * </pre>
 */
public final class KprobeDefinitions {
  /** No definitions: kprobe lines give no loads beyond the slabrace_* naming convention. */
  public static final KprobeDefinitions NONE = new KprobeDefinitions(Map.of());

  private static final Pattern HEAD =
      Pattern.compile("([pr-])(\\d*)(?::(?:([A-Za-z_][\\w]*)/)?([A-Za-z_][\\w]*)?)?");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_]\\w*");
  private static final Pattern SIZED = Pattern.compile("([usx])(8|16|32|64)");
  private static final Pattern BITFIELD = Pattern.compile("b(\\d+)@(\\d+)/(8|16|32|64)");
  private static final Pattern ARRAY = Pattern.compile("(.+)\\[(\\d+)]");
  private static final Pattern ARG = Pattern.compile("\\$arg(\\d+)");
  private static final Pattern MEMORY = Pattern.compile("([+-])(u?)(0[xX][0-9a-fA-F]+|\\d+)\\((.*)\\)");
  private static final Pattern SYMBOL = Pattern.compile("@([A-Za-z_.][\\w.$]*)(?:([+-])(0[xX][0-9a-fA-F]+|\\d+))?");
  private static final Pattern ADDRESS = Pattern.compile("@(0[xX][0-9a-fA-F]+|\\d+)");
  private static final String DEFAULT_GROUP = "kprobes";
  private static final String DEFAULT_TYPE = "x64";

  private final Map<String, KprobeEvent> byName;

  private KprobeDefinitions(Map<String, KprobeEvent> byName) {
    this.byName = byName;
  }

  /**
   * Reads a kprobe_events file.
   *
   * @param file the file
   * @param name how messages name it
   * @throws TraceFormatException if a line is not a kprobe definition, naming file, line and problem
   * @throws IOException if it cannot be read
   */
  public static KprobeDefinitions read(Path file, String name) throws IOException {
    Map<String, KprobeEvent> events = new LinkedHashMap<>();
    long lineNo = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        lineNo++;
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        try {
          define(events, text, lineNo);
        } catch (IllegalArgumentException e) {
          throw TraceFormatException.atLine(name, lineNo, e.getMessage());
        }
      }
    }
    return new KprobeDefinitions(events);
  }

  /** Returns the event named {@code name} as trace lines print it, if defined. */
  public Optional<KprobeEvent> event(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Returns every defined event, in the order of the file. */
  public List<KprobeEvent> events() {
    return List.copyOf(byName.values());
  }

  /** Whether nothing is defined. */
  public boolean isEmpty() {
    return byName.isEmpty();
  }

  private static void define(Map<String, KprobeEvent> events, String text, long lineNo) {
    String[] tokens = text.split("\\s+");
    Matcher head = HEAD.matcher(tokens[0]);
    if (!head.matches()) {
      throw new IllegalArgumentException("not a kprobe definition (p:GROUP/EVENT, r:GROUP/EVENT or"
          + " -:GROUP/EVENT expected): '" + shown(tokens[0]) + "'");
    }
    String group = head.group(3) == null ? DEFAULT_GROUP : head.group(3);
    if (head.group(1).equals("-")) {
      if (head.group(4) == null) {
        throw new IllegalArgumentException("-: names no event to remove");
      }
      KprobeEvent old = events.get(head.group(4));
      if (old != null && old.group().equals(group)) {
        events.remove(head.group(4));
      }
      return;
    }
    if (tokens.length < 2) {
      throw new IllegalArgumentException("no probe point after '" + shown(tokens[0]) + "'");
    }
    boolean isReturn = head.group(1).equals("r");
    String point = tokens[1];
    if (point.endsWith("%return")) {
      isReturn = true;
      point = point.substring(0, point.length() - "%return".length());
    }
    String name = head.group(4) != null ? head.group(4) : defaultName(isReturn, point);
    List<FetchArg> args = new ArrayList<>();
    for (int i = 2; i < tokens.length; i++) {
      args.add(argument(tokens[i], i - 1));
    }
    KprobeEvent previous = events.get(name);
    if (previous != null && !previous.group().equals(group)) {
      throw new IllegalArgumentException("event " + name + " is defined in groups "
          + previous.group() + " (line " + previous.line() + ") and " + group + ": trace lines do"
          + " not name the group, so they could not be told apart");
    }
    events.put(name, new KprobeEvent(group, name, isReturn, point, List.copyOf(args), lineNo));
  }

  /** The kernel's name for an unnamed event: p_SYM_OFF or r_SYM_0, non-word characters as '_'. */
  private static String defaultName(boolean isReturn, String point) {
    int plus = point.indexOf('+');
    String symbol = plus < 0 ? point : point.substring(0, plus);
    long offset = plus < 0 ? 0 : number(point.substring(plus + 1), point);
    return ((isReturn ? "r_" : "p_") + symbol + "_" + offset).replaceAll("\\W", "_");
  }

  private static FetchArg argument(String token, int index) {
    String name = "arg" + index;
    String body = token;
    int eq = token.indexOf('=');
    if (eq > 0 && NAME.matcher(token.substring(0, eq)).matches()) {
      name = token.substring(0, eq);
      body = token.substring(eq + 1);
    }
    String type = DEFAULT_TYPE;
    int colon = typeColon(body);
    if (colon >= 0) {
      type = body.substring(colon + 1);
      body = body.substring(0, colon);
    }
    if (body.isEmpty()) {
      throw new IllegalArgumentException("argument " + name + " fetches nothing: '" + shown(token)
          + "'");
    }
    int count = 1;
    String element = type;
    Matcher array = ARRAY.matcher(type);
    if (array.matches()) {
      element = array.group(1);
      count = Integer.parseInt(array.group(2));
    }
    Matcher sized = SIZED.matcher(element);
    Matcher bits = BITFIELD.matcher(element);
    int size;
    boolean numeric = false;
    if (sized.matches()) {
      size = Integer.parseInt(sized.group(2)) / Byte.SIZE;
      numeric = count == 1;
    } else if (bits.matches()) {
      size = Integer.parseInt(bits.group(3)) / Byte.SIZE;
    } else {
      size = switch (element) {
        case "char" -> 1;
        case "symbol" -> Long.BYTES;
        case "string", "ustring", "symstr" -> 0;
        default -> throw new IllegalArgumentException("argument " + name + " has unknown type '"
            + shown(type) + "' (u8..u64, s8..s64, x8..x64, char, string, ustring, symbol, symstr"
            + " or a bitfield expected)");
      };
    }
    return new FetchArg(name, fetch(body, token), type, size * count, numeric);
  }

  /** The colon before the type: the last one outside parentheses, if a type follows it. */
  private static int typeColon(String body) {
    int depth = 0;
    int found = -1;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ':' && depth == 0) {
        found = i;
      }
    }
    return found;
  }

  private static Fetch fetch(String text, String token) {
    if (text.startsWith("%")) {
      if (!NAME.matcher(text.substring(1)).matches()) {
        throw new IllegalArgumentException("bad register in '" + shown(token) + "'");
      }
      return new Fetch.Register(text.substring(1));
    }
    Matcher m = ARG.matcher(text);
    if (m.matches()) {
      int n = Integer.parseInt(m.group(1));
      if (n < 1) {
        throw new IllegalArgumentException("$arg numbers start at 1: '" + shown(token) + "'");
      }
      return new Fetch.Argument(n);
    }
    m = MEMORY.matcher(text);
    if (m.matches()) {
      long offset = number(m.group(3), token);
      return new Fetch.Memory(m.group(1).equals("-") ? -offset : offset, fetch(m.group(4), token),
          !m.group(2).isEmpty());
    }
    m = ADDRESS.matcher(text);
    if (m.matches()) {
      return new Fetch.AddressMemory(number(m.group(1), token));
    }
    m = SYMBOL.matcher(text);
    if (m.matches()) {
      long offset = m.group(3) == null ? 0 : number(m.group(3), token);
      return new Fetch.SymbolMemory(m.group(1), "-".equals(m.group(2)) ? -offset : offset);
    }
    if (text.startsWith("\\")) {
      return new Fetch.Immediate(text.length() > 1 && Character.isDigit(text.charAt(1))
          ? number(text.substring(1), token) : 0);
    }
    if (text.startsWith("+") || text.startsWith("-") || text.indexOf('(') >= 0) {
      throw new IllegalArgumentException("bad memory fetch '" + shown(token) + "' (+OFF(FETCH) or"
          + " -OFF(FETCH) expected)");
    }
    return new Fetch.Other(text);
  }

  private static long number(String digits, String token) {
    try {
      return digits.startsWith("0x") || digits.startsWith("0X")
          ? Long.parseUnsignedLong(digits.substring(2), 16) : Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad number '" + shown(digits) + "' in '" + shown(token)
          + "'");
    }
  }

  private static String shown(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
