package dev.slabrace.trace.jsonl;

import static com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_STRING;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.SymbolTable;
import java.io.IOException;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * The typed readers of a parser's current JSON value. Each fails with a {@link LineProblem} that names the
 * field, says what was expected and shows the value it got.
 */
final class JsonValues {
  /** 2^64 - 1, the largest address or value. */
  private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  /** The longest hex string: "0x" and 16 digits. */
  private static final int MAX_HEX_LENGTH = 18;
  /** How many characters of a value a message shows before "...". */
  private static final int MAX_SHOWN = 40;
  private static final Pattern NESTING =
      Pattern.compile("^Document nesting depth \\(\\d+\\) exceeds the maximum allowed \\((\\d+).*$");
  private static final Pattern NUMBER_LENGTH =
      Pattern.compile("^Number value length \\(\\d+\\) exceeds the maximum allowed \\((\\d+).*$");
  private static final Pattern FEATURE_HINT =
      Pattern.compile(":? (?:enable|You can disable the check via) `[^`]*`(?: to allow)?");

  private JsonValues() {}

  /** Reads a 64-bit unsigned address or value: a "0x" hex string or a non-negative integer. */
  static long u64(JsonParser p, Field f) throws IOException, LineProblem {
    JsonToken t = p.currentToken();
    if (t == VALUE_STRING) {
      char[] cs = p.getTextCharacters();
      int off = p.getTextOffset();
      int len = p.getTextLength();
      if (isHex(cs, off, len)) {
        return parseHex(cs, off, len);
      }
    } else if (t == VALUE_NUMBER_INT && isU64(p)) {
      return u64Number(p);
    }
    throw expected(p, f, "0x-prefixed hex string or non-negative integer");
  }

  /**
   * Reads a lock, signal object or callback key into {@code c}: a number or "0x" hex string is an
   * address, any other non-empty string a name interned in {@code symbols}.
   */
  static void key(JsonParser p, Field f, SymbolTable symbols, EventCursor c)
      throws IOException, LineProblem {
    JsonToken t = p.currentToken();
    if (t == VALUE_STRING && p.getTextLength() > 0) {
      char[] cs = p.getTextCharacters();
      int off = p.getTextOffset();
      int len = p.getTextLength();
      if (isHex(cs, off, len)) {
        c.key = parseHex(cs, off, len);
        c.keyIsName = false;
      } else {
        c.key = symbols.intern(p.getText());
        c.keyIsName = true;
      }
      return;
    }
    if (t == VALUE_NUMBER_INT && isU64(p)) {
      c.key = u64Number(p);
      c.keyIsName = false;
      return;
    }
    throw expected(p, f, "0x-prefixed hex string, non-negative integer or name");
  }

  /** Reads an integer from {@code min} to {@code max}. */
  static long integer(JsonParser p, Field f, long min, long max) throws IOException, LineProblem {
    if (p.currentToken() == VALUE_NUMBER_INT
        && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      long v = p.getLongValue();
      if (v >= min && v <= max) {
        return v;
      }
    }
    if (min == 0 && max == Long.MAX_VALUE) {
      throw expected(p, f, "a non-negative integer");
    }
    throw expected(p, f, "an integer from " + min + " to " + max);
  }

