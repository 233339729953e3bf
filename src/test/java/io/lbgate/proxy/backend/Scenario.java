package io.lbgate.proxy.backend;

import io.lbgate.proxy.backend.ScenarioServers.Kind;

import java.util.List;

/**
 * One backend-stream scenario: the backend's algorithm, options and servers, how many requests
 * (one after the other, or all at once), and what HAProxy 2.6.12 gives for it, the same in HTTP and
 * TCP mode (observed with the configuration {@link ScenarioConfig} writes).
 *
 * @param expected per row ({@code node1}..., {@code BACKEND}): econ, wretr, wredis, stot, lbtot, qmax
 * @param outcomes one per request, sorted: server name, termination, the log's retries field and
 *                 queue positions, e.g. {@code "node2 -- +1 0/0"}
 */
record Scenario(String name, String balance, String options, List<Kind> servers, String serverParams, int requests,
                boolean parallel, List<String> expected, List<String> outcomes, long minMillis) {

    @Override
    public String toString() {
        return name;
    }
}
