package dev.slabrace.trace.simbin;

import static dev.slabrace.trace.Fuzzing.MAX_DURATION;
import static dev.slabrace.trace.Fuzzing.PER_INPUT_SECONDS;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.slabrace.trace.Fuzzing;
import java.io.IOException;
import org.junit.jupiter.api.Timeout;

/** Coverage-guided fuzzing of the binary reader; seeds in SimbinFuzzTestInputs. */
final class SimbinFuzzTest {
  // when fuzzing, the timeout is libFuzzer's limit per input: a hang is a finding
  @Timeout(PER_INPUT_SECONDS)
  @FuzzTest(maxDuration = MAX_DURATION)
  void read(byte[] data) throws IOException {
    Fuzzing.readBoth(data, (in, lenient) -> new SimbinEventSource(in, "fuzz.bin", lenient));
  }
}
