package dev.slabrace.trace.jsonl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.slabrace.trace.EventCursor;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.io.IOException;

/**
 * The trace's own stack ids ({@code sid}) mapped to {@link dev.slabrace.trace.StackTable} ids. A sid is
 * a non-negative integer or a non-empty string; a string that spells a number in canonical decimal is
 * that number, so 3 and "3" are the same sid. A {@code stack} event declares its sid only once the
 * whole event is valid ({@link #commit}).
 */
final class StackIds {
  private final Long2IntOpenHashMap numbers = new Long2IntOpenHashMap();
  private final Object2IntOpenHashMap<String> names = new Object2IntOpenHashMap<>();
  /** The sid just read: {@link #name} if not null, else {@link #number}. */
  private long number;
  private String name;
  /** How a message shows the sid just read. */
  private String shown;

  /** Creates an empty mapping. */
  StackIds() {
    numbers.defaultReturnValue(EventCursor.NONE);
    names.defaultReturnValue(EventCursor.NONE);
  }

  /** Reads a sid reference and returns the stack it names. */
  int find(JsonParser p) throws IOException, LineProblem {
    read(p);
    int stack = lookup();
    if (stack == EventCursor.NONE) {
      throw new LineProblem("sid " + shownSid() + " was not declared by an earlier stack event");
    }
    return stack;
  }

  /** Returns the stack that the integer sid {@code number} names, or {@link EventCursor#NONE}. */
  int findNumber(long number) {
    return numbers.get(number);
  }

  /** Reads the sid that a {@code stack} event declares; {@link #commit} declares it. */
  void readDeclaration(JsonParser p) throws IOException, LineProblem {
    read(p);
  }

  /** Checks that the sid read by {@link #readDeclaration} may name {@code stack}. */
  void checkDeclaration(int stack) throws LineProblem {
    int old = lookup();
    if (old != EventCursor.NONE && old != stack) {
      throw new LineProblem("sid " + shownSid() + " is already declared with other frames");
    }
  }

  /** Declares the sid read by {@link #readDeclaration} as {@code stack}. */
  void commit(int stack) {
    if (name != null) {
      names.put(name, stack);
    } else {
      numbers.put(number, stack);
    }
  }

  private void read(JsonParser p) throws IOException, LineProblem {
    JsonToken t = p.currentToken();
    name = null;
    shown = null;
    if (t == JsonToken.VALUE_NUMBER_INT
        && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER && p.getLongValue() >= 0) {
      number = p.getLongValue();
      return;
    }
    if (t == JsonToken.VALUE_STRING && p.getTextLength() > 0) {
      String text = p.getText();
      number = canonicalNumber(text);
      if (number < 0) {
        name = text;
      }
      shown = JsonValues.describe(p);
      return;
    }
    throw new LineProblem("sid: expected a non-negative integer or a non-empty string, got "
        + JsonValues.describe(p));
  }

  private int lookup() {
    return name != null ? names.getInt(name) : numbers.get(number);
  }

  private String shownSid() {
    return shown != null ? shown : Long.toString(number);
  }

  /** Returns the number that {@code text} spells in canonical decimal, or -1. */
  private static long canonicalNumber(String text) {
    int len = text.length();
    if (len > 19 || (len > 1 && text.charAt(0) == '0')) {
      return -1;
    }
    for (int i = 0; i < len; i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return -1;
      }
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
