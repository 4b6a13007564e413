package io.flowlens.job.flow;

import io.flowlens.sources.packet.PacketEmitter;
import io.flowlens.sources.packet.PacketEmitterFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Gives every packet source reader its own {@link FlowSlicer}. */
public final class FlowSlicerFactory implements PacketEmitterFactory<FlowSlice> {
    private final FlowSlicerSettings settings;

    public FlowSlicerFactory(FlowSlicerSettings settings) {
        this.settings = settings;
    }

    @Override
    public PacketEmitter<FlowSlice> create(String host) {
        return new FlowSlicer(host, settings);
    }

    @Override
    public TypeInformation<FlowSlice> producedType() {
        return TypeInformation.of(FlowSlice.class);
    }
}
