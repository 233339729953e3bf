package io.lbgate.stats;

import io.lbgate.registry.CheckResult;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ;csv} compared with what HAProxy 2.6.12 printed for the same layout (frontend {@code web},
 * backend {@code app}: a checked server, an unchecked one, a backup of weight 3). Counter values
 * differ with traffic, so rows are compared by shape — which cells are empty — and by the values
 * that do not depend on traffic.
 */
class CsvExportIntegrationTest {
    /** Captured from {@code haproxy 2.6.12} ({@code curl -u admin:admin http://.../haproxyadmin;csv}). */
    static final String HAPROXY_CSV = """
            # pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,last_agt,qtime,ctime,rtime,ttime,agent_status,agent_code,agent_duration,check_desc,agent_desc,check_rise,check_fall,check_health,agent_rise,agent_fall,agent_health,addr,cookie,mode,algo,conn_rate,conn_rate_max,conn_tot,intercepted,dcon,dses,wrew,connect,reuse,cache_lookups,cache_hits,srv_icur,src_ilim,qtime_max,ctime_max,rtime_max,ttime_max,eint,idle_conn_cur,safe_conn_cur,used_conn_cur,need_conn_est,uweight,agg_server_status,agg_server_check_status,agg_check_status,-,ssl_sess,ssl_reused_sess,ssl_failed_handshake,h2_headers_rcvd,h2_data_rcvd,h2_settings_rcvd,h2_rst_stream_rcvd,h2_goaway_rcvd,h2_detected_conn_protocol_errors,h2_detected_strm_protocol_errors,h2_rst_stream_resp,h2_goaway_resp,h2_open_connections,h2_backend_open_streams,h2_total_connections,h2_backend_total_streams,h1_open_connections,h1_open_streams,h1_total_connections,h1_total_streams,h1_bytes_in,h1_bytes_out,h1_spliced_bytes_in,h1_spliced_bytes_out,
            web,FRONTEND,,,0,2,100,2,199,434,0,0,0,,,,,OPEN,,,,,,,,,1,1,0,,,,0,0,0,1,,,,0,0,0,0,2,0,,0,1,2,,,0,0,0,0,,,,,,,,,,,,,,,,,,,,,http,,0,1,2,0,0,0,0,,,0,0,,,,,,,0,,,,,,,,,-,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2,2,197,428,0,0,
            app,s1,0,0,0,0,,0,0,0,,0,,0,0,0,0,UP,1,1,0,1,1,6,4,,1,2,1,,0,,2,0,,0,L4OK,,0,0,0,0,0,0,0,,,,0,0,0,,,,,-1,,,0,0,0,0,,,,Layer4 check passed,,2,3,4,,,,,,http,,,,,,,,0,0,0,,,0,,0,0,0,0,0,0,0,0,1,1,,,,-,0,0,0,,,,,,,,,,,,,,,,,,,,,,
            app,s2,0,0,0,1,,8,199,434,,0,,2,0,6,0,no check,1,1,0,,,10,,,1,2,2,,2,,2,1,,2,,,,0,0,0,0,0,0,,,,0,0,0,,,,,0,,,0,0,0,0,,,,,,,,,,,,,,http,,,,,,,,0,8,0,,,0,,0,0,0,0,0,0,0,0,1,1,,,,-,0,0,0,,,,,,,,,,,,,,,,,,,,,,
            app,s3,0,0,0,0,,0,0,0,,0,,0,0,0,0,no check,3,0,1,,,10,,,1,2,3,,0,,2,0,,0,,,,0,0,0,0,0,0,,,,0,0,0,,,,,-1,,,0,0,0,0,,,,,,,,,,,,,,http,,,,,,,,0,0,0,,,0,,0,0,0,0,0,0,0,0,0,3,,,,-,0,0,0,,,,,,,,,,,,,,,,,,,,,,
            app,BACKEND,0,0,0,1,10,2,199,434,0,0,,2,0,6,0,UP,2,2,1,,0,10,0,,1,2,0,,2,,1,0,,1,,,,0,0,0,0,2,0,,,,2,0,0,0,0,0,0,3,,,0,0,0,0,,,,,,,,,,,,,,http,,,,,,,,0,8,0,0,0,,,0,0,0,0,0,,,,,2,0,0,0,-,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,8,8,0,0,0,0,
            """;

