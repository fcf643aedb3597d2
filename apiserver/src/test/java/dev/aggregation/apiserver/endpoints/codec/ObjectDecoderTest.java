package dev.aggregation.apiserver.endpoints.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.FieldError;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import dev.aggregation.apiserver.registry.VersionDefinition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Typed decoding of request bodies: unknown fields at every depth, type errors, apiVersion/kind, fieldValidation. */
class ObjectDecoderTest {
  private static final String SCHEMA = """
      {"type":"object","properties":{
        "spec":{"type":"object","properties":{
          "size":{"type":"integer"},
          "ratio":{"type":"number"},
          "name":{"type":"string"},
          "enabled":{"type":"boolean"},
          "port":{"x-kubernetes-int-or-string":true},
          "items":{"type":"array","items":{"type":"object","properties":{"key":{"type":"string"}}}},
          "tags":{"type":"array","items":{"type":"string"}},
          "byName":{"type":"object","additionalProperties":{"type":"object","properties":{"value":{"type":"string"}}}},
          "free":{"type":"object","additionalProperties":true},
          "raw":{"type":"object","x-kubernetes-preserve-unknown-fields":true},
          "nested":{"type":"object","properties":{"inner":{"type":"object","properties":{"leaf":{"type":"string"}}}}}
        }},
        "status":{"type":"object","properties":{"phase":{"type":"string"}}}
      }}""";

  private static final VersionDefinition V1 = new VersionDefinition() {
    @Override public String name() { return "v1"; }
    @Override public ObjectNode schema() { return Json.readObject(SCHEMA.getBytes(StandardCharsets.UTF_8)); }
    @Override public ObjectNode toHub(ObjectNode object) { return object; }
    @Override public ObjectNode fromHub(ObjectNode hub) { return hub; }
  };

  private static final ResourceStrategy WIDGETS = new ResourceStrategy() {
    @Override public String group() { return "test.example.com"; }
    @Override public String kind() { return "Widget"; }
    @Override public String resource() { return "widgets"; }
    @Override public String singular() { return "widget"; }
    @Override public boolean namespaced() { return true; }
    @Override public List<VersionDefinition> versions() { return List.of(V1); }
    @Override public String storageVersion() { return "v1"; }
    @Override public List<FieldError> validate(ObjectNode hub) { return List.of(); }
  };

  private final ObjectDecoder decoder = new ObjectDecoder();

  private ObjectDecoder.Decoded decode(String body, FieldValidation validation) {
    return decoder.decode(body.getBytes(StandardCharsets.UTF_8), "application/json", WIDGETS, V1, validation);
  }

