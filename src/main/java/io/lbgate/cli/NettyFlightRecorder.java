package io.lbgate.cli;

/**
 * Turns Netty's Flight Recorder events off for the process unless the operator chose with
 * {@code -Dio.netty.jfr.enabled=...}.
 *
 * <p>Netty 4.2 enables its buffer-allocator events ({@code AllocateChunkEvent} and the like) whenever
 * the JVM has Flight Recorder, recording or not: the first pooled chunk then registers the event
 * types with the recorder, which loads about a hundred {@code jdk.jfr} classes (their metadata stays
 * in the process for good) before the first response, to report events that nobody records unless a
 * recording was started. An operator who records with {@code -XX:StartFlightRecording} and wants
 * Netty's allocator events sets {@code -Dio.netty.jfr.enabled=true}. Netty still asks the JVM whether
 * Flight Recorder is there (a dozen classes); that cannot be avoided.
 */
final class NettyFlightRecorder {
    static final String PROPERTY = "io.netty.jfr.enabled";

    private NettyFlightRecorder() {
    }

    /** Call first thing in {@code main}, before any Netty class loads: Netty reads it once. */
    static void configureProcess() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "false");
        }
    }
}
