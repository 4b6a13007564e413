package io.flowlens.job.sink;

import static io.flowlens.job.sink.TestRows.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Locale;
import java.util.TimeZone;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class HourPartitionAssignerTest {
    private final HourPartitionAssigner assigner = new HourPartitionAssigner(SCHEMA);

    @Test
    void partitionIsTheUtcHourWhateverTheJvmsZoneAndLocale() {
        TimeZone zone = TimeZone.getDefault();
        Locale locale = Locale.getDefault();
        try {
            // half-hour offset and a locale with its own digits: either leaking in would change the folder
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
            Locale.setDefault(Locale.forLanguageTag("ar-EG"));
            assertThat(assigner.getBucketId(at("2025-12-31T23:59:59.999Z"), null)).isEqualTo("dt=2025-12-31/hour=23");
            assertThat(assigner.getBucketId(at("2026-01-01T00:00:00Z"), null)).isEqualTo("dt=2026-01-01/hour=00");
            assertThat(assigner.getBucketId(at("1970-01-01T00:00:00Z"), null)).isEqualTo("dt=1970-01-01/hour=00");
        } finally {
            TimeZone.setDefault(zone);
            Locale.setDefault(locale);
        }
    }

    @Test
    void theRememberedFolderFollowsEveryChangeOfHourEitherWay() {
        String[][] cases = {{"2026-03-01T10:59:59.999Z", "dt=2026-03-01/hour=10"},
                {"2026-03-01T11:00:00Z", "dt=2026-03-01/hour=11"}, {"2026-03-01T11:30:00Z", "dt=2026-03-01/hour=11"},
                {"2026-03-01T10:15:00Z", "dt=2026-03-01/hour=10"}, {"1969-12-31T23:59:59.999Z", "dt=1969-12-31/hour=23"},
                {"1970-01-01T00:00:00Z", "dt=1970-01-01/hour=00"}};
        for (String[] c : cases) {
            assertThat(assigner.getBucketId(at(c[0]), null)).as(c[0]).isEqualTo(c[1]);
        }
    }

    @Test
    void aRowWithoutPartitionTimeIsRefusedNamingTheColumn() {
        Row row = TestRows.row(0);
        row.setField(SCHEMA.index("window_start_ms"), null);
        assertThatThrownBy(() -> assigner.getBucketId(row, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a flows row has no window_start_ms (epoch ms) to partition by: null");
    }

    private static Row at(String instant) {
        Row row = TestRows.row(0);
        row.setField(SCHEMA.index("window_start_ms"), Instant.parse(instant).toEpochMilli());
        return row;
    }
}
