package io.streamscorer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetTest {
    @TempDir Path dir;

    private Path write(String content) throws IOException {
        return Files.writeString(dir.resolve("tiny.csv"), content);
    }

    @Test
    void shouldReadLabelFirstAndFeaturesInFileOrder() throws IOException {
        Path file = write("label,a,b\n1,0.5,100\n0,-1.5,2e3\n\n1,0,0\n");

        CsvDataset data = CsvDataset.read(file);

        assertThat(data.name()).isEqualTo("tiny");
        assertThat(data.featureNames()).containsExactly("a", "b");
        assertThat(data.size()).isEqualTo(3);
        assertThat(data.positives()).isEqualTo(2);
        assertThat(data.row(1)).containsExactly(-1.5, 2000.0);
        assertThat(data.label(1)).isZero();
    }

    @Test
    void shouldNameTheLineOfALabelOtherThanZeroOrOne() throws IOException {
        Path file = write("label,a\n1,0.5\n2,1\n");

        assertThatThrownBy(() -> CsvDataset.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tiny.csv:3")
                .hasMessageContaining("labels must be 0 or 1");
    }

    @Test
    void shouldNameTheColumnOfANonNumericValue() throws IOException {
        Path file = write("label,a,b\n1,0.5,x\n");

        assertThatThrownBy(() -> CsvDataset.read(file))
                .hasMessageContaining("tiny.csv:2 column 'b'");
    }

    @Test
    void shouldRejectARowWithTheWrongNumberOfColumns() throws IOException {
        Path file = write("label,a,b\n1,0.5\n");

        assertThatThrownBy(() -> CsvDataset.read(file)).hasMessageContaining("has 2 columns");
    }

    @Test
    void shouldRejectAFileWithoutRows() throws IOException {
        Path file = write("label,a\n");

        assertThatThrownBy(() -> CsvDataset.read(file)).hasMessageContaining("no rows");
    }
}