  /** Reads a boolean. */
  static boolean bool(JsonParser p, Field f) throws IOException, LineProblem {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
      return t == JsonToken.VALUE_TRUE;
    }
    throw expected(p, f, "true or false");
  }

  /** Reads a string. */
  static String string(JsonParser p, Field f) throws IOException, LineProblem {
    if (p.currentToken() == VALUE_STRING) {
      return p.getText();
    }
    throw expected(p, f, "a string");
  }

  /**
   * Reads a string that must be one of {@code names} and returns its index, without allocating.
   *
   * @param what the field as messages name it, e.g. {@code "op"}
   * @param list the names as messages list them, or {@code null} for none
   */
  static int choice(JsonParser p, String what, String[] names, String list)
      throws IOException, LineProblem {
    if (p.currentToken() != VALUE_STRING) {
      throw new LineProblem(what + ": expected a string, got " + describe(p));
    }
    char[] cs = p.getTextCharacters();
    int off = p.getTextOffset();
    int len = p.getTextLength();
    for (int i = 0; i < names.length; i++) {
      if (matches(names[i], cs, off, len)) {
        return i;
      }
    }
    String problem = "unknown " + what + " '" + shown(p.getText()) + "'";
    throw new LineProblem(list == null ? problem : problem + " (expected " + list + ")");
  }

  /** Describes the current value for a message: strings quoted, numbers as written, containers by kind. */
  static String describe(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      return "nothing";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> '"' + shown(p.getText()) + '"';
      default -> shown(p.getText());
    };
  }

  /** Returns jackson's problem as one line, with its column and without source-snippet noise. */
  static String malformed(JsonProcessingException e) {
    String msg = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
    int source = msg.indexOf("[Source:");
    if (source >= 0) {
      int paren = msg.lastIndexOf(" (", source);
      msg = msg.substring(0, paren >= 0 ? paren : source);
    }
    msg = msg.replaceAll("\\s+", " ").trim();
    // Jackson's limits and feature hints name its own configuration; say what is wrong instead
    msg = NESTING.matcher(msg).replaceFirst("nesting deeper than $1 levels");
    msg = NUMBER_LENGTH.matcher(msg).replaceFirst("number longer than $1 characters");
    msg = FEATURE_HINT.matcher(msg).replaceAll("");
    JsonLocation at = e.getLocation();
    int column = at == null ? -1 : at.getColumnNr();
    return "malformed JSON" + (column > 0 ? " at column " + column : "") + ": " + msg;
  }

  /** Returns {@code text} with control characters and quotes escaped, cut to a readable length. */
  static String shown(String text) {
    StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_SHOWN) + 8);
    for (int i = 0; i < text.length(); i++) {
      if (i == MAX_SHOWN) {
        return b.append("...").toString();
      }
      char ch = text.charAt(i);
      switch (ch) {
        case '"', '\'', '\\' -> b.append('\\').append(ch);
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (ch < ' ') {
            b.append(String.format("\\u%04x", (int) ch));
          } else {
            b.append(ch);
          }
        }
      }
    }
    return b.toString();
  }

  /** Whether the characters are "0x" (or "0X") and 1 to 16 hex digits. */
  static boolean isHex(char[] cs, int off, int len) {
    if (len < 3 || len > MAX_HEX_LENGTH || cs[off] != '0' || (cs[off + 1] | 0x20) != 'x') {
      return false;
    }
    for (int i = off + 2; i < off + len; i++) {
      if (hexDigit(cs[i]) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Parses characters for which {@link #isHex} holds. */
  static long parseHex(char[] cs, int off, int len) {
    long v = 0;
    for (int i = off + 2; i < off + len; i++) {
      v = v << 4 | hexDigit(cs[i]);
    }
    return v;
  }

  /** Whether the current integer token is from 0 to 2^64 - 1; BigInteger only beyond a long. */
  private static boolean isU64(JsonParser p) throws IOException {
    if (p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      return p.getLongValue() >= 0;
    }
    BigInteger v = p.getBigIntegerValue();
    return v.signum() >= 0 && v.compareTo(U64_MAX) <= 0;
  }

  /** Returns the current integer token, for which {@link #isU64} holds, as a two's-complement long. */
  private static long u64Number(JsonParser p) throws IOException {
    return p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
        ? p.getLongValue()
        : p.getBigIntegerValue().longValue();
  }

  /** Returns the value of hex digit {@code ch} (either case), or -1. */
  private static int hexDigit(char ch) {
    if (ch >= '0' && ch <= '9') {
      return ch - '0';
    }
    char lower = (char) (ch | 0x20);
    return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
  }

  private static boolean matches(String name, char[] cs, int off, int len) {
    if (name.length() != len) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (name.charAt(i) != cs[off + i]) {
        return false;
      }
    }
    return true;
  }

  private static LineProblem expected(JsonParser p, Field f, String what) throws IOException {
    return new LineProblem(f + ": expected " + what + ", got " + describe(p));
  }
}
