package io.lbgate.stats;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.codec.ServerSentEvent;

/** The element type of the live-update stream, for the SSE encoder. */
final class StatsEventsType {
    static final ParameterizedTypeReference<ServerSentEvent<String>> TYPE = new ParameterizedTypeReference<>() {
    };

    private StatsEventsType() {
    }
}
