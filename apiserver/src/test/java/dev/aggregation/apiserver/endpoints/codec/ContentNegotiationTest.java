package dev.aggregation.apiserver.endpoints.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.endpoints.codec.ResponseFormat.Encoding;
import dev.aggregation.apiserver.endpoints.codec.ResponseFormat.Shape;
import dev.aggregation.apiserver.machinery.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ContentNegotiationTest {
  private static final String TABLE_V1 = "application/json;as=Table;v=v1;g=meta.k8s.io";
  private static final String TABLE_V1BETA1 = "application/json;as=Table;v=v1beta1;g=meta.k8s.io";
  /** What kubectl get sends. */
  private static final String KUBECTL_GET = TABLE_V1 + "," + TABLE_V1BETA1 + ",application/json";

  private final ContentNegotiation negotiation = new ContentNegotiation();

  private ResponseFormat single(String accept) {
    return negotiation.negotiate(accept, false, "flunders");
  }

  private ResponseFormat list(String accept) {
    return negotiation.negotiate(accept, true, "flunders");
  }

  private static ApiException notAcceptable(Runnable call) {
    try {
      call.run();
    } catch (ApiException e) {
      assertThat(e.code()).isEqualTo(406);
      assertThat(e.reason()).isEqualTo("NotAcceptable");
      return e;
    }
    throw new AssertionError("expected a 406");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"*/*", "application/json", "application/*", "*", "text/html, */*;q=0.1", "application/json;pretty=1"})
  void servesThePlainObjectAsJsonByDefault(String accept) {
    assertThat(single(accept)).isEqualTo(ResponseFormat.JSON);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/yaml", "application/x-yaml", "text/yaml", "application/yaml, application/json;q=0.5"})
  void servesYamlWhenPreferred(String accept) {
    assertThat(single(accept)).isEqualTo(new ResponseFormat(Shape.OBJECT, Encoding.YAML, ""));
  }

  @Test
  void followsQualityValues() {
    assertThat(single("application/yaml;q=0.4, application/json;q=0.9")).isEqualTo(ResponseFormat.JSON);
    assertThat(single("application/json;q=0.4, application/yaml")).extracting(ResponseFormat::encoding).isEqualTo(Encoding.YAML);
  }

  @Test
  void skipsRefusedRanges() {
    assertThat(single("application/yaml;q=0, application/json;q=0.1")).isEqualTo(ResponseFormat.JSON);
  }

  @Test
  void givesAConcreteTypePrecedenceOverAWildcardOfEqualQuality() {
    assertThat(single("*/*, application/yaml")).extracting(ResponseFormat::encoding).isEqualTo(Encoding.YAML);
  }

  @Test
  void keepsTheClientsOrderBetweenRangesOfTheSameType() {
    assertThat(list("application/json, " + TABLE_V1)).isEqualTo(ResponseFormat.JSON);
    assertThat(list(TABLE_V1 + ", application/json").shape()).isEqualTo(Shape.TABLE);
  }

  @Test
  void servesTablesInBothMetaVersions() {
    assertThat(list(KUBECTL_GET)).isEqualTo(new ResponseFormat(Shape.TABLE, Encoding.JSON, "v1"));
    assertThat(single(TABLE_V1BETA1 + ",application/json")).isEqualTo(new ResponseFormat(Shape.TABLE, Encoding.JSON, "v1beta1"));
  }

  @Test
  void servesTablesAsYamlToo() {
    assertThat(list("application/yaml;as=Table;v=v1;g=meta.k8s.io")).isEqualTo(new ResponseFormat(Shape.TABLE, Encoding.YAML, "v1"));
  }

  @Test
  void servesPartialObjectMetadataForSingleObjectsAndItsListForLists() {
    String accept = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1";
    String listAccept = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";

    assertThat(single(accept)).isEqualTo(new ResponseFormat(Shape.PARTIAL_OBJECT_METADATA, Encoding.JSON, "v1"));
    assertThat(list(listAccept)).isEqualTo(new ResponseFormat(Shape.PARTIAL_OBJECT_METADATA_LIST, Encoding.JSON, "v1"));
  }

  @Test
  void fallsBackAlongTheHeaderWhenAPartialObjectMetadataShapeDoesNotFit() {
    String metadataClient = "application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,"
        + "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";

    assertThat(single(metadataClient)).isEqualTo(ResponseFormat.JSON);
    assertThat(list(metadataClient).shape()).isEqualTo(Shape.PARTIAL_OBJECT_METADATA_LIST);
  }

  @Test
  void skipsConversionsToOtherGroupsOrVersions() {
    assertThat(list("application/json;as=Table;v=v2;g=meta.k8s.io, application/json")).isEqualTo(ResponseFormat.JSON);
    assertThat(list("application/json;as=Table;v=v1;g=example.com, application/json")).isEqualTo(ResponseFormat.JSON);
    assertThat(list("application/json;g=meta.k8s.io;v=v1, application/json")).isEqualTo(ResponseFormat.JSON);
  }

  @Test
  void refusesATransformationItCannotMake() {
    ApiException e = notAcceptable(() -> list("application/json;as=Scale;v=v1;g=meta.k8s.io"));

    assertThat(e.getMessage()).isEqualTo("the resource flunders does not support being converted to a Scale");
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/vnd.kubernetes.protobuf", "text/html", "garbage", "application/json;q=0", "application/cbor"})
  void refusesMediaTypesItCannotProduce(String accept) {
    ApiException e = notAcceptable(() -> single(accept));

    assertThat(e.getMessage()).isEqualTo("only the following media types are accepted: application/json, application/yaml");
  }

  @Test
  void streamsWatchEventsAsJson() {
    assertThat(negotiation.negotiateWatch("application/json", "flunders")).isEqualTo(ResponseFormat.JSON);
    assertThat(negotiation.negotiateWatch(null, "flunders")).isEqualTo(ResponseFormat.JSON);
    assertThat(negotiation.negotiateWatch(KUBECTL_GET, "flunders")).isEqualTo(new ResponseFormat(Shape.TABLE, Encoding.JSON, "v1"));
  }

  @Test
  void refusesWatchStreamsItCannotProduce() {
    ApiException e = notAcceptable(() -> negotiation.negotiateWatch("application/yaml", "flunders"));

    assertThat(e.getMessage()).isEqualTo("only the following media types are accepted: application/json");
  }
}
