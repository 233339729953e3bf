package io.lbgate.runtime;

import io.lbgate.config.ApiLevel;
import io.lbgate.registry.Backend;
import io.lbgate.registry.Counters;
import io.lbgate.registry.Frontend;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code clear counters [all]}: an operator may clear the maxima, only an admin every counter
 * (HAProxy 2.6's rule, observed). Anything after {@code counters} other than {@code all} is
 * ignored, as HAProxy does.
 */
final class CounterCommands {
    private CounterCommands() {
    }

    static String clear(CliRequest request) {
        boolean all = request.arg(2).equals("all");
        if (all && !request.allows(ApiLevel.ADMIN)) {
            return CliRequest.PERMISSION_DENIED;
        }
        if (all) {
            request.services().registry().statsFrontends().forEach(Frontend::clearInterceptedRequests);
        }
        for (Counters c : every(request.services().registry())) {
            if (all) {
                c.clearAll();
            } else {
                c.clearMaxima();
            }
        }
        return "";
    }

    private static List<Counters> every(Registry registry) {
        List<Counters> all = new ArrayList<>();
        for (Frontend f : registry.frontends()) {
            all.add(f.counters());
        }
        for (Frontend f : registry.statsFrontends()) {
            all.add(f.counters());
        }
        for (Backend b : registry.backends()) {
            all.add(b.counters());
            for (Server s : b.servers()) {
                all.add(s.counters());
            }
        }
        return all;
    }
}
