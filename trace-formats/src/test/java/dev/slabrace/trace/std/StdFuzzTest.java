package dev.slabrace.trace.std;

import static dev.slabrace.trace.Fuzzing.MAX_DURATION;
import static dev.slabrace.trace.Fuzzing.PER_INPUT_SECONDS;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.slabrace.trace.Fuzzing;
import java.io.IOException;
import org.junit.jupiter.api.Timeout;

/** Coverage-guided fuzzing of the RAPID STD reader and its sniffer; seeds in StdFuzzTestInputs. */
final class StdFuzzTest {
  // when fuzzing, the timeout is libFuzzer's limit per input: a hang is a finding
  @Timeout(PER_INPUT_SECONDS)
  @FuzzTest(maxDuration = MAX_DURATION)
  void read(byte[] data) throws IOException {
    StdEventSource.sniff(data, data.length);
    Fuzzing.readBoth(data, (in, lenient) -> new StdEventSource(in, "fuzz.std", lenient));
  }
}
