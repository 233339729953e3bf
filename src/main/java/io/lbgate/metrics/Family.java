package io.lbgate.metrics;

/**
 * The metric families of HAProxy 2.6's built-in Prometheus exporter that lbgate fills, in HAProxy's
 * order, with HAProxy's names, types and help texts (taken from a running 2.6.12). Each reads one
 * field of the stats rows ({@code ;csv}'s column name) or is built from several ({@link Shape}).
 * The families HAProxy has and lbgate leaves out (compression, cache, timings it does not measure,
 * ...) are listed in docs/metrics.md; a family here never carries a value lbgate does not count.
 *
 * <p>A documented hub: it is long because it is the list.
 */
enum Family {
    PROCESS_NBPROC(Scope.PROCESS, "nbproc", Type.GAUGE, Shape.PROCESS, null,
            "Number of started worker processes (historical, always 1)"),
    PROCESS_RELATIVE_PROCESS_ID(Scope.PROCESS, "relative_process_id", Type.GAUGE, Shape.PROCESS, null,
            "Relative worker process number (1)"),
    PROCESS_UPTIME_SECONDS(Scope.PROCESS, "uptime_seconds", Type.GAUGE, Shape.PROCESS, null,
            "How long ago this worker process was started (seconds)"),
    PROCESS_MAX_CONNECTIONS(Scope.PROCESS, "max_connections", Type.GAUGE, Shape.PROCESS, null,
            "Hard limit on the number of per-process connections (configured or imposed by Ulimit-n)"),
    PROCESS_START_TIME_SECONDS(Scope.PROCESS, "start_time_seconds", Type.GAUGE, Shape.PROCESS, null,
            "Start time in seconds"),
    FRONTEND_CURRENT_SESSIONS(Scope.FRONTEND, "current_sessions", Type.GAUGE, Shape.VALUE, "scur",
            "Number of current sessions on the frontend, backend or server"),
    FRONTEND_MAX_SESSIONS(Scope.FRONTEND, "max_sessions", Type.GAUGE, Shape.VALUE, "smax",
            "Highest value of current sessions encountered since process started"),
    FRONTEND_LIMIT_SESSIONS(Scope.FRONTEND, "limit_sessions", Type.GAUGE, Shape.VALUE, "slim",
            "Frontend/listener/server's maxconn, backend's fullconn"),
    FRONTEND_SESSIONS_TOTAL(Scope.FRONTEND, "sessions_total", Type.COUNTER, Shape.VALUE, "stot",
            "Total number of sessions since process started"),
    FRONTEND_BYTES_IN_TOTAL(Scope.FRONTEND, "bytes_in_total", Type.COUNTER, Shape.VALUE, "bin",
            "Total number of request bytes since process started"),
    FRONTEND_BYTES_OUT_TOTAL(Scope.FRONTEND, "bytes_out_total", Type.COUNTER, Shape.VALUE, "bout",
            "Total number of response bytes since process started"),
    FRONTEND_REQUEST_ERRORS_TOTAL(Scope.FRONTEND, "request_errors_total", Type.COUNTER, Shape.VALUE, "ereq",
            "Total number of invalid requests since process started"),
    FRONTEND_STATUS(Scope.FRONTEND, "status", Type.GAUGE, Shape.PROXY_STATUS, "status",
            "Current status of the service, per state label value."),
    FRONTEND_LIMIT_SESSION_RATE(Scope.FRONTEND, "limit_session_rate", Type.GAUGE, Shape.VALUE, "rate_lim",
            "Limit on the number of sessions accepted in a second (frontend only, 'rate-limit sessions' setting)"),
    FRONTEND_MAX_SESSION_RATE(Scope.FRONTEND, "max_session_rate", Type.GAUGE, Shape.VALUE, "rate_max",
            "Highest value of sessions per second observed since the worker process started"),
    FRONTEND_HTTP_RESPONSES_TOTAL(Scope.FRONTEND, "http_responses_total", Type.COUNTER, Shape.RESPONSES, null,
            "Total number of HTTP responses with status 100-199 returned by this object since the worker process"
                    + " started"),
    FRONTEND_HTTP_REQUESTS_RATE_MAX(Scope.FRONTEND, "http_requests_rate_max", Type.GAUGE, Shape.HTTP_VALUE,
            "req_rate_max", "Highest value of http requests observed since the worker process started"),
    FRONTEND_HTTP_REQUESTS_TOTAL(Scope.FRONTEND, "http_requests_total", Type.COUNTER, Shape.HTTP_VALUE, "req_tot",
            "Total number of HTTP requests processed by this object since the worker process started"),
    FRONTEND_CONNECTIONS_RATE_MAX(Scope.FRONTEND, "connections_rate_max", Type.GAUGE, Shape.VALUE, "conn_rate_max",
            "Highest value of connections per second observed since the worker process started"),
    FRONTEND_CONNECTIONS_TOTAL(Scope.FRONTEND, "connections_total", Type.COUNTER, Shape.VALUE, "conn_tot",
            "Total number of new connections accepted on this frontend since the worker process started"),
    BACKEND_CURRENT_QUEUE(Scope.BACKEND, "current_queue", Type.GAUGE, Shape.VALUE, "qcur",
            "Number of current queued connections"),
    BACKEND_MAX_QUEUE(Scope.BACKEND, "max_queue", Type.GAUGE, Shape.VALUE, "qmax",
            "Highest value of queued connections encountered since process started"),
    BACKEND_CURRENT_SESSIONS(Scope.BACKEND, "current_sessions", Type.GAUGE, Shape.VALUE, "scur",
            "Number of current sessions on the frontend, backend or server"),
    BACKEND_MAX_SESSIONS(Scope.BACKEND, "max_sessions", Type.GAUGE, Shape.VALUE, "smax",
            "Highest value of current sessions encountered since process started"),
    BACKEND_LIMIT_SESSIONS(Scope.BACKEND, "limit_sessions", Type.GAUGE, Shape.VALUE, "slim",
            "Frontend/listener/server's maxconn, backend's fullconn"),
    BACKEND_SESSIONS_TOTAL(Scope.BACKEND, "sessions_total", Type.COUNTER, Shape.VALUE, "stot",
            "Total number of sessions since process started"),
    BACKEND_BYTES_IN_TOTAL(Scope.BACKEND, "bytes_in_total", Type.COUNTER, Shape.VALUE, "bin",
            "Total number of request bytes since process started"),
    BACKEND_BYTES_OUT_TOTAL(Scope.BACKEND, "bytes_out_total", Type.COUNTER, Shape.VALUE, "bout",
            "Total number of response bytes since process started"),
    BACKEND_CONNECTION_ERRORS_TOTAL(Scope.BACKEND, "connection_errors_total", Type.COUNTER, Shape.VALUE, "econ",
            "Total number of failed connections to server since the worker process started"),
    BACKEND_RESPONSE_ERRORS_TOTAL(Scope.BACKEND, "response_errors_total", Type.COUNTER, Shape.VALUE, "eresp",
            "Total number of invalid responses since the worker process started"),
    BACKEND_RETRY_WARNINGS_TOTAL(Scope.BACKEND, "retry_warnings_total", Type.COUNTER, Shape.VALUE, "wretr",
            "Total number of server connection retries since the worker process started"),
    BACKEND_REDISPATCH_WARNINGS_TOTAL(Scope.BACKEND, "redispatch_warnings_total", Type.COUNTER, Shape.VALUE, "wredis",
            "Total number of server redispatches due to connection failures since the worker process started"),
    BACKEND_STATUS(Scope.BACKEND, "status", Type.GAUGE, Shape.PROXY_STATUS, "status",
            "Current status of the service, per state label value."),
    BACKEND_WEIGHT(Scope.BACKEND, "weight", Type.GAUGE, Shape.VALUE, "weight",
            "Server's effective weight, or sum of active servers' effective weights for a backend"),
    BACKEND_ACTIVE_SERVERS(Scope.BACKEND, "active_servers", Type.GAUGE, Shape.VALUE, "act",
            "Total number of active UP servers with a non-zero weight"),
    BACKEND_BACKUP_SERVERS(Scope.BACKEND, "backup_servers", Type.GAUGE, Shape.VALUE, "bck",
            "Total number of backup UP servers with a non-zero weight"),
    BACKEND_CHECK_LAST_CHANGE_SECONDS(Scope.BACKEND, "check_last_change_seconds", Type.GAUGE, Shape.VALUE, "lastchg",
            "How long ago the last server state changed, in seconds"),
    BACKEND_DOWNTIME_SECONDS_TOTAL(Scope.BACKEND, "downtime_seconds_total", Type.COUNTER, Shape.VALUE, "downtime",
            "Total time spent in DOWN state, for server or backend"),
    BACKEND_LOADBALANCED_TOTAL(Scope.BACKEND, "loadbalanced_total", Type.COUNTER, Shape.VALUE, "lbtot",
            "Total number of requests routed by load balancing since the worker process started (ignores queue pop"
                    + " and stickiness)"),
    BACKEND_MAX_SESSION_RATE(Scope.BACKEND, "max_session_rate", Type.GAUGE, Shape.VALUE, "rate_max",
            "Highest value of sessions per second observed since the worker process started"),
    BACKEND_HTTP_RESPONSES_TOTAL(Scope.BACKEND, "http_responses_total", Type.COUNTER, Shape.RESPONSES, null,
            "Total number of HTTP responses with status 100-199 returned by this object since the worker process"
                    + " started"),
    BACKEND_HTTP_REQUESTS_TOTAL(Scope.BACKEND, "http_requests_total", Type.COUNTER, Shape.HTTP_VALUE, "req_tot",
            "Total number of HTTP requests processed by this object since the worker process started"),
    BACKEND_LAST_SESSION_SECONDS(Scope.BACKEND, "last_session_seconds", Type.GAUGE, Shape.VALUE, "lastsess",
            "How long ago some traffic was seen on this object on this worker process, in seconds"),
    BACKEND_UWEIGHT(Scope.BACKEND, "uweight", Type.GAUGE, Shape.VALUE, "uweight",
            "Server's user weight, or sum of active servers' user weights for a backend"),
    BACKEND_AGG_SERVER_STATUS(Scope.BACKEND, "agg_server_status", Type.GAUGE, Shape.AGG_SERVER_STATUS, null,
            "Backend's aggregated gauge of servers' status"),
    BACKEND_AGG_SERVER_CHECK_STATUS(Scope.BACKEND, "agg_server_check_status", Type.GAUGE, Shape.AGG_SERVER_STATUS,
            null, "Backend's aggregated gauge of servers' state check status"),
    BACKEND_AGG_CHECK_STATUS(Scope.BACKEND, "agg_check_status", Type.GAUGE, Shape.AGG_CHECK_STATUS, null,
            "Backend's aggregated gauge of servers' state check status"),
    SERVER_CURRENT_QUEUE(Scope.SERVER, "current_queue", Type.GAUGE, Shape.VALUE, "qcur",
            "Number of current queued connections"),
    SERVER_MAX_QUEUE(Scope.SERVER, "max_queue", Type.GAUGE, Shape.VALUE, "qmax",
            "Highest value of queued connections encountered since process started"),
    SERVER_CURRENT_SESSIONS(Scope.SERVER, "current_sessions", Type.GAUGE, Shape.VALUE, "scur",
            "Number of current sessions on the frontend, backend or server"),
    SERVER_MAX_SESSIONS(Scope.SERVER, "max_sessions", Type.GAUGE, Shape.VALUE, "smax",
            "Highest value of current sessions encountered since process started"),
    SERVER_LIMIT_SESSIONS(Scope.SERVER, "limit_sessions", Type.GAUGE, Shape.VALUE, "slim",
            "Frontend/listener/server's maxconn, backend's fullconn"),
    SERVER_SESSIONS_TOTAL(Scope.SERVER, "sessions_total", Type.COUNTER, Shape.VALUE, "stot",
            "Total number of sessions since process started"),
    SERVER_BYTES_IN_TOTAL(Scope.SERVER, "bytes_in_total", Type.COUNTER, Shape.VALUE, "bin",
            "Total number of request bytes since process started"),
    SERVER_BYTES_OUT_TOTAL(Scope.SERVER, "bytes_out_total", Type.COUNTER, Shape.VALUE, "bout",
            "Total number of response bytes since process started"),
    SERVER_CONNECTION_ERRORS_TOTAL(Scope.SERVER, "connection_errors_total", Type.COUNTER, Shape.VALUE, "econ",
            "Total number of failed connections to server since the worker process started"),
    SERVER_RESPONSE_ERRORS_TOTAL(Scope.SERVER, "response_errors_total", Type.COUNTER, Shape.VALUE, "eresp",
            "Total number of invalid responses since the worker process started"),
    SERVER_RETRY_WARNINGS_TOTAL(Scope.SERVER, "retry_warnings_total", Type.COUNTER, Shape.VALUE, "wretr",
            "Total number of server connection retries since the worker process started"),
    SERVER_REDISPATCH_WARNINGS_TOTAL(Scope.SERVER, "redispatch_warnings_total", Type.COUNTER, Shape.VALUE, "wredis",
            "Total number of server redispatches due to connection failures since the worker process started"),
    SERVER_STATUS(Scope.SERVER, "status", Type.GAUGE, Shape.SERVER_STATUS, "status",
            "Current status of the service, per state label value."),
    SERVER_WEIGHT(Scope.SERVER, "weight", Type.GAUGE, Shape.VALUE, "weight",
            "Server's effective weight, or sum of active servers' effective weights for a backend"),
    SERVER_CHECK_FAILURES_TOTAL(Scope.SERVER, "check_failures_total", Type.COUNTER, Shape.VALUE, "chkfail",
            "Total number of failed individual health checks per server/backend, since the worker process started"),
    SERVER_CHECK_UP_DOWN_TOTAL(Scope.SERVER, "check_up_down_total", Type.COUNTER, Shape.VALUE, "chkdown",
            "Total number of failed checks causing UP to DOWN server transitions, per server/backend, since the"
                    + " worker process started"),
    SERVER_CHECK_LAST_CHANGE_SECONDS(Scope.SERVER, "check_last_change_seconds", Type.GAUGE, Shape.VALUE, "lastchg",
            "How long ago the last server state changed, in seconds"),
    SERVER_DOWNTIME_SECONDS_TOTAL(Scope.SERVER, "downtime_seconds_total", Type.COUNTER, Shape.VALUE, "downtime",
            "Total time spent in DOWN state, for server or backend"),
    SERVER_QUEUE_LIMIT(Scope.SERVER, "queue_limit", Type.GAUGE, Shape.VALUE, "qlimit",
            "Limit on the number of connections in queue, for servers only (maxqueue argument)"),
    SERVER_LOADBALANCED_TOTAL(Scope.SERVER, "loadbalanced_total", Type.COUNTER, Shape.VALUE, "lbtot",
            "Total number of requests routed by load balancing since the worker process started (ignores queue pop"
                    + " and stickiness)"),
    SERVER_MAX_SESSION_RATE(Scope.SERVER, "max_session_rate", Type.GAUGE, Shape.VALUE, "rate_max",
            "Highest value of sessions per second observed since the worker process started"),
    SERVER_CHECK_STATUS(Scope.SERVER, "check_status", Type.GAUGE, Shape.CHECK_STATUS, "check_status",
            "Status of last health check, per state label value."),
    SERVER_CHECK_CODE(Scope.SERVER, "check_code", Type.GAUGE, Shape.CHECK_CODE, "check_code",
            "layer5-7 code, if available of the last health check."),
    SERVER_CHECK_DURATION_SECONDS(Scope.SERVER, "check_duration_seconds", Type.GAUGE, Shape.CHECK_DURATION,
            "check_duration", "Total duration of the latest server health check, in seconds."),
    SERVER_HTTP_RESPONSES_TOTAL(Scope.SERVER, "http_responses_total", Type.COUNTER, Shape.RESPONSES, null,
            "Total number of HTTP responses with status 100-199 returned by this object since the worker process"
                    + " started"),
    SERVER_LAST_SESSION_SECONDS(Scope.SERVER, "last_session_seconds", Type.GAUGE, Shape.VALUE, "lastsess",
            "How long ago some traffic was seen on this object on this worker process, in seconds"),
    SERVER_UWEIGHT(Scope.SERVER, "uweight", Type.GAUGE, Shape.VALUE, "uweight",
            "Server's user weight, or sum of active servers' user weights for a backend");

