package io.lbgate.balance;

import io.lbgate.registry.Balancer;
import io.lbgate.registry.PickContext;

import io.lbgate.config.Algorithm;
import io.lbgate.registry.Server;
import java.net.InetAddress;
import java.util.List;

/**
 * {@code balance source}: the client address, hashed, indexes HAProxy's static weight map, so a
 * client keeps its server while the set of usable servers does not change. The hash is HAProxy's
 * map-based one: the address's 32-bit words XORed (an IPv4 address is its own hash), modulo the
 * total weight. Weights 1,1,1: clients 192.168.0.0, .1, .2, .3 → 1 2 3 1
 * (0xC0A80000 is a multiple of 3).
 *
 * <p>As in HAProxy, the hash ignores {@link PickContext#avoid()}: a client's server is its server
 * until that server stops being usable. Without a client address it walks the map like static-rr.
 */
final class Source implements Balancer {
    private final WeightMap map;

    Source(List<Server> servers, boolean allBackups) {
        this.map = new WeightMap(servers, allBackups);
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.SOURCE;
    }

    @Override
    public boolean dynamicWeights() {
        return false;
    }

    @Override
    public Server pick(PickContext context) {
        InetAddress client = context.client();
        if (client == null) {
            return map.next(context.avoid());
        }
        // A single server needs no hash (HAProxy skips it too).
        return map.byHash(map.used() == 1 ? 0 : hash(client.getAddress()));
    }

    static int hash(byte[] address) {
        int h = 0;
        for (int i = 0; i + 4 <= address.length; i += 4) {
            h ^= (address[i] & 0xff) << 24 | (address[i + 1] & 0xff) << 16
                    | (address[i + 2] & 0xff) << 8 | (address[i + 3] & 0xff);
        }
        return h;
    }

    @Override
    public void serverChanged(Server server) {
        map.rebuild();
    }
}
