package dev.aggregation.bench.jmh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.apis.wardle.WardleApi;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import dev.aggregation.apiserver.registry.VersionDefinition;
import java.nio.charset.StandardCharsets;

/** The objects the in-process benchmarks work on: wardle's Flunder as a client sends and the server stores it. */
final class Fixtures {
  private Fixtures() {}

  static ResourceStrategy flunders() {
    return WardleApi.group().resources().stream()
        .filter(r -> r.resource().equals("flunders"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("wardle serves no flunders"));
  }

  static VersionDefinition version(ResourceStrategy strategy, String name) {
    return strategy.versions().stream()
        .filter(v -> v.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(strategy.kind() + " has no version " + name));
  }

  /** A created Flunder as stored: full metadata with labels, annotations and managedFields, a spec. */
  static byte[] flunderJson(String apiVersion, String name) {
    String spec = apiVersion.endsWith("v1alpha1")
        ? "{\"reference\":\"other-" + name + "\"}"
        : "{\"flunderReference\":\"other-" + name + "\",\"referenceType\":\"Flunder\"}";
    return ("{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"Flunder\",\"metadata\":{\"name\":\"" + name + "\","
        + "\"namespace\":\"default\",\"uid\":\"6c0e7a0c-6d9f-4d0c-9c55-2b7f0c5d2f10\",\"resourceVersion\":\"1234\","
        + "\"generation\":1,\"creationTimestamp\":\"2026-01-01T00:00:00Z\","
        + "\"labels\":{\"app\":\"web\",\"tier\":\"frontend\",\"team\":\"wardle\"},"
        + "\"annotations\":{\"example.com/owner\":\"bench\"},"
        + "\"managedFields\":[{\"manager\":\"kubectl-client-side-apply\",\"operation\":\"Update\",\"apiVersion\":\""
        + apiVersion + "\",\"time\":\"2026-01-01T00:00:00Z\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:metadata\":"
        + "{\"f:labels\":{\".\":{},\"f:app\":{},\"f:tier\":{},\"f:team\":{}}},\"f:spec\":{\".\":{},\"f:reference\":{}}}}]},"
        + "\"spec\":" + spec + ",\"status\":{}}").getBytes(StandardCharsets.UTF_8);
  }

  static ObjectNode flunderTree(String apiVersion, String name) {
    try {
      return (ObjectNode) Json.mapper().readTree(flunderJson(apiVersion, name));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the fixture is not JSON", e);
    }
  }
}
