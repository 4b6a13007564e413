package io.flowlens.job.flow;

import io.flowlens.sources.packet.PacketEmitter;
import io.flowlens.sources.packet.PacketEmitterFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Gives every packet source reader its own {@link CaptureEmitter} around a {@link FlowSlicer}. */
public final class FlowSlicerFactory implements PacketEmitterFactory<CaptureRecord> {
    private final FlowSlicerSettings settings;

    public FlowSlicerFactory(FlowSlicerSettings settings) {
        this.settings = settings;
    }

    @Override
    public PacketEmitter<CaptureRecord> create(String host) {
        return new CaptureEmitter(new FlowSlicer(host, settings));
    }

    @Override
    public TypeInformation<CaptureRecord> producedType() {
        return TypeInformation.of(CaptureRecord.class);
    }
}
