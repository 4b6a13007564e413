package io.flowlens.job.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The manifests under k8s/ as kustomize would render them: a kustomization's resources (files, or folders holding
 * their own kustomization.yaml), its {@code namespace}, and its JSON 6902 patches (applied with fabric8's zjsonpatch,
 * an RFC 6902 implementation). Documents stay JSON trees; the tests bind them to the typed models.
 */
final class Manifests {
    static final Path PROJECT = Path.of("").toAbsolutePath().getParent();
    static final Path K8S = PROJECT.resolve("k8s");
    /** Unknown fields fail: a misspelled key must not pass as an ignored one. */
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Manifests() {}

    /** Every document of one YAML file. */
    static List<JsonNode> documents(Path file) {
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            List<JsonNode> docs = new ArrayList<>();
            for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The documents a kustomization folder renders to. */
    static List<JsonNode> render(Path kustomizationDir) {
        JsonNode k = documents(kustomizationDir.resolve("kustomization.yaml")).getFirst();
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = kustomizationDir.resolve(r.asText()).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(render(p));
            } else if (Files.isRegularFile(p)) {
                out.addAll(documents(p));
            } else {
                throw new AssertionError(kustomizationDir.resolve("kustomization.yaml") + " names a missing resource " + r);
            }
        }
        if (k.has("namespace")) {
            String ns = k.get("namespace").asText();
            out.replaceAll(d -> {
                ObjectNode copy = d.deepCopy();
                if (!copy.path("kind").asText().startsWith("Cluster") && !"Namespace".equals(copy.path("kind").asText())) {
                    ((ObjectNode) copy.get("metadata")).put("namespace", ns);
                }
                return copy;
            });
        }
        for (JsonNode patch : k.path("patches")) {
            JsonNode target = patch.get("target");
            JsonNode ops = readTree(patch.get("patch").asText());
            out.replaceAll(d -> matches(d, target) ? JsonPatch.apply(ops, d) : d);
        }
        return out;
    }

    /** The one document of this kind (and name, if given) among {@code docs}. */
    static JsonNode only(List<JsonNode> docs, String kind) {
        List<JsonNode> found = docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + ", found " + found.size());
        }
        return found.getFirst();
    }

    /**
     * Binds a document to its typed model, and fails if any field of the document did not survive the binding: the
     * operator's spec classes ignore unknown fields, so a misspelled key would otherwise vanish without a word.
     * (fabric8's classes keep unknown fields in {@code additionalProperties}, which the tests check empty.)
     */
    static <T> T bind(JsonNode doc, Class<T> type) {
        T typed;
        try {
            typed = YAML.treeToValue(doc, type);
        } catch (IOException e) {
            throw new AssertionError("cannot read as " + type.getName() + ": " + e.getMessage() + "\n" + doc, e);
        }
        List<String> lost = new ArrayList<>();
        lostFields(doc, YAML.valueToTree(typed), "", lost);
        if (!lost.isEmpty()) {
            throw new AssertionError(type.getSimpleName() + " " + doc.path("metadata").path("name").asText()
                    + ": fields the typed model does not know (misspelled or misplaced?): " + lost);
        }
        return typed;
    }

    private static void lostFields(JsonNode in, JsonNode out, String path, List<String> lost) {
        if (in.isObject()) {
            in.fieldNames().forEachRemaining(f -> {
                if (out == null || !out.has(f)) {
                    lost.add(path + "/" + f);
                } else {
                    lostFields(in.get(f), out.get(f), path + "/" + f, lost);
                }
            });
        } else if (in.isArray()) {
            for (int i = 0; i < in.size(); i++) {
                lostFields(in.get(i), out == null ? null : out.get(i), path + "/" + i, lost);
            }
        }
    }

    private static boolean matches(JsonNode doc, JsonNode target) {
        return (!target.has("kind") || target.get("kind").asText().equals(doc.path("kind").asText()))
                && (!target.has("name") || target.get("name").asText().equals(doc.path("metadata").path("name").asText()))
                && (!target.has("group") || doc.path("apiVersion").asText().startsWith(target.get("group").asText() + "/"));
    }

    private static JsonNode readTree(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
