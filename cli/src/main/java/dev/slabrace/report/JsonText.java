package dev.slabrace.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.slabrace.trace.Printable;

/**
 * The JSON generators of the JSON and SARIF reports: strings keep every name exactly (a reader gets
 * it back unchanged), but every character {@link Printable} escapes is written as a {@code \\uXXXX}
 * escape, so no byte of a report can end a line or drive a terminal. JSON itself requires this only
 * below U+0020; DEL, the C1 controls, the line and paragraph separators and format characters are
 * escaped here too.
 */
public final class JsonText {
  /** The factory both reports create their generators with; it never closes their writer. */
  public static final JsonFactory FACTORY = new JsonFactoryBuilder()
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .characterEscapes(new Escapes())
      .build();

  private JsonText() {}

  /** JSON's own escapes, plus DEL and every non-ASCII character Printable escapes. */
  private static final class Escapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = standardAsciiEscapesForJSON();

    Escapes() {
      ascii[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (ch > Character.MAX_VALUE || !Printable.escaped(String.valueOf((char) ch), 0)
          || Character.isSurrogate((char) ch)) {
        return null;
      }
      return new SerializedString(Printable.escape(String.valueOf((char) ch)));
    }
  }
}
