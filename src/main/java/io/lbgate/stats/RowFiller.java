package io.lbgate.stats;

import io.lbgate.config.FrontendConfig;
import io.lbgate.config.GatewayConfig;
import io.lbgate.config.ProxyMode;
import io.lbgate.config.StatsConfig;
import io.lbgate.registry.AdminState;
import io.lbgate.registry.Backend;
import io.lbgate.registry.CheckResult;
import io.lbgate.registry.Counters;
import io.lbgate.registry.Frontend;
import io.lbgate.registry.Server;

import java.time.Instant;

import static io.lbgate.stats.StatField.*;

/**
 * Fills rows the way HAProxy 2.6.12 does (compared cell by cell with its {@code ;csv}): which
 * fields a frontend, a backend or a server defines, and which depend on the mode (HTTP response
 * classes only in HTTP) or on checks (check columns only on checked servers, hidden in MAINT).
 * Counters lbgate does not keep (compression, cache, idle connections, timings) read 0 where
 * HAProxy shows a number, so that column presence — what exporters rely on — stays exact.
 */
final class RowFiller {
    /** HAProxy 2.6 always reports process number 1. */
    private static final int PROCESS_NUMBER = 1;

    private final GatewayConfig config;
    private final long nowMillis;

    RowFiller(GatewayConfig config, long nowMillis) {
        this.config = config;
        this.nowMillis = nowMillis;
    }

    StatRow frontend(Frontend frontend) {
        FrontendConfig fc = frontend.config();
        Counters c = frontend.counters();
        boolean http = fc.mode() == ProxyMode.HTTP;
        StatRow r = new StatRow(RowKind.FRONTEND)
                .set(PXNAME, frontend.name()).set(SVNAME, "FRONTEND")
                .set(SCUR, c.currentSessions()).set(SMAX, c.maxSessions()).set(SLIM, frontendMaxconn(fc))
                .set(STOT, c.totalSessions()).set(BIN, c.bytesIn()).set(BOUT, c.bytesOut())
                .zero(DREQ, DRESP).set(EREQ, c.requestErrors())
                .set(STATUS, "OPEN").set(PID, PROCESS_NUMBER).set(IID, frontend.iid()).set(SID, 0)
                .set(TYPE, RowKind.FRONTEND.code())
                .set(RATE, c.sessionRate()).set(RATE_LIM, 0).set(RATE_MAX, c.maxSessionRate())
                .set(REQ_RATE, c.requestRate()).set(REQ_RATE_MAX, c.maxRequestRate()).set(REQ_TOT, c.requests())
                .zero(COMP_IN, COMP_OUT, COMP_BYP, COMP_RSP)
                .set(MODE, mode(fc.mode()))
                .set(CONN_RATE, c.sessionRate()).set(CONN_RATE_MAX, c.maxSessionRate())
                .set(CONN_TOT, c.totalSessions())
                .zero(DCON, DSES, WREW, EINT);
        if (http) {
            responses(r, c);
            r.set(INTERCEPTED, frontend.interceptedRequests()).zero(CACHE_LOOKUPS, CACHE_HITS);
        }
        return modules(r, true);
    }

