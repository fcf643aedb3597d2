package dev.aggregation.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.endpoints.codec.FieldValidation;
import dev.aggregation.apiserver.endpoints.codec.ObjectDecoder;
import dev.aggregation.apiserver.endpoints.codec.ResponseFormat;
import dev.aggregation.apiserver.endpoints.codec.ResponseWriter;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import dev.aggregation.apiserver.registry.VersionDefinition;
import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A request body's decode (parse, apiVersion/kind checks, schema pruning, fieldValidation=Strict) and a
 * response's encode, each against plain Jackson doing only the parse or the write of the same bytes.
 */
@State(Scope.Benchmark)
public class CodecBenchmark {
  private final ObjectMapper plain = new ObjectMapper();
  private final ObjectDecoder decoder = new ObjectDecoder();
  private final ResponseWriter writer = new ResponseWriter();
  private ResourceStrategy strategy;
  private VersionDefinition v1beta1;
  private byte[] body;
  private ObjectNode tree;

  @Setup
  public void setUp() {
    strategy = Fixtures.flunders();
    v1beta1 = Fixtures.version(strategy, "v1beta1");
    body = Fixtures.flunderJson("wardle.example.com/v1beta1", "bench");
    tree = Fixtures.flunderTree("wardle.example.com/v1beta1", "bench");
  }

  @Benchmark
  public JsonNode decodeBaselineJacksonReadTree() throws IOException {
    return plain.readTree(body);
  }

  @Benchmark
  public ObjectDecoder.Decoded decodeAndPrune() {
    return decoder.decode(body, "application/json", strategy, v1beta1, FieldValidation.STRICT);
  }

  @Benchmark
  public byte[] encodeBaselineJacksonWrite() throws IOException {
    return plain.writeValueAsBytes(tree);
  }

  @Benchmark
  public byte[] encode() {
    return writer.encode(tree, ResponseFormat.Encoding.JSON, false);
  }
}
