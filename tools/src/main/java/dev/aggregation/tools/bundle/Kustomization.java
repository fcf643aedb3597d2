package dev.aggregation.tools.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The objects a kustomization directory lists under {@code resources} (files, and directories recursively). The
 * bundle's inputs (config/crd, rbac, manager, samples) use nothing else; any other field is refused rather than
 * ignored, so the bundle never silently differs from what {@code kubectl kustomize} would render.
 */
final class Kustomization {
  private static final Set<String> SUPPORTED = Set.of("resources");

  private Kustomization() {}

  static List<ObjectNode> resources(Path directory) {
    Path file = directory.resolve("kustomization.yaml");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(directory + " has no kustomization.yaml");
    }
    ObjectNode kustomization = Yaml.readOne(file);
    for (Iterator<String> names = kustomization.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!SUPPORTED.contains(name)) {
        throw new IllegalArgumentException(file + ": the bundle generator does not apply `" + name
            + "`; keep bundle inputs to plain resources");
      }
    }
    List<ObjectNode> objects = new ArrayList<>();
    for (JsonNode resource : kustomization.path("resources")) {
      Path path = directory.resolve(resource.asText()).normalize();
      if (Files.isDirectory(path)) {
        objects.addAll(resources(path));
      } else if (Files.isRegularFile(path)) {
        objects.addAll(Yaml.readAll(path));
      } else {
        throw new IllegalArgumentException(file + ": resource " + resource.asText() + " does not exist");
      }
    }
    return objects;
  }
}
