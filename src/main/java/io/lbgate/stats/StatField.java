package io.lbgate.stats;

/**
 * HAProxy 2.6.12's stats columns, in CSV order, as its {@code ;csv} header names them: the 103
 * fixed fields, the {@code -} separator, then the ssl, h2 and h1 module fields of the Debian build.
 * Exporters read the fixed fields by position and the rest by name, so the order is the contract.
 *
 * <p>The tags ({@code KNS}: origin, nature, scope) and types are those HAProxy prints in
 * {@code ;typed} output, taken from a running 2.6.12; {@code backendTags} differs only where a
 * backend row tags a field differently (its rate is a gauge, not a rate).
 */
enum StatField {
    PXNAME("pxname", "KNS", "str", null),
    SVNAME("svname", "KNS", "str", null),
    QCUR("qcur", "MGP", "u32", null),
    QMAX("qmax", "MMP", "u32", null),
    SCUR("scur", "MGP", "u32", null),
    SMAX("smax", "MMP", "u32", null),
    SLIM("slim", "CLP", "u32", null),
    STOT("stot", "MCP", "u64", null),
    BIN("bin", "MCP", "u64", null),
    BOUT("bout", "MCP", "u64", null),
    DREQ("dreq", "MCP", "u64", null),
    DRESP("dresp", "MCP", "u64", null),
    EREQ("ereq", "MCP", "u64", null),
    ECON("econ", "MCP", "u64", null),
    ERESP("eresp", "MCP", "u64", null),
    WRETR("wretr", "MCP", "u64", null),
    WREDIS("wredis", "MCP", "u64", null),
    STATUS("status", "SGP", "str", null),
    WEIGHT("weight", "MaP", "u32", null),
    ACT("act", "SGP", "u32", "MGP"),
    BCK("bck", "SGP", "u32", "MGP"),
    CHKFAIL("chkfail", "MCP", "u64", null),
    CHKDOWN("chkdown", "MCP", "u64", null),
    LASTCHG("lastchg", "MAP", "u32", null),
    DOWNTIME("downtime", "MCP", "u32", null),
    QLIMIT("qlimit", "CGS", "u32", null),
    PID("pid", "KGP", "u32", null),
    IID("iid", "KGS", "u32", null),
    SID("sid", "KGS", "u32", null),
    THROTTLE("throttle", "MaP", "u32", null),
    LBTOT("lbtot", "MCP", "u64", null),
    TRACKED("tracked", "CNS", "str", null),
    TYPE("type", "CGS", "u32", null),
    RATE("rate", "MRP", "u32", "MGP"),
    RATE_LIM("rate_lim", "CLP", "u32", null),
    RATE_MAX("rate_max", "MMP", "u32", "MGP"),
    CHECK_STATUS("check_status", "MOP", "str", null),
    CHECK_CODE("check_code", "MOP", "u32", null),
    CHECK_DURATION("check_duration", "MDP", "u64", null),
    HRSP_1XX("hrsp_1xx", "MCP", "u64", null),
    HRSP_2XX("hrsp_2xx", "MCP", "u64", null),
    HRSP_3XX("hrsp_3xx", "MCP", "u64", null),
    HRSP_4XX("hrsp_4xx", "MCP", "u64", null),
    HRSP_5XX("hrsp_5xx", "MCP", "u64", null),
    HRSP_OTHER("hrsp_other", "MCP", "u64", null),
    HANAFAIL("hanafail", "MCP", "u64", null),
    REQ_RATE("req_rate", "MRP", "u32", null),
    REQ_RATE_MAX("req_rate_max", "MMP", "u32", null),
    REQ_TOT("req_tot", "MCP", "u64", null),
    CLI_ABRT("cli_abrt", "MCP", "u64", null),
    SRV_ABRT("srv_abrt", "MCP", "u64", null),
    COMP_IN("comp_in", "MCP", "u64", null),
    COMP_OUT("comp_out", "MCP", "u64", null),
    COMP_BYP("comp_byp", "MCP", "u64", null),
    COMP_RSP("comp_rsp", "MCP", "u64", null),
    LASTSESS("lastsess", "MAP", "s32", null),
    LAST_CHK("last_chk", "MOP", "str", null),
    LAST_AGT("last_agt", "MOP", "str", null),
    QTIME("qtime", "MaP", "u32", null),
    CTIME("ctime", "MaP", "u32", null),
    RTIME("rtime", "MaP", "u32", null),
    TTIME("ttime", "MaP", "u32", null),
    AGENT_STATUS("agent_status", "MOP", "str", null),
    AGENT_CODE("agent_code", "MOP", "u32", null),
    AGENT_DURATION("agent_duration", "MDP", "u64", null),
    CHECK_DESC("check_desc", "MOP", "str", null),
    AGENT_DESC("agent_desc", "MOP", "str", null),
    CHECK_RISE("check_rise", "CGS", "u32", null),
    CHECK_FALL("check_fall", "CGS", "u32", null),
    CHECK_HEALTH("check_health", "CGS", "u32", null),
    AGENT_RISE("agent_rise", "CGS", "u32", null),
    AGENT_FALL("agent_fall", "CGS", "u32", null),
    AGENT_HEALTH("agent_health", "CGS", "u32", null),
    ADDR("addr", "CGS", "str", null),
    COOKIE("cookie", "CNS", "str", null),
    MODE("mode", "CGS", "str", null),
    ALGO("algo", "CGS", "str", null),
    CONN_RATE("conn_rate", "MRP", "u32", null),
    CONN_RATE_MAX("conn_rate_max", "MMP", "u32", null),
    CONN_TOT("conn_tot", "MCP", "u64", null),
    INTERCEPTED("intercepted", "MCP", "u64", null),
    DCON("dcon", "MCP", "u64", null),
    DSES("dses", "MCP", "u64", null),
    WREW("wrew", "MCP", "u64", null),
    CONNECT("connect", "MCP", "u64", null),
    REUSE("reuse", "MCP", "u64", null),
    CACHE_LOOKUPS("cache_lookups", "MCP", "u64", null),
    CACHE_HITS("cache_hits", "MCP", "u64", null),
    SRV_ICUR("srv_icur", "MGP", "u32", null),
    SRC_ILIM("src_ilim", "CLP", "u32", null),
    QTIME_MAX("qtime_max", "MMP", "u32", null),
    CTIME_MAX("ctime_max", "MMP", "u32", null),
    RTIME_MAX("rtime_max", "MMP", "u32", null),
    TTIME_MAX("ttime_max", "MMP", "u32", null),
    EINT("eint", "MCP", "u64", null),
    IDLE_CONN_CUR("idle_conn_cur", "MGP", "u32", null),
    SAFE_CONN_CUR("safe_conn_cur", "MGP", "u32", null),
    USED_CONN_CUR("used_conn_cur", "MGP", "u32", null),
    NEED_CONN_EST("need_conn_est", "MGP", "u32", null),
    UWEIGHT("uweight", "MaP", "u32", null),
    AGG_SERVER_STATUS("agg_server_status", "MGP", "u32", null),
    AGG_SERVER_CHECK_STATUS("agg_server_check_status", "MGP", "u32", null),
    AGG_CHECK_STATUS("agg_check_status", "MGP", "u32", null),
    SEPARATOR("-", null, null, null),
    SSL_SESS("ssl_sess", "MCP", "u64", null),
    SSL_REUSED_SESS("ssl_reused_sess", "MCP", "u64", null),
    SSL_FAILED_HANDSHAKE("ssl_failed_handshake", "MCP", "u64", null),
    H2_HEADERS_RCVD("h2_headers_rcvd", "MCP", "u64", null),
    H2_DATA_RCVD("h2_data_rcvd", "MCP", "u64", null),
    H2_SETTINGS_RCVD("h2_settings_rcvd", "MCP", "u64", null),
    H2_RST_STREAM_RCVD("h2_rst_stream_rcvd", "MCP", "u64", null),
    H2_GOAWAY_RCVD("h2_goaway_rcvd", "MCP", "u64", null),
    H2_DETECTED_CONN_PROTOCOL_ERRORS("h2_detected_conn_protocol_errors", "MCP", "u64", null),
    H2_DETECTED_STRM_PROTOCOL_ERRORS("h2_detected_strm_protocol_errors", "MCP", "u64", null),
    H2_RST_STREAM_RESP("h2_rst_stream_resp", "MCP", "u64", null),
    H2_GOAWAY_RESP("h2_goaway_resp", "MCP", "u64", null),
    H2_OPEN_CONNECTIONS("h2_open_connections", "MGP", "u64", null),
    H2_BACKEND_OPEN_STREAMS("h2_backend_open_streams", "MGP", "u64", null),
    H2_TOTAL_CONNECTIONS("h2_total_connections", "MCP", "u64", null),
    H2_BACKEND_TOTAL_STREAMS("h2_backend_total_streams", "MCP", "u64", null),
    H1_OPEN_CONNECTIONS("h1_open_connections", "MGP", "u64", null),
    H1_OPEN_STREAMS("h1_open_streams", "MGP", "u64", null),
    H1_TOTAL_CONNECTIONS("h1_total_connections", "MCP", "u64", null),
    H1_TOTAL_STREAMS("h1_total_streams", "MCP", "u64", null),
    H1_BYTES_IN("h1_bytes_in", "MCP", "u64", null),
    H1_BYTES_OUT("h1_bytes_out", "MCP", "u64", null),
    H1_SPLICED_BYTES_IN("h1_spliced_bytes_in", "MCP", "u64", null),
    H1_SPLICED_BYTES_OUT("h1_spliced_bytes_out", "MCP", "u64", null);

    /** Columns from here on are module counters, which typed output numbers one lower. */
    static final int FIRST_MODULE = 104;

    private final String csvName;
    private final String tags;
    private final String type;
    private final String backendTags;

    StatField(String csvName, String tags, String type, String backendTags) {
        this.csvName = csvName;
        this.tags = tags;
        this.type = type;
        this.backendTags = backendTags;
    }

    String csvName() {
        return csvName;
    }

    /** Typed position: the CSV index, less one past the separator (which is not a field). */
    int position() {
        return ordinal() < FIRST_MODULE ? ordinal() : ordinal() - 1;
    }

    String tags(RowKind kind) {
        return kind == RowKind.BACKEND && backendTags != null ? backendTags : tags;
    }

    /** {@code u32}, {@code u64}, {@code s32} or {@code str}. */
    String type() {
        return type;
    }

    boolean isSeparator() {
        return this == SEPARATOR;
    }
}
