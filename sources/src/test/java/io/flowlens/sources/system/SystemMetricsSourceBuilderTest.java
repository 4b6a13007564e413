package io.flowlens.sources.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class SystemMetricsSourceBuilderTest {
    @Test
    void defaultsToAnUnboundedFiveSecondGrid() {
        SystemMetricsSource s = SystemMetricsSource.builder().build();
        assertThat(s.windowMillis()).isEqualTo(5000);
        assertThat(s.getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
    }

    @Test
    void windowFromConfigurationOrExplicitly() {
        Configuration c = new Configuration();
        c.set(SystemMetricsSourceOptions.WINDOW, Duration.ofSeconds(10));
        assertThat(SystemMetricsSource.builder().configuration(c).build().windowMillis()).isEqualTo(10_000);
        assertThat(SystemMetricsSource.builder().configuration(c).window(Duration.ofSeconds(1)).build().windowMillis())
                .as("an explicit window wins").isEqualTo(1000);
    }

    @Test
    void anEndTimeMakesItBounded() {
        Instant end = Instant.ofEpochMilli(1_800_000_000_000L);
        SystemMetricsSource s = SystemMetricsSource.builder().endAt(end).build();
        assertThat(s.getBoundedness()).isEqualTo(Boundedness.BOUNDED);
        assertThat(s.endMillis()).isEqualTo(end.toEpochMilli());
    }

    @Test
    void aDurationMakesItBoundedFromTheReadersStart() {
        SystemMetricsSource s = SystemMetricsSource.builder().duration(Duration.ofSeconds(9)).build();
        assertThat(s.getBoundedness()).isEqualTo(Boundedness.BOUNDED);
        assertThat(s.durationMillis()).isEqualTo(9_000);
        assertThat(s.endMillis()).as("no fixed end time").isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> SystemMetricsSource.builder().duration(Duration.ZERO)).hasMessageContaining("positive");
    }

    @Test
    void badWindowsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> SystemMetricsSource.builder().window(Duration.ofMillis(10)).build())
                .hasMessageContaining("at least 100 ms").hasMessageContaining("flowlens.system.window");
        assertThatThrownBy(() -> SystemMetricsSource.builder().window(Duration.ofMillis(1500).plusNanos(500_000)).build())
                .hasMessageContaining("whole milliseconds");
    }
}
