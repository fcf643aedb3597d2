package dev.aggregation.apiserver.endpoints.resource;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.server.Reply;
import dev.aggregation.apiserver.server.TestClient;
import java.util.Locale;
import org.junit.jupiter.api.TestInfo;

/** Paths, bodies and assertions the resource tests share: wardle.example.com's flunders over HTTP. */
final class Flunders {
  static final String GROUP = "wardle.example.com";
  static final String V1ALPHA1 = "v1alpha1";
  static final String V1BETA1 = "v1beta1";

  private Flunders() {}

  static String collection(String namespace) {
    return collection(V1ALPHA1, namespace);
  }

  static String collection(String version, String namespace) {
    return "/apis/" + GROUP + "/" + version + "/namespaces/" + namespace + "/flunders";
  }

  static String object(String namespace, String name) {
    return collection(namespace) + "/" + name;
  }

  static String allNamespaces() {
    return "/apis/" + GROUP + "/" + V1ALPHA1 + "/flunders";
  }

  /** A v1alpha1 Flunder referencing another flunder (referenceType defaults to Flunder). */
  static ObjectNode flunder(String name, String reference) {
    ObjectNode flunder = Json.object();
    flunder.put("apiVersion", GROUP + "/" + V1ALPHA1);
    flunder.put("kind", "Flunder");
    flunder.putObject("metadata").put("name", name);
    flunder.putObject("spec").put("reference", reference);
    return flunder;
  }

  static ObjectNode labelled(String name, String... labels) {
    ObjectNode flunder = flunder(name, "ref");
    ObjectNode map = ((ObjectNode) flunder.get("metadata")).putObject("labels");
    for (int i = 0; i + 1 < labels.length; i += 2) {
      map.put(labels[i], labels[i + 1]);
    }
    return flunder;
  }

  /** POSTs {@code flunder} to its namespace and returns the created object (asserting 201). */
  static ObjectNode create(TestClient client, String namespace, ObjectNode flunder) {
    Reply reply = client.post(collection(namespace), flunder.toString());
    assertThat(reply.status()).as("create %s", reply).isEqualTo(201);
    return reply.json();
  }

  static ObjectNode get(TestClient client, String namespace, String name) {
    Reply reply = client.get(object(namespace, name));
    assertThat(reply.status()).as("get %s", reply).isEqualTo(200);
    return reply.json();
  }

  static ObjectNode parse(String json) {
    try {
      return (ObjectNode) Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  static String resourceVersion(ObjectNode object) {
    return object.path("metadata").path("resourceVersion").asText();
  }

  /** A namespace of the test's own, named after its method, so that tests of one class never see each other. */
  static String namespace(TestInfo info) {
    String method = info.getTestMethod().orElseThrow().getName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    String name = method.length() > 63 ? method.substring(0, 63) : method;
    return name.replaceAll("-+$", "");
  }

  /** Asserts a metav1.Status failure with Kubernetes' code, reason and message. */
  static ObjectNode assertFailure(Reply reply, int code, String reason, String message) {
    assertThat(reply.status()).as("status code of %s", reply).isEqualTo(code);
    ObjectNode status = reply.json();
    assertThat(status.path("kind").asText()).isEqualTo("Status");
    assertThat(status.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(status.path("status").asText()).isEqualTo("Failure");
    assertThat(status.path("code").asInt()).isEqualTo(code);
    assertThat(status.path("reason").asText()).isEqualTo(reason);
    assertThat(status.path("message").asText()).isEqualTo(message);
    return status;
  }
}