    StatRow backend(Backend backend, boolean usableCounts) {
        Counters c = backend.counters();
        boolean http = backend.config().mode() == ProxyMode.HTTP;
        long lbtot = 0;
        long connects = 0;
        int userWeight = 0;
        for (Server s : backend.servers()) {
            lbtot += s.counters().selections();
            connects += s.counters().totalSessions();
            if (!s.isBackup() && s.usable()) {
                userWeight += s.weight();
            }
        }
        String status = backend.status();
        if (usableCounts) {
            // ";up" pages show how many servers are usable: "UP (2/3)" (docs/haproxy-behaviour.md, "Stats CSV and the admin form").
            long usable = backend.servers().stream().filter(Server::usable).count();
            status += " (" + usable + "/" + backend.servers().size() + ")";
        }
        StatRow r = new StatRow(RowKind.BACKEND)
                .set(PXNAME, backend.name()).set(SVNAME, "BACKEND")
                .set(QCUR, c.currentQueue()).set(QMAX, c.maxQueue())
                .set(SCUR, c.currentSessions()).set(SMAX, c.maxSessions()).set(SLIM, fullconn(backend))
                .set(STOT, c.totalSessions()).set(BIN, c.bytesIn()).set(BOUT, c.bytesOut())
                .zero(DREQ, DRESP).set(ECON, c.connectionErrors()).set(ERESP, c.responseErrors())
                .set(WRETR, c.retries()).set(WREDIS, c.redispatches())
                .set(STATUS, status).set(WEIGHT, backend.usableWeight())
                .set(ACT, backend.activeUsableCount()).set(BCK, backend.backupUsableCount())
                .set(CHKDOWN, 0).set(LASTCHG, secondsSince(backend.lastChange()))
                .set(PID, PROCESS_NUMBER).set(IID, backend.iid()).set(SID, 0)
                .set(LBTOT, lbtot).set(TYPE, RowKind.BACKEND.code())
                .set(RATE, c.sessionRate()).set(RATE_MAX, c.maxSessionRate())
                .set(CLI_ABRT, c.clientAborts()).set(SRV_ABRT, c.serverAborts())
                .zero(COMP_IN, COMP_OUT, COMP_BYP, COMP_RSP)
                .set(LASTSESS, lastSession(c.lastSession()))
                .zero(QTIME, CTIME, RTIME, TTIME)
                .set(MODE, mode(backend.config().mode()))
                .zero(WREW).set(CONNECT, connects).zero(REUSE)
                .zero(QTIME_MAX, CTIME_MAX, RTIME_MAX, TTIME_MAX, EINT)
                .set(UWEIGHT, userWeight)
                .zero(AGG_SERVER_STATUS, AGG_SERVER_CHECK_STATUS, AGG_CHECK_STATUS);
        if (!backend.servers().isEmpty()) {
            r.set(DOWNTIME, backend.downtime().toSeconds());
        }
        if (http) {
            responses(r, c);
            r.set(REQ_TOT, c.requests()).zero(CACHE_LOOKUPS, CACHE_HITS);
        }
        return modules(r, true);
    }

    StatRow server(Server server) {
        Counters c = server.counters();
        boolean http = server.backend().config().mode() == ProxyMode.HTTP;
        int maxconn = server.config().maxconn();
        int maxqueue = server.config().maxqueue();
        StatRow r = new StatRow(RowKind.SERVER)
                .set(PXNAME, server.backend().name()).set(SVNAME, server.name())
                .set(QCUR, c.currentQueue()).set(QMAX, c.maxQueue())
                .set(SCUR, c.currentSessions()).set(SMAX, c.maxSessions()).set(SLIM, maxconn > 0 ? maxconn : null)
                .set(STOT, c.totalSessions()).set(BIN, c.bytesIn()).set(BOUT, c.bytesOut())
                .zero(DRESP).set(ECON, c.connectionErrors()).set(ERESP, c.responseErrors())
                .set(WRETR, c.retries()).set(WREDIS, c.redispatches())
                .set(STATUS, server.status()).set(WEIGHT, server.weight())
                .set(ACT, server.isBackup() ? 0 : 1).set(BCK, server.isBackup() ? 1 : 0)
                .set(LASTCHG, secondsSince(server.lastChange()))
                .set(QLIMIT, maxqueue > 0 ? maxqueue : null)
                .set(PID, PROCESS_NUMBER).set(IID, server.backend().iid()).set(SID, server.id())
                .set(LBTOT, c.selections()).set(TYPE, RowKind.SERVER.code())
                .set(RATE, c.sessionRate()).set(RATE_MAX, c.maxSessionRate())
                .set(CLI_ABRT, c.clientAborts()).set(SRV_ABRT, c.serverAborts())
                .set(LASTSESS, lastSession(c.lastSession()))
                .zero(QTIME, CTIME, RTIME, TTIME)
                .set(MODE, mode(server.backend().config().mode()))
                .zero(WREW).set(CONNECT, c.totalSessions()).zero(REUSE, SRV_ICUR)
                .zero(QTIME_MAX, CTIME_MAX, RTIME_MAX, TTIME_MAX, EINT)
                .zero(IDLE_CONN_CUR, SAFE_CONN_CUR, USED_CONN_CUR)
                .set(NEED_CONN_EST, server.isBackup() ? 0 : Math.max(1, c.currentSessions()))
                .set(UWEIGHT, server.weight());
        // Disabled checks ('dhlth') hide every check column, failures included (observed on 2.6.12).
        if (server.checksEnabled()) {
            r.set(CHKFAIL, server.checkFails()).set(CHKDOWN, server.checkDowns())
                    .set(DOWNTIME, server.downtime().toSeconds());
            if (server.adminState() != AdminState.MAINT) {
                check(r, server);
            }
        }
        if (http) {
            responses(r, c);
            r.set(REQ_TOT, c.requests());
        }
        return modules(r, false);
    }

