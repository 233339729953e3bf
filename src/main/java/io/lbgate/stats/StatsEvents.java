package io.lbgate.stats;

import io.lbgate.registry.Registry;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The page's live updates: a server-sent event with the whole view at once, then on every registry
 * change (a drain shows without waiting) and every second (counters). Changes arrive on whichever
 * thread made them; bursts collapse into the latest so that a slow browser never makes the
 * registry wait, and a snapshot is rendered only when the client can take it.
 */
final class StatsEvents {
    static final Duration TICK = Duration.ofSeconds(1);

    private StatsEvents() {
    }

    static Flux<ServerSentEvent<String>> stream(Registry registry, Supplier<String> render) {
        Flux<Object> changes = Flux.create(sink -> {
            var subscription = registry.subscribe(change -> sink.next(change));
            sink.onDispose(subscription::close);
        }, FluxSink.OverflowStrategy.LATEST);
        return Flux.merge(Flux.just(0L), Flux.interval(TICK, TICK), changes)
                .onBackpressureLatest()
                .publishOn(Schedulers.boundedElastic(), 1)
                .map(trigger -> ServerSentEvent.builder(render.get()).event("stats").build());
    }
}
