package io.lbgate.config.haproxy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Walks the lexed lines of every file: opens sections, applies {@code defaults} inheritance and
 * dispatches each keyword through {@link KeywordTable}. Problems are collected, never thrown, so
 * one run reports every error of the files.
 */
final class SectionParser {
    private static final Set<String> UNSUPPORTED_SECTIONS = Set.of("userlist", "resolvers", "mailers",
            "program", "http-errors", "ring", "cache", "fcgi-app", "log-forward");

    private final Problems problems;
    final GlobalDraft global = new GlobalDraft();
    final List<ProxyDraft> proxies = new ArrayList<>();
    private final Map<String, ProxyDraft> namedDefaults = new HashMap<>();
    private final Map<String, ProxyDraft> frontendNames = new HashMap<>();
    private final Map<String, ProxyDraft> backendNames = new HashMap<>();
    private ProxyDraft defaults = builtIn(null);
    private Section current;
    private ProxyDraft proxy;
    private boolean skippingSection;
    /** The {@code peers} sections, read apart from the proxies (they are not proxies for lbgate). */
    final PeersSectionParser peers;
    private boolean inPeers;

    SectionParser(Problems problems) {
        this.problems = problems;
        this.peers = new PeersSectionParser(problems, () -> global.localPeer, io.lbgate.config.PeersConfig::hostName);
    }

    /** Each file starts outside any section, as in HAProxy; defaults carry over. */
    void startFile() {
        current = null;
        proxy = null;
        skippingSection = false;
        inPeers = false;
    }

    void line(Line line) {
        String first = line.words().get(0);
        if (first.equals(PeersSectionParser.KEYWORD)) {
            peers.open(line);
            global.peersSeen = true;
            current = null;
            skippingSection = false;
            inPeers = true;
            return;
        }
        if (inPeers && Section.ofKeyword(first).isEmpty() && !UNSUPPORTED_SECTIONS.contains(first)) {
            peers.line(line);
            return;
        }
        inPeers = false;
        if (Section.ofKeyword(first).isPresent()) {
            openSection(Section.ofKeyword(first).get(), line);
        } else if (UNSUPPORTED_SECTIONS.contains(first)) {
            problems.alert(line, "section '" + first + "' is not supported by lbgate.");
            current = null;
            skippingSection = true;
        } else if (skippingSection) {
            // The lines of a refused section were reported with its header.
        } else if (current == null) {
            // HAProxy 2.6.12, observed.
            problems.alert(line, "unknown keyword '" + first + "' out of section.");
        } else {
            keyword(line);
        }
    }

    /** Reports what can only be judged once everything is read. */
    void finish() {
        List<Line> ignored = global.ignoredProcessKeywords;
        if (!ignored.isEmpty()) {
            String list = ignored.stream().map(l -> "'" + l.words().get(0) + "' (" + l.location() + ")")
                    .collect(Collectors.joining(", "));
            problems.warning(ignored.get(0), "global keywords " + list + " are ignored: lbgate runs in a JVM,"
                    + " which does not switch user or group, chroot, daemonize or take its thread count from"
                    + " haproxy.cfg.");
        }
    }

    private void openSection(Section section, Line line) {
        current = section;
        skippingSection = false;
        proxy = null;
        if (section == Section.GLOBAL) {
            return;
        }
        String name = line.word(1);
        if (name == null && section != Section.DEFAULTS) {
            problems.alert(line, "'" + section.keyword() + "' expects <name> as an argument.");
            name = "";
        }
        if (name != null && name.equals("from")) {
            name = null; // "defaults from x": an anonymous defaults section inheriting from x
        }
        checkName(section, name, line);
        ProxyDraft base = baseOf(section, name, line);
        proxy = base.inherit(section, name, line);
        if (section == Section.DEFAULTS) {
            defaults = proxy;
            if (name != null) {
                namedDefaults.put(name, proxy);
            }
            return;
        }
        checkUnique(proxy);
        proxies.add(proxy);
    }

    /** The defaults section a new section starts from: {@code from <name>}, else the latest one. */
    private ProxyDraft baseOf(Section section, String name, Line line) {
        int fromAt = line.words().indexOf("from");
        int expectedWords = name == null ? 1 : 2;
        if (fromAt < 0) {
            if (line.words().size() > expectedWords) {
                problems.alert(line, "'" + section.keyword() + " " + name + "' : unexpected argument '"
                        + line.word(expectedWords) + "' (addresses go on a 'bind' line).");
            }
            return section == Section.DEFAULTS ? builtIn(null) : defaults;
        }
        String from = line.word(fromAt + 1);
        ProxyDraft base = from == null ? null : namedDefaults.get(from);
        if (base == null) {
            // HAProxy 2.6.12, observed: "defaults section 'nosuch' not found for frontend 'f'."
            problems.alert(line, "defaults section '" + from + "' not found for " + section.proxyType()
                    + (name == null ? "" : " '" + name + "'") + ".");
            return section == Section.DEFAULTS ? builtIn(null) : defaults;
        }
        return base;
    }

    private void checkName(Section section, String name, Line line) {
        if (name == null) {
            return;
        }
        for (char c : name.toCharArray()) {
            if (!isNameChar(c)) {
                // HAProxy 2.6.12, observed: "character '/' is not permitted in 'backend' name 'a/b'."
                problems.alert(line, "character '" + c + "' is not permitted in '" + section.keyword() + "' name '"
                        + name + "'.");
                return;
            }
        }
    }

