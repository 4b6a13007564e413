package io.flowlens.job.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.job.window.FlowWindowAccumulator;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** FlowSliceSerializer carries every public field of a FlowSlice, and Flink uses it wherever a slice travels. */
class FlowSliceSerializerTest {
    @Test
    void everyFieldSurvivesSerialisationAndCopy() throws Exception {
        FlowSlice s = new FlowSlice();
        int n = 1;
        for (Field f : fields()) {
            Class<?> t = f.getType();
            n++;
            if (t == long.class) {
                f.setLong(s, 1_000_000_007L * n);
            } else if (t == int.class) {
                f.setInt(s, 1000 + n);
            } else if (t == double.class) {
                f.setDouble(s, n + 0.25);
            } else if (t == boolean.class) {
                f.setBoolean(s, true);
            } else if (t == String.class) {
                f.set(s, "v" + n + "-é");
            } else {
                throw new AssertionError("FlowSliceSerializer does not know field type " + t + " of " + f.getName());
            }
        }
        assertSameFields(roundTrip(s), s);
        assertSameFields(FlowSliceSerializer.INSTANCE.copy(s), s);
    }

    @Test
    void aFreshAccumulatorWithNullIdentitySurvives() throws Exception {
        FlowSlice fresh = new FlowSlice();
        assertSameFields(roundTrip(fresh), fresh);
    }

    @Test
    void flinkPicksTheSerializerForSlicesAndForSlicesInsideOtherTypes() {
        assertThat(TypeInformation.of(FlowSlice.class)).isInstanceOf(FlowSliceTypeInfo.class);
        for (Class<?> holder : new Class<?>[] {CaptureRecord.class, FlowWindowAccumulator.class}) {
            TypeInformation<?> t = TypeInformation.of(holder);
            assertThat(t).isInstanceOf(PojoTypeInfo.class);
            PojoTypeInfo<?> pojo = (PojoTypeInfo<?>) t;
            assertThat(pojo.getTypeAt(pojo.getFieldIndex("slice"))).as(holder.getSimpleName())
                    .isInstanceOf(FlowSliceTypeInfo.class);
        }
    }

    private static FlowSlice roundTrip(FlowSlice s) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        FlowSliceSerializer.INSTANCE.serialize(s, out);
        FlowSlice back = FlowSliceSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        return back;
    }

    private static void assertSameFields(FlowSlice actual, FlowSlice expected) throws Exception {
        for (Field f : fields()) {
            assertThat(f.get(actual)).as(f.getName()).isEqualTo(f.get(expected));
        }
    }

    private static java.util.List<Field> fields() {
        java.util.List<Field> all = new java.util.ArrayList<>();
        for (Field f : FlowSlice.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                all.add(f);
            }
        }
        assertThat(all).hasSizeGreaterThan(40);
        return all;
    }
}
