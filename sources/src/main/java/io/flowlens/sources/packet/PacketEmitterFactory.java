package io.flowlens.sources.packet;

import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Creates each reader's {@link PacketEmitter}; shipped with the job graph, so serializable. */
public interface PacketEmitterFactory<T> extends Serializable {
    /** @param host the node this reader runs on */
    PacketEmitter<T> create(String host);

    TypeInformation<T> producedType();
}