  private ObjectDecoder.Decoded decodeSpec(String spec, FieldValidation validation) {
    return decode("{\"apiVersion\":\"test.example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"},\"spec\":" + spec + "}", validation);
  }

  private static ApiException badRequest(Runnable call) {
    try {
      call.run();
    } catch (ApiException e) {
      assertThat(e.code()).isEqualTo(400);
      assertThat(e.reason()).isEqualTo("BadRequest");
      return e;
    }
    throw new AssertionError("expected a 400");
  }

  // ------------------------------------------------------------------ unknown fields

  @Test
  void warnsAboutUnknownFieldsAtEveryDepthAndDropsThem() {
    ObjectDecoder.Decoded decoded = decodeSpec("""
        {"size":1,"bogus":1,
         "nested":{"inner":{"leaf":"x","deep":true},"odd":1},
         "items":[{"key":"a"},{"key":"b","extra":2}],
         "byName":{"one":{"value":"v","stray":3}}}""", FieldValidation.WARN);

    assertThat(decoded.warnings())
        .containsExactlyInAnyOrder(
            "unknown field \"spec.bogus\"",
            "unknown field \"spec.nested.inner.deep\"",
            "unknown field \"spec.nested.odd\"",
            "unknown field \"spec.items[1].extra\"",
            "unknown field \"spec.byName.one.stray\"");
    ObjectNode spec = (ObjectNode) decoded.object().get("spec");
    assertThat(spec.has("bogus")).isFalse();
    assertThat(spec.at("/nested/inner").has("deep")).isFalse();
    assertThat(spec.at("/items/1").has("extra")).isFalse();
    assertThat(spec.at("/byName/one").has("stray")).isFalse();
    assertThat(spec.at("/byName/one/value").asText()).isEqualTo("v");
  }

  @Test
  void warnsAboutUnknownTopLevelAndMetadataFields() {
    ObjectDecoder.Decoded decoded = decode(
        "{\"apiVersion\":\"test.example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\",\"colour\":\"red\"},\"extra\":{}}",
        FieldValidation.WARN);

    assertThat(decoded.warnings()).containsExactlyInAnyOrder("unknown field \"metadata.colour\"", "unknown field \"extra\"");
    assertThat(decoded.object().has("extra")).isFalse();
    assertThat(decoded.object().get("metadata").has("colour")).isFalse();
  }

  @Test
  void keepsWhatTheSchemaPreserves() {
    ObjectDecoder.Decoded decoded =
        decodeSpec("{\"free\":{\"anything\":{\"goes\":1}},\"raw\":{\"a\":[1,{\"b\":2}]}}", FieldValidation.STRICT);

    assertThat(decoded.warnings()).isEmpty();
    assertThat(decoded.object().at("/spec/free/anything/goes").asInt()).isEqualTo(1);
    assertThat(decoded.object().at("/spec/raw/a/1/b").asInt()).isEqualTo(2);
  }

  @Test
  void refusesUnknownFieldsUnderStrictValidation() {
    ApiException e = badRequest(() -> decodeSpec("{\"bogus\":1,\"nested\":{\"odd\":1}}", FieldValidation.STRICT));

    assertThat(e.getMessage())
        .isEqualTo(
            "Widget in version \"v1\" cannot be handled as a Widget: strict decoding error: unknown field \"spec.bogus\", unknown field \"spec.nested.odd\"");
  }

  @Test
  void dropsUnknownFieldsSilentlyUnderIgnore() {
    ObjectDecoder.Decoded decoded = decodeSpec("{\"size\":1,\"bogus\":1}", FieldValidation.IGNORE);

    assertThat(decoded.warnings()).isEmpty();
    assertThat(decoded.object().get("spec").has("bogus")).isFalse();
  }

  @Test
  void refusesDuplicateFieldsUnderStrictValidation() {
    ApiException e = badRequest(() -> decode(
        "{\"apiVersion\":\"test.example.com/v1\",\"kind\":\"Widget\",\"spec\":{\"size\":1,\"size\":2}}", FieldValidation.STRICT));

    assertThat(e.getMessage()).isEqualTo("Widget in version \"v1\" cannot be handled as a Widget: strict decoding error: duplicate field \"spec.size\"");
  }

  @Test
  void letsTheLastDuplicateWinOtherwise() {
    ObjectDecoder.Decoded decoded = decode(
        "{\"apiVersion\":\"test.example.com/v1\",\"kind\":\"Widget\",\"spec\":{\"size\":1,\"size\":2}}", FieldValidation.IGNORE);

    assertThat(decoded.object().at("/spec/size").asInt()).isEqualTo(2);
  }

  @Test
  void namesEveryDuplicateByItsPathUnderStrictValidation() {
    ApiException e = badRequest(() -> decode(
        "{\"kind\":\"Widget\",\"spec\":{\"items\":[{\"key\":\"a\",\"key\":\"b\"}]},\"kind\":\"Widget\"}", FieldValidation.STRICT));

    assertThat(e.getMessage())
        .isEqualTo("Widget in version \"v1\" cannot be handled as a Widget: strict decoding error: duplicate field \"spec.items[0].key\", duplicate field \"kind\"");
  }

  @Test
  void warnsAboutDuplicateFieldsUnderWarn() {
    ObjectDecoder.Decoded decoded = decode(
        "{\"apiVersion\":\"test.example.com/v1\",\"kind\":\"Widget\",\"spec\":{\"size\":1,\"size\":2,\"bogus\":0}}",
        FieldValidation.WARN);

    assertThat(decoded.warnings()).containsExactly("duplicate field \"spec.size\"", "unknown field \"spec.bogus\"");
    assertThat(decoded.object().at("/spec/size").asInt()).isEqualTo(2);
  }

  // ------------------------------------------------------------------ types

  @Test
  void namesTheFieldAndTypesOfAMismatch() {
    assertThat(badRequest(() -> decodeSpec("{\"size\":\"big\"}", FieldValidation.WARN)).getMessage())
        .isEqualTo("Widget in version \"v1\" cannot be handled as a Widget: json: cannot unmarshal string into Go struct field .spec.size of type int64");
    assertThat(badRequest(() -> decodeSpec("{\"name\":5}", FieldValidation.WARN)).getMessage())
        .endsWith("cannot unmarshal number into Go struct field .spec.name of type string");
    assertThat(badRequest(() -> decodeSpec("{\"enabled\":\"yes\"}", FieldValidation.WARN)).getMessage())
        .endsWith("cannot unmarshal string into Go struct field .spec.enabled of type bool");
    assertThat(badRequest(() -> decodeSpec("{\"tags\":\"a\"}", FieldValidation.WARN)).getMessage())
        .endsWith("cannot unmarshal string into Go struct field .spec.tags of type array");
    assertThat(badRequest(() -> decodeSpec("{\"items\":[5]}", FieldValidation.WARN)).getMessage())
        .endsWith("cannot unmarshal number into Go struct field .spec.items[0] of type object");
    assertThat(badRequest(() -> decodeSpec("{\"port\":true}", FieldValidation.WARN)).getMessage())
        .endsWith("cannot unmarshal bool into Go struct field .spec.port of type intstr.IntOrString");
  }

  @Test
  void reportsAFractionForAnIntegerWithItsValue() {
    assertThat(badRequest(() -> decodeSpec("{\"size\":1.5}", FieldValidation.WARN)).getMessage())
        .endsWith("cannot unmarshal number 1.5 into Go struct field .spec.size of type int64");
  }

  @Test
  void acceptsIntegersForNumbersAndBothFormsOfIntOrString() {
    ObjectDecoder.Decoded decoded = decodeSpec("{\"ratio\":2,\"port\":\"http\"}", FieldValidation.STRICT);

    assertThat(decoded.object().at("/spec/ratio").asInt()).isEqualTo(2);
    assertThat(decodeSpec("{\"port\":8080}", FieldValidation.STRICT).object().at("/spec/port").asInt()).isEqualTo(8080);
  }

  @Test
  void acceptsNullForAnyField() {
    assertThat(decodeSpec("{\"size\":null,\"nested\":null}", FieldValidation.STRICT).warnings()).isEmpty();
  }

  @Test
  void checksTheTypesOfMetadata() {
    ApiException e = badRequest(() -> decode(
        "{\"apiVersion\":\"test.example.com/v1\",\"kind\":\"Widget\",\"metadata\":\"w\"}", FieldValidation.WARN));
    ApiException labels = badRequest(() -> decode(
        "{\"apiVersion\":\"test.example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"labels\":[\"a\"]}}", FieldValidation.WARN));

    assertThat(e.getMessage())
        .isEqualTo("Widget in version \"v1\" cannot be handled as a Widget: json: cannot unmarshal string into Go struct field .metadata of type v1.ObjectMeta");
    assertThat(labels.getMessage()).startsWith("Widget in version \"v1\" cannot be handled as a Widget: json: cannot unmarshal metadata");
  }

  // ------------------------------------------------------------------ apiVersion and kind

  @Test
  void defaultsApiVersionAndKindFromTheUrl() {
    ObjectNode object = decode("{\"metadata\":{\"name\":\"w\"}}", FieldValidation.STRICT).object();

    assertThat(object.get("apiVersion").asText()).isEqualTo("test.example.com/v1");
    assertThat(object.get("kind").asText()).isEqualTo("Widget");
  }

  @Test
  void refusesAnotherApiVersion() {
    ApiException e = badRequest(() -> decode("{\"apiVersion\":\"test.example.com/v2\",\"kind\":\"Widget\"}", FieldValidation.WARN));

    assertThat(e.getMessage())
        .isEqualTo("the API version in the data (test.example.com/v2) does not match the expected API version (test.example.com/v1)");
  }

  @Test
  void refusesAnotherKind() {
    ApiException e = badRequest(() -> decode("{\"apiVersion\":\"test.example.com/v1\",\"kind\":\"Gadget\"}", FieldValidation.WARN));

    assertThat(e.getMessage()).contains("Gadget").contains("Widget");
  }

  // ------------------------------------------------------------------ bodies

  @Test
  void decodesYamlBodies() {
    String yaml = """
        apiVersion: test.example.com/v1
        kind: Widget
        metadata:
          name: w
        spec:
          size: 3
          bogus: true
        """;

    ObjectDecoder.Decoded decoded =
        decoder.decode(yaml.getBytes(StandardCharsets.UTF_8), "application/yaml", WIDGETS, V1, FieldValidation.WARN);

    assertThat(decoded.object().at("/spec/size").asInt()).isEqualTo(3);
    assertThat(decoded.warnings()).containsExactly("unknown field \"spec.bogus\"");
  }

  @Test
  void refusesBodiesOfOtherMediaTypes() {
    ApiException e;
    try {
      decoder.decode("x".getBytes(StandardCharsets.UTF_8), "text/plain", WIDGETS, V1, FieldValidation.WARN);
      throw new AssertionError("expected a 415");
    } catch (ApiException thrown) {
      e = thrown;
    }

    assertThat(e.code()).isEqualTo(415);
    assertThat(e.getMessage())
        .isEqualTo("the body of the request was in an unknown format - accepted media types include: application/json, application/yaml");
  }

  @Test
  void refusesMalformedJson() {
    assertThat(badRequest(() -> decode("{\"spec\":", FieldValidation.WARN)).getMessage())
        .startsWith("couldn't get version/kind; json parse error: ");
  }
}
