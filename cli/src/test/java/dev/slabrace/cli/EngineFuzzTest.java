package dev.slabrace.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.slabrace.finding.TraceResult;
import dev.slabrace.report.Collect;
import dev.slabrace.report.JsonReporter;
import dev.slabrace.report.KcsanTextReporter;
import dev.slabrace.trace.CheckedEventSource;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.TraceFormatException;
import dev.slabrace.trace.jsonl.JsonlEventSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the whole analysis: whatever the JSON Lines reader accepts (leniently,
 * so that damaged lines do not end the trace) goes through the engine and both reporters. Only a
 * {@link TraceFormatException} may escape. Seeds in EngineFuzzTestInputs.
 */
final class EngineFuzzTest {
  /** As the reader fuzz tests (trace-formats' Fuzzing): 20 s in CI, 15 s per input at most. */
  private static final String MAX_DURATION = "20s";
  private static final long PER_INPUT_SECONDS = 15;

  // when fuzzing, the timeout is libFuzzer's limit per input: a hang is a finding
  @Timeout(PER_INPUT_SECONDS)
  @FuzzTest(maxDuration = MAX_DURATION)
  void analyze(byte[] data) throws IOException {
    TraceResult result;
    try (EventSource source = new CheckedEventSource(
        new JsonlEventSource(new ByteArrayInputStream(data), "fuzz.jsonl", true), true)) {
      result = Collect.analyze(source);
    } catch (TraceFormatException expected) {
      return;
    }
    new KcsanTextReporter().print(result, new StringWriter());
    new JsonReporter().print(result, new StringWriter());
  }
}
