package io.flowlens.job.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.testkit.SharedTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The flows schema keeps the seed's contract, and docs/features.md shows exactly the schema. */
class FlowSchemaTest {
    private static final Path DOC = Path.of("..", "docs", "features.md");

    @Test
    void everySeedColumnExistsAndComesBeforeTheAddedOnes() throws IOException {
        Path seed = SharedTestData.pcapDir().getParent().getParent().resolve("seeds").resolve("000_dd10c8413ead570a.txt");
        List<String> seedColumns = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\| `([a-z0-9_]+)` \\|").matcher(Files.readString(seed));
        while (m.find()) {
            seedColumns.add(m.group(1));
        }
        assertThat(seedColumns).as("the seed's feature tables").hasSizeGreaterThanOrEqualTo(72);
        List<String> names = FlowSchema.FLOWS.names();
        assertThat(names.subList(0, seedColumns.size())).as("the seed's columns first, added ones after")
                .containsExactlyInAnyOrderElementsOf(seedColumns);
    }

    @Test
    void docsShowTheSchema() throws IOException {
        String doc = Files.readString(DOC);
        for (DatasetSchema schema : new DatasetSchema[] {FlowSchema.FLOWS, TransactionSchema.TRANSACTIONS}) {
            assertThat(ColumnDocs.withTables(doc, schema)).as("docs/features.md is stale: run ColumnDocs").isEqualTo(doc);
        }
    }
}
