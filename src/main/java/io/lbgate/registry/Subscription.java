package io.lbgate.registry;

/** Ends a {@link Registry#subscribe subscription}; closing twice is harmless. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
