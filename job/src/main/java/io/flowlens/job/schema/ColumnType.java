package io.flowlens.job.schema;

/** The types a dataset column can have; each maps to one Java class, one Parquet type and one CSV text form. */
public enum ColumnType {
    /** UTF-8 text; empty in CSV and null in Parquet when unknown. */
    STRING(String.class),
    /** 32-bit signed integer. */
    INT(Integer.class),
    /** 64-bit signed integer. */
    LONG(Long.class),
    /** IEEE 754 double; never NaN or infinite in a dataset (unknown is null). */
    DOUBLE(Double.class);

    private final Class<?> javaClass;

    ColumnType(Class<?> javaClass) {
        this.javaClass = javaClass;
    }

    /** The boxed Java class a row holds for this type. */
    public Class<?> javaClass() {
        return javaClass;
    }
}
