package dev.slabrace.trace.jsonl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.TaskTable;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.io.IOException;

/**
 * The mapping of {@code tid} and {@code child} values to {@link TaskTable} indices. A task is named by its
 * text, so the integer 7 and the string "7" are the same task; integers are cached by value, so the
 * common numeric tid costs no String per event.
 */
final class TaskKeys {
  private final TaskTable tasks;
  private final Long2IntOpenHashMap byNumber = new Long2IntOpenHashMap();

  /** Creates keys that intern into {@code tasks}. */
  TaskKeys(TaskTable tasks) {
    this.tasks = tasks;
    byNumber.defaultReturnValue(EventCursor.NONE);
  }

  /** Reads the current value, an integer or a non-empty string, as a task index. */
  int read(JsonParser p, Field f) throws IOException, LineProblem {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT) {
      if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        return tasks.intern(p.getBigIntegerValue().toString());
      }
      return number(p.getLongValue());
    }
    if (t == JsonToken.VALUE_STRING && p.getTextLength() > 0) {
      return tasks.intern(p.getText());
    }
    throw new LineProblem(f + ": expected an integer or a non-empty string, got "
        + JsonValues.describe(p));
  }

  /** Returns the task index of the integer tid {@code number}. */
  int number(long number) {
    int task = byNumber.get(number);
    if (task == EventCursor.NONE) {
      task = tasks.intern(Long.toString(number));
      byNumber.put(number, task);
    }
    return task;
  }

  /** Returns the task index of the string tid {@code name}. */
  int name(String name) {
    return tasks.intern(name);
  }
}
