package io.lbgate.proxy;

import io.lbgate.config.BindAddress;
import reactor.netty.DisposableServer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Binds a frontend on each of its addresses, all or nothing. */
public final class Binds {
    private Binds() {
    }

    /** Binds each address with {@code bind}; if one fails, the ones already bound are released. */
    public static List<DisposableServer> bindAll(String frontend, List<BindAddress> addresses,
            Function<BindAddress, DisposableServer> bind) {
        List<DisposableServer> bound = new ArrayList<>();
        for (BindAddress address : addresses) {
            try {
                bound.add(bind.apply(address));
            } catch (RuntimeException e) {
                bound.forEach(DisposableServer::disposeNow);
                throw new BindFailedException(frontend, address, e);
            }
        }
        return bound;
    }
}
