package dev.aggregation.apiserver.endpoints.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.aggregation.apiserver.filters.StatusResponse;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/** Writes objects and Status errors as Kubernetes does: JSON (optionally pretty) or YAML, with warnings. */
public final class ResponseWriter {
  private final YAMLMapper yaml =
      YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build();
  private final ObjectWriter prettyJson = Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT);

  public void write(HttpServerResponse response, int code, JsonNode body, ResponseFormat.Encoding encoding, boolean pretty, List<String> warnings) {
    addWarnings(response, warnings);
    response.setStatusCode(code);
    response.putHeader("Content-Type", encoding.contentType());
    response.putHeader("Cache-Control", "no-cache, private");
    response.end(Buffer.buffer(encode(body, encoding, pretty)));
  }

  /** Writes a body encoded already (in {@code encoding}, as {@link #encode} would have). */
  public void writeEncoded(HttpServerResponse response, int code, Buffer body, ResponseFormat.Encoding encoding, List<String> warnings) {
    addWarnings(response, warnings);
    response.setStatusCode(code);
    response.putHeader("Content-Type", encoding.contentType());
    response.putHeader("Cache-Control", "no-cache, private");
    response.end(body);
  }

  public byte[] encode(Object body, ResponseFormat.Encoding encoding, boolean pretty) {
    try {
      if (encoding == ResponseFormat.Encoding.YAML) {
        return yaml.writeValueAsBytes(body);
      }
      return pretty
          ? prettyJson.writeValueAsBytes(body)
          : Json.mapper().writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode response", e);
    }
  }

  public void writeError(HttpServerResponse response, ApiException error) {
    StatusResponse.write(response, error);
  }

  public static void addWarnings(HttpServerResponse response, List<String> warnings) {
    for (String warning : warnings) {
      response.headers().add("Warning", "299 - \"" + warning.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }
  }
}
