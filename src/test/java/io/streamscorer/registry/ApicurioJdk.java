package io.streamscorer.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the JDK 21 or newer that Apicurio Registry needs (the build itself runs on 17), and decides
 * what a test does without one: skip with a message saying what to install, except under CI ({@code
 * CI=true}), where a missing JDK must fail the build rather than hide the interop tests.
 *
 * <p>In order: the JDK named by {@value #HOME_VARIABLE} (which must be one, or the test fails: it
 * was asked for by name), the JVM running the tests, then the newest JDK under {@code
 * /usr/lib/jvm}. A JDK is a folder with an executable {@code bin/java} and a {@code release} file
 * giving its {@code JAVA_VERSION}.
 */
public final class ApicurioJdk {
    /** The environment variable naming the home of a JDK 21 or newer. */
    public static final String HOME_VARIABLE = "SCORER_APICURIO_JAVA_HOME";

    /** Where Debian's and Temurin's packages install JDKs. */
    public static final Path JVM_FOLDER = Path.of("/usr/lib/jvm");

    static final int MINIMUM_FEATURE = 21;
    private static final Logger LOG = LoggerFactory.getLogger(ApicurioJdk.class);
    private static final Pattern JAVA_VERSION =
            Pattern.compile("^JAVA_VERSION=\"?(\\d+)(?:\\.(\\d+))?", Pattern.MULTILINE);

    private ApicurioJdk() {}

    /**
     * What to do: run Apicurio with {@link #java()}, or skip or fail with {@link #problem()}.
     *
     * @param java the {@code java} executable to run Apicurio with, when one was found
     * @param problem what is missing and how to fix it, when none was found
     * @param mustFail whether the missing JDK fails the test instead of skipping it
     */
    public record Choice(Optional<Path> java, String problem, boolean mustFail) {
        static Choice use(Path java) {
            return new Choice(Optional.of(java), null, false);
        }

        /**
         * The {@code java} executable; without one, aborts the calling test (reported as skipped)
         * or, when {@link #mustFail()}, fails it.
         */
        public Path requireJava() {
            if (java.isPresent()) {
                return java.get();
            }
            if (mustFail) {
                return Assertions.fail(problem);
            }
            // Surefire and failsafe count a class aborted in @BeforeAll as zero tests run and
            // print no reason, so say it in the build log too.
            LOG.warn(problem);
            return Assumptions.abort(problem);
        }
    }

    /** The choice for this machine, this JVM and this process's environment. */
    public static Choice forThisMachine() {
        return choose(
                System.getenv(),
                Runtime.version().feature(),
                Path.of(System.getProperty("java.home")),
                JVM_FOLDER);
    }

    /**
     * The choice for an environment, the running JVM's feature version and home, and a folder of
     * installed JDKs.
     */
    static Choice choose(
            Map<String, String> environment, int runningFeature, Path runningHome, Path jvms) {
        String named = environment.get(HOME_VARIABLE);
        if (named != null && !named.isBlank()) {
            Path home = Path.of(named);
            OptionalInt feature = feature(home);
            if (feature.isPresent() && feature.getAsInt() >= MINIMUM_FEATURE) {
                return Choice.use(java(home));
            }
            return new Choice(
                    Optional.empty(),
                    HOME_VARIABLE
                            + "="
                            + named
                            + " is not a JDK "
                            + MINIMUM_FEATURE
                            + " or newer ("
                            + (feature.isPresent()
                                    ? "it is Java " + feature.getAsInt()
                                    : "no executable bin/java and release file there")
                            + "): point it at one, or unset it to search "
                            + jvms,
                    true);
        }
        if (runningFeature >= MINIMUM_FEATURE) {
            return Choice.use(java(runningHome));
        }
        List<String> seen = new ArrayList<>();
        Optional<Path> newest = newestUnder(jvms, seen);
        if (newest.isPresent()) {
            return Choice.use(java(newest.get()));
        }
        boolean ci = "true".equalsIgnoreCase(environment.getOrDefault("CI", "").trim());
        return new Choice(
                Optional.empty(),
                "Apicurio Registry 3.3.3 needs a JDK "
                        + MINIMUM_FEATURE
                        + " or newer and none was found: the tests run on Java "
                        + runningFeature
                        + ", "
                        + HOME_VARIABLE
                        + " is unset, and "
                        + jvms
                        + (seen.isEmpty() ? " holds no JDK" : " holds only " + seen)
                        + ". Install one (Eclipse Temurin 21 or 25, or openjdk-21-jdk-headless"
                        + " where the distribution has it) under "
                        + jvms
                        + ", or set "
                        + HOME_VARIABLE
                        + " to its home."
                        + (ci
                                ? " CI=true: the interop tests must run under CI, so this fails."
                                : " Skipping the Apicurio tests; under CI=true this fails."),
                ci);
    }

    private static Optional<Path> newestUnder(Path jvms, List<String> seen) {
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        record Jdk(Path home, int feature) {}
        List<Jdk> found = new ArrayList<>();
        try (Stream<Path> homes = Files.list(jvms)) {
            for (Path home : homes.sorted().toList()) {
                OptionalInt feature = feature(home);
                if (feature.isPresent()) {
                    seen.add(home.getFileName() + " (Java " + feature.getAsInt() + ")");
                    found.add(new Jdk(home, feature.getAsInt()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + jvms, e);
        }
        return found.stream()
                .filter(jdk -> jdk.feature() >= MINIMUM_FEATURE)
                .max(Comparator.comparingInt(Jdk::feature))
                .map(Jdk::home);
    }

    /** The feature version of the JDK at {@code home}, or empty when it is not a runnable JDK. */
    static OptionalInt feature(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(java(home))) {
            return OptionalInt.empty();
        }
        String text;
        try {
            text = Files.readString(release);
        } catch (IOException e) {
            return OptionalInt.empty();
        }
        Matcher version = JAVA_VERSION.matcher(text);
        if (!version.find()) {
            return OptionalInt.empty();
        }
        int major = Integer.parseInt(version.group(1));
        // Java 8 and older call themselves 1.x.
        return OptionalInt.of(
                major == 1 && version.group(2) != null
                        ? Integer.parseInt(version.group(2))
                        : major);
    }

    private static Path java(Path home) {
        return home.resolve("bin").resolve("java");
    }
}
