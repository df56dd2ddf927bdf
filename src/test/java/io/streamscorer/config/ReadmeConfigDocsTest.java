package io.streamscorer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReadmeConfigDocsTest {

    @Test
    void shouldListEveryConfigKeyInTheReadmeExactlyAsTheCodeDefinesIt() throws Exception {
        String readme = Files.readString(Path.of("README.md"));

        assertThat(ConfigDocs.marked(readme))
                .as(
                        "README.md's config table is stale: run `java -jar target/stream-scorer.jar config docs --update README.md`")
                .isEqualTo(ConfigDocs.markdown(ScorerConfig.configDef()).strip());
    }
}