    /** Check columns of a checked server whose checks are not paused by maintenance. */
    private static void check(StatRow r, Server server) {
        CheckResult last = server.lastCheck();
        r.set(CHECK_STATUS, last.status())
                .set(CHECK_CODE, last.code() > 0 ? last.code() : null)
                .set(CHECK_DURATION, last.isInitial() ? null : last.durationMillis())
                .set(LAST_CHK, last.info())
                .set(CHECK_DESC, CheckDescriptions.of(last.status()))
                .set(CHECK_RISE, server.health().rise())
                .set(CHECK_FALL, server.health().fall())
                .set(CHECK_HEALTH, server.health().health());
    }

    private static void responses(StatRow r, Counters c) {
        r.set(HRSP_1XX, c.responses(1)).set(HRSP_2XX, c.responses(2)).set(HRSP_3XX, c.responses(3))
                .set(HRSP_4XX, c.responses(4)).set(HRSP_5XX, c.responses(5))
                .set(HRSP_OTHER, c.responses(Counters.OTHER));
    }

    /** Module counters: every one on frontends and backends, only the ssl ones on servers. */
    private static StatRow modules(StatRow r, boolean all) {
        StatField[] fields = StatField.values();
        int end = all ? fields.length : StatField.FIRST_MODULE + 3;
        for (int i = StatField.FIRST_MODULE; i < end; i++) {
            r.set(fields[i], 0);
        }
        return r.set(SEPARATOR, "-");
    }

    private int frontendMaxconn(FrontendConfig fc) {
        return fc.maxconn() > 0 ? fc.maxconn() : config.global().maxconn();
    }

    /** HAProxy's default {@code fullconn}: a tenth of the maxconn of the frontends that use it. */
    private int fullconn(Backend backend) {
        int sum = 0;
        for (FrontendConfig fc : config.frontends()) {
            if (backend.name().equals(fc.defaultBackend()) || backend.name().equals(fc.name())) {
                sum += frontendMaxconn(fc);
            }
        }
        for (StatsConfig stats : config.statsListeners()) {
            if (backend.name().equals(stats.name())) {
                sum += stats.maxconn() > 0 ? stats.maxconn() : config.global().maxconn();
            }
        }
        return (sum + 9) / 10;
    }

    private long secondsSince(Instant instant) {
        return Math.max(0, (nowMillis - instant.toEpochMilli()) / 1000);
    }

    private long lastSession(Instant last) {
        return last == null ? -1 : secondsSince(last);
    }

    private static String mode(ProxyMode mode) {
        return mode == ProxyMode.HTTP ? "http" : "tcp";
    }
}
