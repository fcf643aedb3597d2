package dev.aggregation.apiserver.endpoints.codec;

import static dev.aggregation.apiserver.fuzz.Outcomes.succeedsOrIsClientError;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.apis.wardle.WardleApi;
import dev.aggregation.apiserver.fuzz.JsonArbitraries;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import dev.aggregation.apiserver.registry.VersionDefinition;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Request bodies of every shape, for every served kind and version, in JSON and YAML, under each fieldValidation:
 * decoding succeeds or is an ApiException with a 4xx code, never anything else.
 */
class ObjectDecoderProperties {
  private final ObjectDecoder decoder = new ObjectDecoder();

  record Target(ResourceStrategy strategy, VersionDefinition version) {
    @Override
    public String toString() {
      return strategy.kind() + "/" + version.name();
    }
  }

  @Provide
  Arbitrary<Target> targets() {
    return Arbitraries.of(WardleApi.group().resources())
        .flatMap(strategy -> Arbitraries.of(strategy.versions()).map(version -> new Target(strategy, version)));
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    Arbitrary<ObjectNode> objects = JsonArbitraries.objects(4);
    Arbitrary<ObjectNode> flunderLike = Combinators.combine(
            Arbitraries.of("wardle.example.com/v1alpha1", "wardle.example.com/v1beta1", "v1", ""),
            Arbitraries.of("Flunder", "Fischer", "Status", ""), JsonArbitraries.objects(3), JsonArbitraries.objects(3))
        .as((apiVersion, kind, metadata, spec) -> {
          ObjectNode node = JsonNodeFactory.instance.objectNode();
          node.put("apiVersion", apiVersion);
          node.put("kind", kind);
          node.set("metadata", metadata);
          node.set("spec", spec);
          return node;
        });
    Arbitrary<byte[]> trees = Arbitraries.oneOf(objects, flunderLike, JsonArbitraries.values(3).map(n -> {
      ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
      wrapper.set("spec", n);
      return wrapper;
    })).map(node -> node.toString().getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
    Arbitrary<byte[]> text = Arbitraries.strings().ofMaxLength(64).map(s -> s.getBytes(StandardCharsets.UTF_8));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, trees), net.jqwik.api.Tuple.of(2, raw), net.jqwik.api.Tuple.of(2, text));
  }

  @Property
  void anyBodyDecodesOrIsAClientError(
      @ForAll("bodies") byte[] body,
      @ForAll("targets") Target target,
      @ForAll FieldValidation validation,
      @ForAll("contentTypes") String contentType) {
    succeedsOrIsClientError(() -> decoder.decode(body, contentType, target.strategy(), target.version(), validation));
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.of("application/json", "application/yaml", "application/json; charset=utf-8", "text/plain", "", "application/json;;",
        "*/*", "application/vnd.kubernetes.protobuf");
  }
}
