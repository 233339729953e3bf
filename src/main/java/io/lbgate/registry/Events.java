package io.lbgate.registry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's subscribers. Delivery is synchronous, on the thread that made the change, while
 * that server's lock is held: subscribers see one server's changes in the order they happened, and
 * must therefore be quick (hand off to a sink or a queue, never block).
 */
final class Events {
    private static final Logger log = LoggerFactory.getLogger(Events.class);

    private final List<Consumer<? super StateChange>> subscribers = new CopyOnWriteArrayList<>();

    Subscription subscribe(Consumer<? super StateChange> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    void publish(StateChange change) {
        for (Consumer<? super StateChange> s : subscribers) {
            try {
                s.accept(change);
            } catch (RuntimeException e) {
                // One broken subscriber (a closed UI stream) must not stop the others nor undo the change.
                log.warn("State-change subscriber {} failed on {}", s, change, e);
            }
        }
    }
}
