package io.lbgate.proxy.backend;

import io.lbgate.support.SyslogReceiver;
import io.lbgate.support.FreePorts;
import io.lbgate.support.HaproxyProcess;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;


/** The same scenario through the real HAProxy 2.6, its counters read with {@code show stat}. */
final class HaproxyRun {
    private HaproxyRun() {
    }

    static BackendStreamScenariosIntegrationTest.Result run(Path dir, String mode, Scenario s, ScenarioServers servers,
            SyslogReceiver syslog) throws Exception {
        int port = FreePorts.next();
        syslog.lines().clear();
        try (HaproxyProcess haproxy = HaproxyProcess.start(dir,
                socket -> ScenarioConfig.write(mode, s, servers, port, syslog.port(), socket))) {
            var result = ScenarioRun.run(mode, s, port, syslog);
            return result.withRows(rows(haproxy.command("show stat")));
        }
    }

    /** The {@code be} rows of {@code show stat}: econ wretr wredis stot lbtot qmax. */
    private static List<String> rows(String csv) {
        List<String> lines = csv.lines().toList();
        List<String> header = List.of(lines.get(0).substring(2).split(","));
        List<String> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (f.length < header.size() || !f[0].equals("be")) {
                continue;
            }
            rows.add(f[1] + " " + f[header.indexOf("econ")] + " " + f[header.indexOf("wretr")] + " "
                    + f[header.indexOf("wredis")] + " " + f[header.indexOf("stot")] + " "
                    + f[header.indexOf("lbtot")] + " " + f[header.indexOf("qmax")]);
        }
        return rows;
    }
}
