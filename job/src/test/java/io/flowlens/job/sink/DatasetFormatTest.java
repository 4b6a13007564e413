package io.flowlens.job.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class DatasetFormatTest {
    @Test
    void parsesTheThreeValuesInAnyCase() {
        assertThat(DatasetFormat.parse("csv")).isEqualTo(DatasetFormat.CSV);
        assertThat(DatasetFormat.parse("Parquet")).isEqualTo(DatasetFormat.PARQUET);
        assertThat(DatasetFormat.parse(" BOTH ")).isEqualTo(DatasetFormat.BOTH);
    }

    @Test
    void anythingElseIsAnErrorListingTheValues() {
        assertThatThrownBy(() -> DatasetFormat.parse("json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--format must be csv|parquet|both, not 'json'");
        assertThatThrownBy(() -> DatasetFormat.parse(null)).hasMessageContaining("csv|parquet|both");
    }

    @Test
    void bothWritesCsvAndParquet() {
        assertThat(DatasetFormat.BOTH.files()).isEqualTo(EnumSet.of(DatasetFormat.CSV, DatasetFormat.PARQUET));
        assertThat(DatasetFormat.CSV.files()).containsExactly(DatasetFormat.CSV);
    }
}
