package io.streamscorer.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** Which JDK the Apicurio tests run Apicurio on, and what happens when there is none. */
class ApicurioJdkTest {
    @TempDir Path jvms;

    private Path jdk(String name, String javaVersion) throws IOException {
        Path home = Files.createDirectories(jvms.resolve(name));
        Path bin = Files.createDirectories(home.resolve("bin"));
        Files.writeString(bin.resolve("java"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(
                bin.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(
                home.resolve("release"),
                "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + javaVersion + "\"\nOS_NAME=\"Linux\"\n");
        return home;
    }

    private ApicurioJdk.Choice choose(Map<String, String> env) {
        return ApicurioJdk.choose(env, 17, Path.of("/running-17"), jvms);
    }

    @Test
    void shouldPickTheNewestJdkOfAtLeast21UnderTheJvmFolder() throws IOException {
        jdk("java-17-openjdk-amd64", "17.0.15");
        jdk("temurin-21-jdk-amd64", "21.0.7");
        Path temurin25 = jdk("temurin-25-jdk-amd64", "25.0.3");

        ApicurioJdk.Choice choice = choose(Map.of());

        assertThat(choice.java()).contains(temurin25.resolve("bin/java"));
        assertThat(choice.requireJava()).isEqualTo(temurin25.resolve("bin/java"));
    }

    @Test
    void shouldPreferTheJdkNamedByTheEnvironmentVariable() throws IOException {
        jdk("temurin-25-jdk-amd64", "25.0.3");
        Path named = jdk("temurin-21-jdk-amd64", "21.0.7");

        ApicurioJdk.Choice choice =
                choose(Map.of(ApicurioJdk.HOME_VARIABLE, named.toString(), "CI", "true"));

        assertThat(choice.java()).contains(named.resolve("bin/java"));
    }

    @Test
    void shouldFailEvenOutsideCiWhenTheNamedHomeIsAnOlderJdk() throws IOException {
        Path old = jdk("java-17-openjdk-amd64", "17.0.15");
        jdk("temurin-25-jdk-amd64", "25.0.3");

        ApicurioJdk.Choice choice = choose(Map.of(ApicurioJdk.HOME_VARIABLE, old.toString()));

        assertThat(choice.java()).isEmpty();
        assertThat(choice.mustFail()).isTrue();
        assertThatThrownBy(choice::requireJava)
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining(ApicurioJdk.HOME_VARIABLE + "=" + old)
                .hasMessageContaining("it is Java 17");
    }

    @Test
    void shouldFailWhenTheNamedHomeIsNoJdkAtAll() {
        ApicurioJdk.Choice choice =
                choose(Map.of(ApicurioJdk.HOME_VARIABLE, jvms.resolve("missing").toString()));

        assertThatThrownBy(choice::requireJava)
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("no executable bin/java");
    }

    @Test
    void shouldRunApicurioOnTheTestJvmWhenItIsRecentEnough() {
        ApicurioJdk.Choice choice = ApicurioJdk.choose(Map.of(), 25, Path.of("/opt/jdk-25"), jvms);

        assertThat(choice.java()).contains(Path.of("/opt/jdk-25/bin/java"));
    }

    @Test
    void shouldSkipSayingWhatToInstallWhenNoJdk21IsFoundOutsideCi() throws IOException {
        jdk("java-17-openjdk-amd64", "17.0.15");

        ApicurioJdk.Choice choice = choose(Map.of("CI", "false"));

        assertThat(choice.mustFail()).isFalse();
        assertThatThrownBy(choice::requireJava)
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("needs a JDK 21 or newer")
                .hasMessageContaining("java-17-openjdk-amd64 (Java 17)")
                .hasMessageContaining("Install one (Eclipse Temurin 21 or 25")
                .hasMessageContaining("set " + ApicurioJdk.HOME_VARIABLE)
                .hasMessageContaining("Skipping");
    }

    @Test
    void shouldFailInsteadOfSkippingUnderCi() throws IOException {
        jdk("java-17-openjdk-amd64", "17.0.15");

        ApicurioJdk.Choice choice = choose(Map.of("CI", "true"));

        assertThat(choice.mustFail()).isTrue();
        assertThatThrownBy(choice::requireJava)
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("needs a JDK 21 or newer")
                .hasMessageContaining("CI=true");
    }

    @Test
    void shouldIgnoreAFolderWithoutAnExecutableJava() throws IOException {
        Path home = jdk("temurin-25-jdk-amd64", "25.0.3");
        Files.setPosixFilePermissions(
                home.resolve("bin/java"), PosixFilePermissions.fromString("rw-r--r--"));

        ApicurioJdk.Choice choice = choose(Map.of());

        assertThat(choice.java()).isEmpty();
        assertThat(choice.problem()).contains(jvms + " holds no JDK");
    }

    @Test
    void shouldReadOldStyleVersionNumbersAsTheirFeatureVersion() throws IOException {
        Path java8 = jdk("java-8-openjdk-amd64", "1.8.0_292");

        assertThat(ApicurioJdk.feature(java8)).hasValue(8);
    }
}
