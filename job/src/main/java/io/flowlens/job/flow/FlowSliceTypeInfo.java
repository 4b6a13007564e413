package io.flowlens.job.flow;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's type of a {@link FlowSlice}: serialised by {@link FlowSliceSerializer}, wherever it appears. */
public final class FlowSliceTypeInfo extends TypeInformation<FlowSlice> {
    public static final FlowSliceTypeInfo INSTANCE = new FlowSliceTypeInfo();

    /** Picked up through FlowSlice's {@code @TypeInfo}, also where a slice is a field of another type. */
    public static final class Factory extends TypeInfoFactory<FlowSlice> {
        @Override
        public TypeInformation<FlowSlice> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return INSTANCE;
        }
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<FlowSlice> getTypeClass() {
        return FlowSlice.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<FlowSlice> createSerializer(SerializerConfig config) {
        return FlowSliceSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "FlowSlice";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowSliceTypeInfo;
    }

    @Override
    public int hashCode() {
        return FlowSliceTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof FlowSliceTypeInfo;
    }
}
