package dev.aggregation.apiserver.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.Json;
import java.net.http.HttpHeaders;
import java.util.List;

/** A whole HTTP response of the test server. */
public record Reply(int status, HttpHeaders headers, String body) {
  /** The body as a JSON object; fails the test with the body in the message when it is not one. */
  public ObjectNode json() {
    try {
      if (Json.mapper().readTree(body) instanceof ObjectNode object) {
        return object;
      }
    } catch (JsonProcessingException e) {
      throw new AssertionError("the body of a " + status + " response is not JSON: " + body, e);
    }
    throw new AssertionError("the body of a " + status + " response is not a JSON object: " + body);
  }

  public String header(String name) {
    return headers.firstValue(name).orElse(null);
  }

  public List<String> headerValues(String name) {
    return headers.allValues(name);
  }

  @Override
  public String toString() {
    return status + " " + body;
  }
}
