package dev.aggregation.apiserver.registry.fieldmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.machinery.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldSetTest {
  /** managedFields[0].fieldsV1 of `kubectl create deployment nginx --image=nginx`, as kube-apiserver stores it. */
  private static final String REAL_DEPLOYMENT_FIELDS =
      "{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:app\":{}}},\"f:spec\":{\"f:progressDeadlineSeconds\":{},"
          + "\"f:replicas\":{},\"f:revisionHistoryLimit\":{},\"f:selector\":{},\"f:strategy\":{\"f:rollingUpdate\":"
          + "{\".\":{},\"f:maxSurge\":{},\"f:maxUnavailable\":{}},\"f:type\":{}},\"f:template\":{\"f:metadata\":"
          + "{\"f:labels\":{\".\":{},\"f:app\":{}}},\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"nginx\\\"}\":"
          + "{\".\":{},\"f:image\":{},\"f:imagePullPolicy\":{},\"f:name\":{},\"f:resources\":{},"
          + "\"f:terminationMessagePath\":{},\"f:terminationMessagePolicy\":{}}},\"f:dnsPolicy\":{},"
          + "\"f:restartPolicy\":{},\"f:schedulerName\":{},\"f:securityContext\":{},"
          + "\"f:terminationGracePeriodSeconds\":{}}}}}";

  /** A Service's ports and a Deployment's status conditions: multi-field keys with numbers, and "." on items. */
  private static final String REAL_KEYED_FIELDS =
      "{\"f:spec\":{\"f:ports\":{\".\":{},\"k:{\\\"port\\\":80,\\\"protocol\\\":\\\"TCP\\\"}\":{\".\":{},"
          + "\"f:port\":{},\"f:protocol\":{},\"f:targetPort\":{}}}},\"f:status\":{\"f:conditions\":{\".\":{},"
          + "\"k:{\\\"type\\\":\\\"Available\\\"}\":{\".\":{},\"f:lastTransitionTime\":{},\"f:status\":{},"
          + "\"f:type\":{}}}}}";

  @Test
  void roundTripsTheFieldsV1OfARealDeploymentByteForByte() throws Exception {
    JsonNode fields = Json.mapper().readTree(REAL_DEPLOYMENT_FIELDS);

    FieldSet set = FieldSet.fromFieldsV1(fields);

    assertThat(Json.mapper().writeValueAsString(set.toFieldsV1())).isEqualTo(REAL_DEPLOYMENT_FIELDS);
  }

  @Test
  void roundTripsKeyedListItemsByteForByte() throws Exception {
    FieldSet set = FieldSet.fromFieldsV1(Json.mapper().readTree(REAL_KEYED_FIELDS));

    assertThat(Json.mapper().writeValueAsString(set.toFieldsV1())).isEqualTo(REAL_KEYED_FIELDS);
  }

  @Test
  void writesSelfMarkerFirstAndElementsInKubernetesOrder() throws Exception {
    JsonNode unordered =
        Json.mapper()
            .readTree(
                "{\"f:spec\":{\"v:\\\"b\\\"\":{},\"i:1\":{},\"k:{\\\"name\\\":\\\"a\\\"}\":{},\"f:z\":{},"
                    + "\"f:a\":{\"f:x\":{},\".\":{}}}}");

    String written = Json.mapper().writeValueAsString(FieldSet.fromFieldsV1(unordered).toFieldsV1());

    assertThat(written)
        .isEqualTo(
            "{\"f:spec\":{\"f:a\":{\".\":{},\"f:x\":{}},\"f:z\":{},\"k:{\\\"name\\\":\\\"a\\\"}\":{},"
                + "\"v:\\\"b\\\"\":{},\"i:1\":{}}}");
  }

  @Test
  void sortsKeyFieldsByNameAndEscapesValuesAsGoDoes() {
    Map<String, JsonNode> key = new LinkedHashMap<>();
    key.put("protocol", Json.mapper().getNodeFactory().textNode("<TCP>"));
    key.put("port", Json.mapper().getNodeFactory().numberNode(80));

    assertThat(PathElement.key(key).serialize()).isEqualTo("k:{\"port\":80,\"protocol\":\"\\u003cTCP\\u003e\"}");
  }

  @Test
  void printsPathsAsConflictMessagesDo() {
    Map<String, JsonNode> key = new LinkedHashMap<>();
    key.put("protocol", Json.mapper().getNodeFactory().textNode("TCP"));
    key.put("port", Json.mapper().getNodeFactory().numberNode(80));
    FieldPath path =
        FieldPath.fields("spec", "ports").child(PathElement.key(key)).child(PathElement.field("name"));

    assertThat(path).hasToString(".spec.ports[port=80,protocol=\"TCP\"].name");
    assertThat(FieldPath.fields("metadata", "finalizers").child(PathElement.value(Json.mapper().getNodeFactory().textNode("a"))))
        .hasToString(".metadata.finalizers[=\"a\"]");
  }

  @Test
  void differenceIsPathWiseNotRecursive() {
    FieldSet set = FieldSet.of(FieldPath.fields("spec"), FieldPath.fields("spec", "replicas"));

    FieldSet rest = set.difference(FieldSet.of(FieldPath.fields("spec")));

    assertThat(rest).isEqualTo(FieldSet.of(FieldPath.fields("spec", "replicas")));
  }

  @Test
  void unionAndIntersectionCombineLevels() {
    FieldSet a = FieldSet.of(FieldPath.fields("spec", "a"), FieldPath.fields("spec", "b"));
    FieldSet b = FieldSet.of(FieldPath.fields("spec", "b"), FieldPath.fields("status", "c"));

    assertThat(a.intersection(b)).isEqualTo(FieldSet.of(FieldPath.fields("spec", "b")));
    assertThat(a.union(b).paths())
        .containsExactly(FieldPath.fields("spec", "a"), FieldPath.fields("spec", "b"), FieldPath.fields("status", "c"));
  }

  @Test
  void ignoresUnknownPathElementKindsLikeKubernetes() throws Exception {
    FieldSet set = FieldSet.fromFieldsV1(Json.mapper().readTree("{\"x:future\":{},\"f:spec\":{}}"));

    assertThat(set).isEqualTo(FieldSet.of(FieldPath.fields("spec")));
  }
}
