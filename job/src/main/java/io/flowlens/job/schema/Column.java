package io.flowlens.job.schema;

import java.io.Serializable;
import java.util.Objects;

/**
 * One dataset column: its name (as in the seed where the seed has it), type, unit and meaning.
 *
 * @param name snake_case, unique within its dataset
 * @param unit "" where the value has none (a name, a count is "count")
 * @param description what the value means, its range and its edge cases, for docs/features.md
 * @param group the documentation section the column belongs to
 */
public record Column(String name, ColumnType type, String unit, String description, Group group) implements Serializable {
    /** Documentation sections, in the order docs/features.md lists them. */
    public enum Group {
        METADATA("Metadata"),
        NETWORK("Network features"),
        L7("Layer 7 features"),
        SYSTEM("System metrics"),
        ADDED_NETWORK("Added: flow and TCP analysis"),
        ADDED_L7("Added: layer 7 aggregates"),
        ADDED_CONTEXT("Added: window and Kubernetes context");

        private final String title;

        Group(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(group, "group");
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("column names are snake_case: " + name);
        }
    }
}
