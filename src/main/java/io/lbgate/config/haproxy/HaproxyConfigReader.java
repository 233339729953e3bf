package io.lbgate.config.haproxy;

import io.lbgate.config.ConfigValidator;
import io.lbgate.config.GatewayConfig;
import io.lbgate.config.InvalidConfigException;
import io.lbgate.config.LoadedConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads HAProxy 2.6 configuration files into the {@link GatewayConfig} model, reporting problems in
 * HAProxy's words with {@code file:line}. As HAProxy does, every parse error is reported at once and
 * the semantic checks ({@link ConfigValidator}) run only when parsing found no error.
 * The supported keywords are listed in {@link KeywordTable} (and README.md).
 */
public final class HaproxyConfigReader {

    private HaproxyConfigReader() {
    }

    /**
     * Reads one or more files (a directory reads its {@code *.cfg} in lexical order), as
     * {@code haproxy -f a -f b}.
     *
     * @return the model with its warnings; {@link LoadedConfig#source()} is the names joined by ", "
     * @throws InvalidConfigException with every ALERT and WARNING found when there is at least one ALERT
     */
    public static LoadedConfig read(List<Path> files) throws InvalidConfigException {
        return read(files, System::getenv);
    }

    /** As {@link #read(List)}, with {@code env} answering for {@code "$VAR"} expansions. */
    static LoadedConfig read(List<Path> files, Function<String, String> env) throws InvalidConfigException {
        Problems problems = new Problems();
        SectionParser parser = new SectionParser(problems);
        for (Path path : files) {
            for (Path file : expand(path, problems)) {
                readFile(file, parser, problems, env);
            }
        }
        parser.finish();
        if (problems.hasAlert()) {
            throw new InvalidConfigException(problems.all());
        }
        ModelBuilder builder = new ModelBuilder(parser, problems);
        GatewayConfig config = builder.build();
        if (!problems.hasAlert()) {
            problems.addAll(ConfigValidator.validate(config, builder::locate));
        }
        if (problems.hasAlert()) {
            throw new InvalidConfigException(problems.all());
        }
        String source = files.stream().map(Path::toString).collect(Collectors.joining(", "));
        return new LoadedConfig(config, source, problems.warnings());
    }

    private static List<Path> expand(Path path, Problems problems) {
        if (Files.isDirectory(path)) {
            try (Stream<Path> entries = Files.list(path)) {
                List<Path> files = entries
                        .filter(p -> p.getFileName().toString().endsWith(".cfg") && Files.isRegularFile(p))
                        .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                        .toList();
                if (files.isEmpty()) {
                    // HAProxy prints its usage and exits 1 when no file is left to read.
                    problems.alert((String) null, "Cannot open configuration file/directory " + path
                            + " : no .cfg file in this directory");
                }
                return files;
            } catch (IOException e) {
                problems.alert((String) null, "Cannot open configuration file/directory " + path + " : " + e.getMessage());
                return List.of();
            }
        }
        if (!Files.isReadable(path)) {
            // HAProxy 2.6.12 wording, observed.
            problems.alert((String) null, "Cannot open configuration file/directory " + path + " : "
                    + (Files.exists(path) ? "Permission denied" : "No such file or directory"));
            return List.of();
        }
        return List.of(path);
    }

    private static void readFile(Path file, SectionParser parser, Problems problems, Function<String, String> env) {
        String name = file.toString();
        parser.startFile();
        try (InputStream in = Files.newInputStream(file)) {
            ConfigLines lines = new ConfigLines(in);
            for (ConfigLines.Next next = lines.next(); next != null; next = lines.next()) {
                String location = name + ":" + lines.number();
                if (next.tooLong()) {
                    problems.alert(location, "line too long (lbgate reads lines of at most "
                            + ConfigLines.MAX_LINE + " bytes).");
                    return;
                }
                parseLine(name, lines.number(), next.text(), parser, problems, env);
                if (next.nulAt() > 0) {
                    // HAProxy 2.6.12, observed: the line before the NUL is parsed, then the file ends.
                    problems.alert(location, "Stray NUL character at position " + next.nulAt() + ".");
                    return;
                }
                if (lines.total() > ConfigLines.MAX_FILE) {
                    problems.alert(location, "configuration file too large (lbgate reads at most "
                            + ConfigLines.MAX_FILE + " bytes).");
                    return;
                }
            }
        } catch (IOException e) {
            problems.alert((String) null, "Cannot open configuration file/directory " + file + " : " + e.getMessage());
        }
    }

    private static void parseLine(String name, int number, String raw, SectionParser parser, Problems problems,
            Function<String, String> env) {
        try {
            List<String> words = Lexer.split(raw, env);
            if (!words.isEmpty()) {
                parser.line(new Line(name, number, words));
            }
        } catch (Lexer.SyntaxException e) {
            problems.alert(name + ":" + number, e.getMessage());
        }
    }
}
