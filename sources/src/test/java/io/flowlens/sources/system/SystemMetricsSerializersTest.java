package io.flowlens.sources.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowlens.sources.system.enumerator.SystemMetricsEnumeratorState;
import io.flowlens.sources.system.enumerator.SystemMetricsEnumeratorStateSerializer;
import io.flowlens.sources.system.split.SystemMetricsSplit;
import io.flowlens.sources.system.split.SystemMetricsSplitSerializer;
import java.io.IOException;
import java.util.Set;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class SystemMetricsSerializersTest {
    @Test
    void splitRoundTrips() throws IOException {
        var ser = SystemMetricsSplitSerializer.INSTANCE;
        SystemMetricsSplit s = new SystemMetricsSplit("node-ä.example");
        assertThat(ser.deserialize(ser.getVersion(), ser.serialize(s))).isEqualTo(s);
    }

    @Test
    void enumeratorStateRoundTrips() throws IOException {
        var ser = new SystemMetricsEnumeratorStateSerializer();
        for (var st : new SystemMetricsEnumeratorState[] {
                new SystemMetricsEnumeratorState(Set.of()), new SystemMetricsEnumeratorState(Set.of("a", "node-b"))}) {
            assertThat(ser.deserialize(ser.getVersion(), ser.serialize(st))).isEqualTo(st);
        }
    }

    @Test
    void unknownVersionsAreNamed() {
        assertThatThrownBy(() -> SystemMetricsSplitSerializer.INSTANCE.deserialize(7, new byte[0])).hasMessageContaining("version 7");
        assertThatThrownBy(() -> new SystemMetricsEnumeratorStateSerializer().deserialize(8, new byte[0]))
                .hasMessageContaining("version 8");
    }

    @Test
    void recordIsAFlinkPojoAndRoundTrips() throws IOException {
        TypeInformation<SystemMetrics> type = TypeInformation.of(SystemMetrics.class);
        assertThat(type).as("a POJO, not a Kryo generic type").isInstanceOf(PojoTypeInfo.class);
        TypeSerializer<SystemMetrics> ser = type.createSerializer(new SerializerConfigImpl());
        SystemMetrics m = new SystemMetrics();
        m.host = "node-1";
        m.windowStartMillis = 1_700_000_005_000L;
        m.cpuUsagePercent = 12.5;
        m.memoryUsagePercent = 40.25;
        m.memoryAvailableMb = 1234.5;
        m.diskReadBytes = 1;
        m.diskWriteBytes = 2;
        m.diskReadCount = 3;
        m.diskWriteCount = 4;
        m.diskReadTimeMs = 5;
        m.diskWriteTimeMs = 6;
        m.diskAvgLatencyUs = 1571.4;
        m.oomKills = 7;
        m.processCpuTop3 = "java:52.1;redis-server:10.3;curl:1.0";
        DataOutputSerializer out = new DataOutputSerializer(128);
        ser.serialize(m, out);
        assertThat(ser.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo(m);
    }
}
