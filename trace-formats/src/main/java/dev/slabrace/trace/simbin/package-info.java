/**
 * simbin, slabrace's compact binary trace format ({@code trace-formats/spec/simbin.md}), for the
 * simulator's traces of up to billions of events: {@link dev.slabrace.trace.simbin.SimbinEventSource}
 * streams a file into a reused cursor and verifies its trailer; {@link
 * dev.slabrace.trace.simbin.SimbinEventWriter} writes cursors, defining table entries just before
 * their first use. Package-private: {@code Simbin} holds the format's constants, {@code Predictions}
 * the state both ends keep to leave fields out, {@code EventDecoder} decodes event records, and
 * {@code SimbinInput} / {@code SimbinOutput} are the byte level of each end. Registered as {@code
 * TraceFormat.SIMBIN}. Depends on the event model only.
 */
package dev.slabrace.trace.simbin;