    /** Which objects a family describes: its name's second word and its labels. */
    enum Scope {
        PROCESS("process"), FRONTEND("frontend"), BACKEND("backend"), SERVER("server");

        final String word;

        Scope(String word) {
            this.word = word;
        }
    }

    enum Type {
        GAUGE("gauge"), COUNTER("counter");

        final String word;

        Type(String word) {
            this.word = word;
        }
    }

    /** How a family's samples come out of the stats rows. */
    enum Shape {
        /** A process-wide value, not from a row. */
        PROCESS,
        /** One sample per row: the field, {@code NaN} when the row leaves it empty. */
        VALUE,
        /** As {@link #VALUE}, for HTTP proxies only. */
        HTTP_VALUE,
        /** One sample per {@code code} label (1xx .. 5xx, other), HTTP proxies only. */
        RESPONSES,
        /** UP/DOWN, one sample per {@code state} label. */
        PROXY_STATUS,
        /** DOWN/UP/MAINT/DRAIN/NOLB, one sample per {@code state} label. */
        SERVER_STATUS,
        /** One sample per check status, servers whose checks run only. */
        CHECK_STATUS,
        /** The last check's L5-7 code, 0 for L4 results; servers whose checks run only. */
        CHECK_CODE,
        /** The last check's duration in seconds; servers whose checks run only. */
        CHECK_DURATION,
        /** A backend's servers counted per {@link #SERVER_STATUS} state. */
        AGG_SERVER_STATUS,
        /** A backend's checked servers counted per {@link #CHECK_STATUS} state. */
        AGG_CHECK_STATUS
    }

    final Scope scope;
    final String name;
    final Type type;
    final Shape shape;
    /** The stats field read, as the CSV header names it; {@code null} when the shape needs none. */
    final String field;
    final String help;

    Family(Scope scope, String suffix, Type type, Shape shape, String field, String help) {
        this.scope = scope;
        this.name = "haproxy_" + scope.word + "_" + suffix;
        this.type = type;
        this.shape = shape;
        this.field = field;
        this.help = help;
    }
}