    /** HAProxy's rule for proxy and server names: ASCII letters and digits, {@code - _ . :}. */
    static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.:".indexOf(c) >= 0;
    }

    /** Two proxies sharing a capability may not share a name (a frontend and a backend may). */
    private void checkUnique(ProxyDraft p) {
        if (p.section.hasFrontendCapability() && !reportDuplicate(p, frontendNames)) {
            frontendNames.put(p.name, p);
        }
        if (p.section.hasBackendCapability() && !reportDuplicate(p, backendNames)) {
            backendNames.put(p.name, p);
        }
    }

    private boolean reportDuplicate(ProxyDraft p, Map<String, ProxyDraft> names) {
        ProxyDraft other = names.get(p.name);
        if (other == null) {
            return false;
        }
        // HAProxy 2.6.12, observed: "backend 'b' has the same name as backend 'b' declared at err.cfg:21."
        problems.alert(p.declared, p.label() + " has the same name as " + other.label() + " declared at "
                + other.declared.location() + ".");
        return true;
    }

    private void keyword(Line line) {
        List<String> words = line.words();
        boolean negated = words.get(0).equals("no") && words.size() > 1;
        int at = negated ? 1 : 0;
        String name = words.get(at);
        int argsFrom = at + 1;
        if (KeywordTable.FAMILIES.contains(name)) {
            String second = line.word(at + 1);
            if (second == null) {
                problems.alert(line, familyMessage(name, ""));
                return;
            }
            name = name + " " + second;
            argsFrom++;
        }
        KeywordTable.Keyword keyword = KeywordTable.keyword(name, current).orElse(null);
        if (keyword == null) {
            problems.alert(line, unknown(words.get(at), line.word(at + 1)));
            return;
        }
        if (negated && !keyword.negatable()) {
            problems.alert(line, "negation is supported only for options and 'log' ('no " + name + "').");
            return;
        }
        if (!keyword.sections().contains(current)) {
            notAllowed(keyword, line);
            return;
        }
        keyword.handler().apply(new Directive(line, name, words.subList(argsFrom, words.size()), negated, proxy,
                global, problems));
        if (!global.statsSockets.isEmpty() && global.cliProxyPosition < 0) {
            // This line set the first socket: HAProxy's CLI proxy comes after the proxies read so far.
            global.cliProxyPosition = proxies.size();
        }
    }

    private String unknown(String first, String second) {
        if (KeywordTable.FAMILIES.contains(first)) {
            return familyMessage(first, second);
        }
        return "unknown keyword '" + first + "' in '" + current.keyword() + "' section";
    }

    private String familyMessage(String family, String second) {
        return switch (family) {
            case "option" -> second.isEmpty() ? "'option' expects an option name." : "unknown option '" + second + "'.";
            case "timeout" -> ProxyKeywords.TIMEOUT_SUPPORTS + " (got '" + second + "')";
            case "stats" -> current == Section.GLOBAL
                    ? "'stats' only supports 'socket', 'maxconn' and 'timeout' in lbgate (got '" + second + "')."
                    : String.format(StatsKeywords.UNKNOWN_PARAMETER, second);
            default -> "'" + family + "' : only 'expect status <codes>' is supported by lbgate (got '" + second + "').";
        };
    }

    /** HAProxy's capability rules: a backend keyword in a frontend is ignored with a warning, except 'server'. */
    private void notAllowed(KeywordTable.Keyword keyword, Line line) {
        String name = keyword.name();
        Set<Section> allowed = keyword.sections();
        if (current == Section.DEFAULTS && (allowed.contains(Section.FRONTEND) || allowed.contains(Section.BACKEND))) {
            // HAProxy 2.6.12, observed: "'bind' not allowed in 'defaults' section."
            problems.alert(line, "'" + name + "' not allowed in 'defaults' section.");
        } else if (current == Section.FRONTEND && allowed.contains(Section.BACKEND)) {
            capability(keyword, line, "backend");
        } else if (current == Section.BACKEND && allowed.contains(Section.FRONTEND)) {
            capability(keyword, line, "frontend");
        } else if (allowed.equals(Set.of(Section.LISTEN))) {
            problems.alert(line, "'" + name + "' is supported by lbgate only in a 'listen' section.");
        } else {
            problems.alert(line, "unknown keyword '" + line.words().get(0) + "' in '" + current.keyword() + "' section");
        }
    }

    private void capability(KeywordTable.Keyword keyword, Line line, String missing) {
        String name = keyword.name();
        if (name.equals("server")) {
            // HAProxy 2.6.12, observed: "'server' not allowed because frontend 'f' has no backend capability."
            problems.alert(line, "'server' not allowed because " + proxy.label() + " has no " + missing + " capability.");
        } else {
            // HAProxy 2.6.12, observed: "'balance' ignored because frontend 'f' has no backend capability.",
            // and for an option its bare name: "'srvtcpka' ignored because frontend 'f' has ...".
            String shown = name.startsWith("option ") ? name.substring("option ".length()) : name;
            problems.warning(line, "'" + shown + "' ignored because " + proxy.label() + " has no " + missing
                    + " capability.");
        }
    }

    private static ProxyDraft builtIn(Line line) {
        return new ProxyDraft(Section.DEFAULTS, null, line);
    }
}
