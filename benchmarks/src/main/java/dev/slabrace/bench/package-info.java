/**
 * Benchmarks of slabrace, run by hand and never in CI: JMH benchmarks of the readers ({@link
 * dev.slabrace.bench.ReaderBench}), the engine's access path ({@link dev.slabrace.bench.EngineBench})
 * and whole analyses ({@link dev.slabrace.bench.AnalyzeBench}), over inputs generated in memory by
 * {@link dev.slabrace.bench.BenchInputs}; and the mains {@code bench/run.sh} runs end to end: {@link
 * dev.slabrace.bench.ParseOnly} (read and count) and {@link dev.slabrace.bench.FtraceGenerator}; and
 * {@link dev.slabrace.bench.EngineAB}, the engines of several jars taking turns on one trace. It
 * depends on trace-formats and detector, and nothing depends on it.
 */
package dev.slabrace.bench;
