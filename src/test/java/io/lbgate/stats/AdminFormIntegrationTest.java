package io.lbgate.stats;

import io.lbgate.admin.AuditLog;
import io.lbgate.registry.AdminState;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The page and its admin form through real sockets, with {@code stats admin if TRUE}. */
class AdminFormIntegrationTest {
    @TempDir
    static Path dir;
    static StatsGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = StatsGateway.start(dir, "    stats admin if TRUE\n    stats hide-version\n");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @AfterEach
    void reset() {
        Registry registry = gateway.registry();
        registry.backend("app").orElseThrow().servers().forEach(s -> {
            registry.setAdminState(s, AdminState.READY, "test");
            registry.setWeight(s, s.configuredWeight(), "test");
        });
    }

    private static Server server(String name) {
        return gateway.registry().server("app", name).orElseThrow();
    }

    @Test
    void anonymousAndWrongPasswordGet401WithTheRealm() throws Exception {
        HttpResponse<String> anonymous = gateway.client.send(HttpRequest.newBuilder(gateway.uri("")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Haproxy\"");
        HttpResponse<String> wrong = gateway.client.send(HttpRequest.newBuilder(gateway.uri(";csv"))
                .header("Authorization", StatsGateway.basic("ops", "nope")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> second = gateway.client.send(HttpRequest.newBuilder(gateway.uri(";csv"))
                .header("Authorization", StatsGateway.basic("viewer", "other")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(second.statusCode()).isEqualTo(200);
    }

    @Test
    void pageShowsEveryServerWithHaproxysFormAndNoVersion() throws Exception {
        HttpResponse<String> page = gateway.get("");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Server")).isEmpty();
        assertThat(page.body())
                .contains(">s1<", ">s2<", ">s3<", "<option value=\"drain\">Set state to DRAIN</option>",
                        "name=\"b\" value=\"#2\"", "value=\"s1\"", ">Queue<", ">Session rate<", ">Warnings<", ">Dwntme<",
                        "class=\"active_up\"", "class=\"backup_no_check\"")
                .doesNotContain("version");
    }

    @Test
    void markupFromTheConfigAndFromAServerIsEscapedEverywhere() throws Exception {
        // The description in the title, and a failed check's reason phrase in its cell's tooltip.
        String page = gateway.get("").body();
        assertThat(page).doesNotContain(StatsGateway.EVIL)
                .contains("<span class=\"desc\">&lt;script&gt;x&lt;/script&gt;</span>")
                .contains("title=\"Layer7 wrong status: &lt;script&gt;x&lt;/script&gt;\"");
        assertThat(gateway.get(";json").body()).contains("\\u003cscript>x\\u003c/script>").doesNotContain("<script>");
    }

    @Test
    void drainThroughTheFormAnswers303DoneAndAudits() throws Exception {
        HttpResponse<String> response = gateway.post("", "s=s1&s=s2&action=drain&b=%232");
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValue("/haproxyadmin;st=DONE");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(server("s1").adminState()).isEqualTo(AdminState.DRAIN);
        assertThat(server("s2").adminState()).isEqualTo(AdminState.DRAIN);
        var audit = gateway.outcome.context().getBean(AuditLog.class).entries();
        assertThat(audit.get(0)).satisfies(e -> {
            assertThat(e.user()).isEqualTo("ops");
            assertThat(e.address()).isEqualTo("127.0.0.1");
            assertThat(e.action()).isEqualTo("drain");
            assertThat(e.backend()).isEqualTo("app");
            assertThat(e.server()).isEqualTo("s2");
            assertThat(e.result()).isEqualTo("done");
        });
        assertThat(gateway.get(";st=DONE").body()).contains("Action processed successfully.", "ops", "drain");
    }

    @Test
    void optionsAreKeptInTheRedirect() throws Exception {
        HttpResponse<String> response = gateway.post(";up;norefresh?scope=ap", "s=s3&action=maint&b=app");
        assertThat(response.headers().firstValue("Location")).hasValue("/haproxyadmin;st=DONE;up;norefresh?scope=ap");
        assertThat(server("s3").adminState()).isEqualTo(AdminState.MAINT);
    }

    @Test
    void statusCodesFollowHaproxy() throws Exception {
        assertThat(location(gateway.post("", "s=s1&s=nope&action=maint&b=%232"))).endsWith(";st=PART");
        assertThat(location(gateway.post("", "s=nope&action=maint&b=%232"))).endsWith(";st=ERRP");
        assertThat(location(gateway.post("", "action=maint&b=%232"))).endsWith(";st=NONE");
        assertThat(location(gateway.post("", "s=s1&action=bogus&b=%232"))).endsWith(";st=ERRP");
        assertThat(location(gateway.post("", "s=s1&action=drain&b=%239"))).endsWith(";st=ERRP");
        // Observed on 2.6.12: agent actions on a server without agent, and dhlth on a server
        // without check, apply to nothing.
        assertThat(location(gateway.post("", "s=s1&action=dagent&b=%232"))).endsWith(";st=NONE");
        assertThat(location(gateway.post("", "s=s2&action=dhlth&b=%232"))).endsWith(";st=NONE");
        // Killing sessions is done even when there are none, as HAProxy answers.
        assertThat(location(gateway.post("", "s=s2&action=shutdown&b=%232"))).endsWith(";st=DONE");
        // The last action wins, as HAProxy parses the body.
        assertThat(location(gateway.post("", "s=s2&action=maint&action=drain&b=%232"))).endsWith(";st=DONE");
        assertThat(server("s2").adminState()).isEqualTo(AdminState.DRAIN);
    }

    @Test
    void weightCanBeSetFromTheForm() throws Exception {
        assertThat(location(gateway.post("", "s=s2&action=weight&weight=7&b=%232"))).endsWith(";st=DONE");
        assertThat(server("s2").weight()).isEqualTo(7);
        assertThat(location(gateway.post("", "s=s2&action=weight&weight=900&b=%232"))).endsWith(";st=ERRP");
        assertThat(server("s2").weight()).isEqualTo(7);
    }

    @Test
    void crossSitePostIsRefusedWhileScriptsAndSamePagePostsWork() throws Exception {
        HttpResponse<String> evil = gateway.post("", "s=s1&action=maint&b=%232", "Origin", "http://evil.example");
        assertThat(evil.statusCode()).isEqualTo(403);
        HttpResponse<String> evilReferer = gateway.post("", "s=s1&action=maint&b=%232",
                "Referer", "http://evil.example/page");
        assertThat(evilReferer.statusCode()).isEqualTo(403);
        HttpResponse<String> fetchSite = gateway.post("", "s=s1&action=maint&b=%232", "Sec-Fetch-Site", "cross-site");
        assertThat(fetchSite.statusCode()).isEqualTo(403);
        assertThat(server("s1").adminState()).isEqualTo(AdminState.READY);
        assertThat(gateway.outcome.context().getBean(AuditLog.class).entries().get(0).result())
                .startsWith("refused: cross-site request (Sec-Fetch-Site: cross-site");

        String self = "http://127.0.0.1:" + gateway.statsPort;
        assertThat(gateway.post("", "s=s1&action=maint&b=%232", "Origin", self).statusCode()).isEqualTo(303);
        assertThat(server("s1").adminState()).isEqualTo(AdminState.MAINT);
    }

    @Test
    void liveEventsReportAStateChangeWithoutReload() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<InputStream>> stream = gateway.client.sendAsync(
                HttpRequest.newBuilder(gateway.uri(";events")).header("Authorization",
                        StatsGateway.basic(StatsGateway.USER, StatsGateway.PASSWORD)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> response = stream.get();
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (Exception ignored) {
                // the stream is closed at the end of the test
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(lines).anyMatch(l -> l.startsWith("data:") && l.contains("\"r-2-S-1\"")));
            gateway.registry().setAdminState(server("s1"), AdminState.DRAIN, "test");
            await().atMost(Duration.ofSeconds(5)).until(() -> lines.stream()
                    .anyMatch(l -> l.contains("\"id\":\"r-2-S-1\",\"cls\":\"active_draining\",\"status\":\"DRAIN")));
        } finally {
            response.body().close();
        }
    }

    private static String location(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(303);
        return response.headers().firstValue("Location").orElseThrow();
    }

    @Test
    void aChunkedFormTooLargeForTheBufferAnswers303ExcdAsHaproxyDoes() throws Exception {
        String large = "s=s1&action=maint&b=%232&x=" + "a".repeat(300_000);
        assertThat(location(postChunked(large))).endsWith(";st=EXCD");
        assertThat(server("s1").adminState()).isEqualTo(AdminState.READY);

        assertThat(location(postChunked("s=s1&action=drain&b=%232"))).endsWith(";st=DONE");
    }

    /** A body of unknown length: the client sends it chunked. */
    private static HttpResponse<String> postChunked(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        return gateway.client.send(HttpRequest.newBuilder(gateway.uri(""))
                .header("Authorization", StatsGateway.basic(StatsGateway.USER, StatsGateway.PASSWORD))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
