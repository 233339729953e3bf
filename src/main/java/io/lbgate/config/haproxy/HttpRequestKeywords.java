package io.lbgate.config.haproxy;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * {@code http-request} rules. lbgate has one: {@code use-service prometheus-exporter}, unconditional
 * or under {@code if { path <path> ... }}, the form HAProxy's documentation gives for its built-in
 * exporter. Other actions and conditions are refused rather than ignored: a rule that silently does
 * nothing would let traffic through that the operator meant to stop.
 */
final class HttpRequestKeywords {
    static final String SERVICE = "prometheus-exporter";

    private HttpRequestKeywords() {
    }

    static void httpRequest(Directive d) {
        String action = d.arg(0);
        if (!"use-service".equals(action)) {
            d.alert("'http-request " + (action == null ? "" : action) + "' is not supported by lbgate"
                    + " (only 'http-request use-service " + SERVICE + " [if { path <path> }]').");
            return;
        }
        String service = d.arg(1);
        if (service == null) {
            // HAProxy 2.6.12's words.
            d.alert("error detected in " + d.proxy().label() + " while parsing 'http-request use-service' rule :"
                    + " 'use-service' expects a service name..");
            return;
        }
        if (!service.equals(SERVICE)) {
            d.alert("error detected in " + d.proxy().label() + " while parsing 'http-request use-service' rule : '"
                    + service + "' unknown service name..");
            return;
        }
        List<String> condition = d.args().subList(2, d.args().size());
        if (condition.isEmpty()) {
            d.proxy().prometheusEveryRequest = true;
            return;
        }
        if (condition.size() < 5 || !condition.get(0).equals("if") || !condition.get(1).equals("{")
                || !condition.get(2).equals("path") || !condition.get(condition.size() - 1).equals("}")) {
            if (condition.contains("{") && !condition.contains("}")) {
                d.alert("error detected while parsing an 'http-request use-service' condition : missing closing '}'"
                        + " in condition.");
                return;
            }
            d.alert("'http-request use-service " + SERVICE + "' : conditions other than 'if { path <path> ... }' are"
                    + " not supported by lbgate (got '" + String.join(" ", condition) + "').");
            return;
        }
        d.proxy().prometheusPaths.addAll(new LinkedHashSet<>(condition.subList(3, condition.size() - 1)));
    }
}
