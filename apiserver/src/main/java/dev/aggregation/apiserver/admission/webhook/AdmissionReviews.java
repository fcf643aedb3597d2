package dev.aggregation.apiserver.admission.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.admission.AdmissionAttributes;
import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.registry.Conversions;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import dev.aggregation.apiserver.registry.VersionDefinition;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * AdmissionReview requests and responses (admission.k8s.io/v1, or v1beta1 for a webhook that accepts only
 * that; both have the same shape), as k8s.io/apiserver's webhook/request package builds and verifies them.
 * Objects are sent in the version the webhook's invocation names, converted from the hub.
 */
final class AdmissionReviews {
  static final List<String> SUPPORTED_VERSIONS = List.of("v1", "v1beta1");

  private AdmissionReviews() {}

  /** The first review version the webhook accepts that this server speaks, or null. */
  static String reviewVersion(Webhook webhook) {
    return webhook.admissionReviewVersions().stream().filter(SUPPORTED_VERSIONS::contains).findFirst().orElse(null);
  }

  /** A request with a fresh uid. */
  static Review request(Invocation invocation, AdmissionAttributes attributes, String reviewVersion) {
    ResourceStrategy strategy = attributes.strategy();
    VersionDefinition version = invocation.version();
    String uid = UUID.randomUUID().toString();
    ObjectNode review = Json.object();
    review.put("kind", "AdmissionReview");
    review.put("apiVersion", "admission.k8s.io/" + reviewVersion);
    ObjectNode request = review.putObject("request");
    request.put("uid", uid);
    request.set("kind", gvk(strategy.group(), version.name(), strategy.kind()));
    request.set("resource", gvr(strategy.group(), version.name(), strategy.resource()));
    putIfNotEmpty(request, "subResource", attributes.subresource());
    request.set("requestKind", gvk(strategy.group(), attributes.version(), strategy.kind()));
    request.set("requestResource", gvr(strategy.group(), attributes.version(), strategy.resource()));
    putIfNotEmpty(request, "requestSubResource", attributes.subresource());
    putIfNotEmpty(request, "name", attributes.name());
    putIfNotEmpty(request, "namespace", attributes.namespace());
    request.put("operation", attributes.operation().name());
    request.set("userInfo", userInfo(attributes.user()));
    request.set("object", versioned(strategy, version, attributes.object()));
    request.set("oldObject", versioned(strategy, version, attributes.oldObject()));
    request.put("dryRun", attributes.dryRun());
    request.set("options", attributes.options() == null ? Json.mapper().nullNode() : attributes.options());
    return new Review(uid, reviewVersion, review);
  }

  static JsonNode versioned(ResourceStrategy strategy, VersionDefinition version, ObjectNode hub) {
    return hub == null ? Json.mapper().nullNode() : Conversions.fromHub(strategy, version, hub);
  }

  private static ObjectNode gvk(String group, String version, String kind) {
    ObjectNode node = Json.object();
    node.put("group", group);
    node.put("version", version);
    node.put("kind", kind);
    return node;
  }

  private static ObjectNode gvr(String group, String version, String resource) {
    ObjectNode node = Json.object();
    node.put("group", group);
    node.put("version", version);
    node.put("resource", resource);
    return node;
  }

  private static void putIfNotEmpty(ObjectNode node, String field, String value) {
    if (value != null && !value.isEmpty()) {
      node.put(field, value);
    }
  }

  private static ObjectNode userInfo(UserInfo user) {
    ObjectNode node = Json.object();
    node.put("username", user.name());
    if (!user.uid().isEmpty()) {
      node.put("uid", user.uid());
    }
    if (!user.groups().isEmpty()) {
      ArrayNode groups = node.putArray("groups");
      user.groups().forEach(groups::add);
    }
    if (!user.extra().isEmpty()) {
      ObjectNode extra = node.putObject("extra");
      new TreeMap<>(user.extra()).forEach((k, v) -> {
        ArrayNode values = extra.putArray(k);
        v.forEach(values::add);
      });
    }
    return node;
  }

  /**
   * VerifyAdmissionResponse: the same uid and review type came back, and a patch only with its type.
   *
   * @throws IllegalArgumentException with Kubernetes' reason when the response is not usable
   */
  static Response verify(Review sent, JsonNode body, boolean mutating) {
    JsonNode response = body.get("response");
    if (response == null || response.isNull()) {
      throw new IllegalArgumentException("webhook response was absent");
    }
    String uid = response.path("uid").asText("");
    if (!uid.equals(sent.uid())) {
      throw new IllegalArgumentException("expected response.uid=\"" + sent.uid() + "\", got \"" + uid + "\"");
    }
    String expected = "admission.k8s.io/" + sent.version() + ", Kind=AdmissionReview";
    String got = body.path("apiVersion").asText("") + ", Kind=" + body.path("kind").asText("");
    if (!expected.equals(got)) {
      throw new IllegalArgumentException("expected webhook response of " + expected + ", got " + got);
    }
    byte[] patch = null;
    String patchType = "";
    if (mutating) {
      String encoded = response.path("patch").asText("");
      patchType = response.path("patchType").asText("");
      if (!encoded.isEmpty()) {
        try {
          patch = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("illegal base64 data in response.patch: " + e.getMessage());
        }
      }
      if (patch != null && patchType.isEmpty()) {
        throw new IllegalArgumentException("webhook returned response.patch but not response.patchType");
      }
      if (!patchType.isEmpty() && patch == null) {
        throw new IllegalArgumentException("webhook returned response.patchType but not response.patch");
      }
    }
    List<String> warnings = new ArrayList<>();
    response.path("warnings").forEach(w -> warnings.add(w.asText()));
    Map<String, String> annotations = new TreeMap<>();
    response.path("auditAnnotations").fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
    JsonNode result = response.get("status");
    return new Response(
        response.path("allowed").asBoolean(false),
        result instanceof ObjectNode status ? status : null,
        patch,
        patchType,
        warnings,
        annotations);
  }

  record Review(String uid, String version, ObjectNode body) {}

  record Response(
      boolean allowed, ObjectNode status, byte[] patch, String patchType, List<String> warnings, Map<String, String> auditAnnotations) {}
}
