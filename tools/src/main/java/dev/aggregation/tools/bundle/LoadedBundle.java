package dev.aggregation.tools.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * A bundle as read from disk: the CSV, the CRDs and other objects of manifests/, the annotations of
 * metadata/annotations.yaml, and the labels and COPY lines of bundle.Dockerfile.
 */
record LoadedBundle(
    List<ObjectNode> csvs,
    List<ObjectNode> crds,
    List<ObjectNode> others,
    Map<String, String> annotations,
    Map<String, String> dockerLabels,
    List<String> dockerCopies,
    long compressedBytes) {
  private static final Pattern LABEL = Pattern.compile("^LABEL\\s+([^=\\s]+)=(\\S*)\\s*$");
  private static final Pattern COPY = Pattern.compile("^COPY\\s+(.+)$");

  static LoadedBundle read(BundleLayout layout) {
    List<ObjectNode> csvs = new ArrayList<>();
    List<ObjectNode> crds = new ArrayList<>();
    List<ObjectNode> others = new ArrayList<>();
    long compressed = 0;
    try (Stream<Path> files = Files.list(layout.manifests())) {
      for (Path file : files.sorted().toList()) {
        compressed += gzippedSize(Files.readAllBytes(file));
        for (ObjectNode object : Yaml.readAll(file)) {
          switch (Yaml.text(object, "kind")) {
            case "ClusterServiceVersion" -> csvs.add(object);
            case "CustomResourceDefinition" -> crds.add(object);
            default -> others.add(object);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + layout.manifests(), e);
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    if (Files.isRegularFile(layout.annotations())) {
      Yaml.readOne(layout.annotations()).path("annotations").fields()
          .forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
    }
    Map<String, String> labels = new LinkedHashMap<>();
    List<String> copies = new ArrayList<>();
    if (Files.isRegularFile(layout.dockerfile())) {
      for (String line : Yaml.read(layout.dockerfile()).lines().map(String::strip).toList()) {
        Matcher label = LABEL.matcher(line);
        Matcher copy = COPY.matcher(line);
        if (label.matches()) {
          labels.put(label.group(1), label.group(2));
        } else if (copy.matches()) {
          copies.add(copy.group(1).strip());
        }
      }
    }
    return new LoadedBundle(csvs, crds, others, annotations, labels, copies, compressed);
  }

  ObjectNode csv() {
    return csvs.get(0);
  }

  /** The pod templates of the CSV's install strategy. */
  List<JsonNode> deployments() {
    List<JsonNode> deployments = new ArrayList<>();
    csv().path("spec").path("install").path("spec").path("deployments").forEach(deployments::add);
    return deployments;
  }

  private static long gzippedSize(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.size();
  }
}
