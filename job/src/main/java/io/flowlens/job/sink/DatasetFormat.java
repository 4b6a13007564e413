package io.flowlens.job.sink;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Which file formats a dataset is written in: the value of {@code --format csv|parquet|both}. */
public enum DatasetFormat {
    CSV,
    PARQUET,
    BOTH;

    /** Parses a {@code --format} value, ignoring case; the error lists the accepted values. */
    public static DatasetFormat parse(String value) {
        if (value != null) {
            for (DatasetFormat f : values()) {
                if (f.name().equalsIgnoreCase(value.strip())) {
                    return f;
                }
            }
        }
        String accepted = Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining("|"));
        throw new IllegalArgumentException("--format must be " + accepted + ", not '" + value + "'");
    }

    /** The concrete formats this choice writes (BOTH is CSV and Parquet). */
    public Set<DatasetFormat> files() {
        return this == BOTH ? EnumSet.of(CSV, PARQUET) : EnumSet.of(this);
    }
}
