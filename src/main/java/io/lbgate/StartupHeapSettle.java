package io.lbgate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.concurrent.TimeUnit;

/**
 * One full collection once the gateway is ready, so that what start-up built goes to the old
 * generation at once. The application context and the data plane build about 10 MiB that live as
 * long as the process; left in the young generation, G1 copies them from survivor space to survivor
 * space at every young pause until they reach the tenuring threshold (15 pauses: 45 s at 30k
 * requests a second). Measured under the bench's {@code -Xms512m -Xmx512m -XX:+UseG1GC}, that
 * copying made each young pause 10 ms instead of 3.5 ms, and those pauses are what the proxy's p99
 * latency was made of. {@code -XX:+DisableExplicitGC} turns this off.
 */
@Component
class StartupHeapSettle {
    private static final Logger log = LoggerFactory.getLogger(StartupHeapSettle.class);

    @EventListener(ApplicationReadyEvent.class)
    void settle() {
        long start = System.nanoTime();
        System.gc();
        log.debug("Start-up heap moved to the old generation in {} ms",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
}
