package dev.aggregation.tools.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reading and writing Kubernetes manifests as Jackson trees, so every field survives whatever its type. */
final class Yaml {
  static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
      .disable(YAMLGenerator.Feature.SPLIT_LINES)
      // "1" stays a string: minimized quotes would otherwise turn cpu: "1" into a number.
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .build());
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Yaml() {}

  /** Every document of a (multi-document) YAML file; empty documents are skipped. */
  static List<ObjectNode> readAll(Path file) {
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      List<ObjectNode> objects = new ArrayList<>();
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document instanceof ObjectNode object) {
          objects.add(object);
        } else if (document != null && !document.isNull() && !document.isMissingNode()) {
          throw new IllegalArgumentException(file + ": a document is not a mapping");
        }
      }
      return objects;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static ObjectNode readOne(Path file) {
    List<ObjectNode> objects = readAll(file);
    if (objects.size() != 1) {
      throw new IllegalArgumentException(file + ": expected one document, found " + objects.size());
    }
    return objects.get(0);
  }

  static String write(JsonNode node) {
    try {
      return YAML.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String json(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The text at a path of dotted field names, or "" when a field on the way is absent. */
  static String text(JsonNode node, String path) {
    JsonNode current = node;
    for (String field : path.split("\\.")) {
      current = current == null ? null : current.get(field);
    }
    return current == null || current.isNull() ? "" : current.asText();
  }
}
