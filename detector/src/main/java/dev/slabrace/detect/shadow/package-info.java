/**
 * Shadow memory: for every 8-byte granule that the trace touched, the cells of the earlier accesses
 * that a later access may still race with (ThreadSanitizer's granules with offset and size per cell,
 * holding FastTrack epochs), and the markers of freed bytes. Storage only; the engine decides. Laid
 * out for the cache: a granule's cells after its first are kept together in blocks of four that hold
 * that granule's cells only, so a granule's walk costs one or two cache lines ({@link ShadowMemory}).
 */
package dev.slabrace.detect.shadow;