    @TempDir
    static Path dir;
    static StatsGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = StatsGateway.start(dir, "    stats refresh 10s\n");
        Registry registry = gateway.registry();
        Server s1 = registry.server("app", "s1").orElseThrow();
        registry.reportCheck(s1, CheckResult.passed("L4OK", 0, 0));
        registry.reportCheck(s1, CheckResult.passed("L4OK", 0, 0));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static Map<String, String[]> rows(String csv) {
        return csv.lines().skip(1).map(l -> l.split(",", -1))
                .collect(Collectors.toMap(f -> f[0] + "/" + f[1], Function.identity()));
    }

    @Test
    void headerAndContentTypeAreHaproxys() throws Exception {
        HttpResponse<String> csv = gateway.get(";csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(csv.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(csv.headers().firstValue("Refresh")).hasValue("10");
        assertThat(csv.body().lines().findFirst()).hasValue(HAPROXY_CSV.lines().findFirst().orElseThrow());
        assertThat(csv.body()).endsWith(",\n").doesNotEndWith("\n\n");
        assertThat(gateway.get(";csv;norefresh").headers().firstValue("Refresh")).isEmpty();
    }

    @Test
    void everyLineHasTheHeadersFieldCountAndATrailingComma() throws Exception {
        String body = gateway.get(";csv").body();
        List<String> lines = body.lines().toList();
        int fields = lines.get(0).split(",", -1).length;
        assertThat(fields).isEqualTo(129);
        // header, web, app's four servers and BACKEND, the stats listener's FRONTEND and BACKEND,
        // hostile's server and BACKEND
        assertThat(lines).hasSize(1 + 1 + 4 + 1 + 2 + 2);
        for (String line : lines) {
            assertThat(line.split(",", -1)).as(line).hasSize(fields);
            assertThat(line).endsWith(",");
        }
    }

    @Test
    void rowsHaveHaproxysShapeForEachRowType() throws Exception {
        Map<String, String[]> ours = rows(gateway.get(";csv").body());
        Map<String, String[]> theirs = rows(HAPROXY_CSV);
        for (String[] pair : new String[][] {{"web/FRONTEND", "web/FRONTEND"}, {"app/s1", "app/s1"},
                {"app/s2", "app/s2"}, {"app/s3", "app/s3"}, {"app/BACKEND", "app/BACKEND"},
                {"app/x", "app/s2"}}) {
            assertThat(shape(ours.get(pair[0]))).as(pair[0]).isEqualTo(shape(theirs.get(pair[1])));
        }
    }

    @Test
    void trafficIndependentValuesMatchHaproxy() throws Exception {
        Map<String, String[]> ours = rows(gateway.get(";csv").body());
        Map<String, String[]> theirs = rows(HAPROXY_CSV);
        int[] stable = {StatField.STATUS.ordinal(), StatField.WEIGHT.ordinal(), StatField.ACT.ordinal(),
                StatField.BCK.ordinal(), StatField.PID.ordinal(), StatField.IID.ordinal(), StatField.SID.ordinal(),
                StatField.TYPE.ordinal(),
                StatField.CHECK_STATUS.ordinal(), StatField.CHECK_DESC.ordinal(), StatField.CHECK_RISE.ordinal(),
                StatField.CHECK_FALL.ordinal(), StatField.CHECK_HEALTH.ordinal(), StatField.MODE.ordinal(),
                StatField.UWEIGHT.ordinal(), StatField.SLIM.ordinal()};
        for (String key : List.of("web/FRONTEND", "app/s1", "app/s2", "app/s3")) {
            for (int i : stable) {
                assertThat(ours.get(key)[i]).as(key + " " + StatField.values()[i].csvName()).isEqualTo(theirs.get(key)[i]);
            }
        }
        // Our backend has one more unchecked server of weight 1 than HAProxy's had.
        String[] backend = ours.get("app/BACKEND");
        assertThat(backend[StatField.STATUS.ordinal()]).isEqualTo("UP");
        assertThat(backend[StatField.WEIGHT.ordinal()]).isEqualTo("3");
        assertThat(backend[StatField.ACT.ordinal()]).isEqualTo("3");
        assertThat(backend[StatField.BCK.ordinal()]).isEqualTo("1");
    }

    @Test
    void countersFollowTraffic() throws Exception {
        Map<String, String[]> before = rows(gateway.get(";csv").body());
        for (int i = 0; i < 4; i++) {
            assertThat(gateway.viaGateway()).startsWith("served by ");
        }
        Map<String, String[]> after = rows(gateway.get(";csv").body());
        int stot = StatField.STOT.ordinal();
        assertThat(Long.parseLong(after.get("app/BACKEND")[stot]))
                .isEqualTo(Long.parseLong(before.get("app/BACKEND")[stot]) + 4);
        int reqTot = StatField.REQ_TOT.ordinal();
        assertThat(Long.parseLong(after.get("web/FRONTEND")[reqTot]))
                .isEqualTo(Long.parseLong(before.get("web/FRONTEND")[reqTot]) + 4);
        assertThat(Long.parseLong(after.get("app/BACKEND")[StatField.RATE_MAX.ordinal()])).isPositive();
        assertThat(Long.parseLong(after.get("app/BACKEND")[StatField.LBTOT.ordinal()]))
                .isEqualTo(Long.parseLong(after.get("app/BACKEND")[stot]));
    }

    @Test
    void upOptionHidesDownServersAndCountsUsableOnes() throws Exception {
        Registry registry = gateway.registry();
        Server s3 = registry.server("app", "s3").orElseThrow();
        registry.setAdminState(s3, io.lbgate.registry.AdminState.MAINT, "test");
        try {
            Map<String, String[]> up = rows(gateway.get(";csv;up").body());
            assertThat(up).doesNotContainKey("app/s3").containsKey("app/s2");
            assertThat(up.get("app/BACKEND")[StatField.STATUS.ordinal()]).isEqualTo("UP (3/4)");
        } finally {
            registry.setAdminState(s3, io.lbgate.registry.AdminState.READY, "test");
        }
    }

    @Test
    void jsonIsHaproxysTypedExport() throws Exception {
        HttpResponse<String> json = gateway.get(";json");
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json.body()).startsWith("[[{\"objType\":\"Frontend\",\"proxyId\":1,\"id\":0,"
                + "\"field\":{\"pos\":0,\"name\":\"pxname\"},\"processNum\":1,"
                + "\"tags\":{\"origin\":\"Key\",\"nature\":\"Name\",\"scope\":\"Service\"},"
                + "\"value\":{\"type\":\"str\",\"value\":\"web\"}}");
        assertThat(json.body()).contains("\"field\":{\"pos\":103,\"name\":\"ssl_sess\"}")
                .contains("\"field\":{\"pos\":17,\"name\":\"status\"},\"processNum\":1,"
                        + "\"tags\":{\"origin\":\"Status\",\"nature\":\"Gauge\",\"scope\":\"Process\"},"
                        + "\"value\":{\"type\":\"str\",\"value\":\"no check\"}")
                .contains("\\u003cscript>x\\u003c/script>")
                .doesNotContain("<script>");
    }

    @Test
    void aFailedChecksReasonPhraseIsLastChkAsHaproxyReportsIt() throws Exception {
        // HAProxy 2.6.12 on the same backend, observed with "show stat":
        // hostile,h1,...,DOWN,...,L7STS,503,...,<script>x</script>,...,Layer7 wrong status
        String csv = gateway.get(";csv").body();
        List<String> header = Arrays.asList(csv.lines().findFirst().orElseThrow().substring(2).split(",", -1));
        String[] h1 = rows(csv).get("hostile/h1");
        assertThat(h1).isNotNull();
        assertThat(h1[header.indexOf("status")]).isEqualTo("DOWN");
        assertThat(h1[header.indexOf("check_status")]).isEqualTo("L7STS");
        assertThat(h1[header.indexOf("check_code")]).isEqualTo("503");
        assertThat(h1[header.indexOf("last_chk")]).isEqualTo(StatsGateway.EVIL);
        assertThat(h1[header.indexOf("check_desc")]).isEqualTo("Layer7 wrong status");
    }

    private static String shape(String[] row) {
        assertThat(row).isNotNull();
        return Arrays.stream(row).map(v -> v.isEmpty() ? "." : "x").collect(Collectors.joining());
    }
}
