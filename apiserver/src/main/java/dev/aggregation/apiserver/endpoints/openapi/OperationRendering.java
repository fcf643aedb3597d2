package dev.aggregation.apiserver.endpoints.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.Json;
import java.util.List;

/** Renders {@link PathItem}s as Swagger 2.0 or OpenAPI 3.0 path items, in kube-openapi's shapes. */
final class OperationRendering {
  private OperationRendering() {}

  static ObjectNode v2(PathItem item) {
    ObjectNode node = Json.object();
    for (Operation op : item.operations()) {
      ObjectNode o = node.putObject(op.method());
      o.put("description", op.description());
      if (op.body() != null) {
        strings(o.putArray("consumes"), op.body().mediaTypes());
      }
      strings(o.putArray("produces"), ResourceOperations.PRODUCES);
      o.putArray("schemes").add("https");
      o.putArray("tags").add(op.tag());
      o.put("operationId", op.operationId());
      ArrayNode parameters = o.putArray("parameters");
      if (op.body() != null) {
        ObjectNode body = parameters.addObject();
        body.put("name", "body");
        body.put("in", "body");
        body.put("required", op.body().required());
        body.set("schema", KindSchemas.ref(op.body().definition(), null));
      }
      op.parameters().forEach(p -> parameters.add(v2(p)));
      ObjectNode responses = o.putObject("responses");
      for (Operation.Response r : op.responses()) {
        ObjectNode response = responses.putObject(Integer.toString(r.code()));
        response.put("description", r.description());
        if (r.definition() != null) {
          response.set("schema", KindSchemas.ref(r.definition(), null));
        }
      }
      o.put("x-kubernetes-action", op.action());
      o.set(KindSchemas.GVK_EXTENSION, KindSchemas.gvk(op.gvk()));
    }
    ArrayNode shared = node.putArray("parameters");
    item.parameters().forEach(p -> shared.add(v2(p)));
    return node;
  }

  static ObjectNode v3(PathItem item) {
    ObjectNode node = Json.object();
    for (Operation op : item.operations()) {
      ObjectNode o = node.putObject(op.method());
      o.putArray("tags").add(op.tag());
      o.put("description", op.description());
      o.put("operationId", op.operationId());
      ArrayNode parameters = o.putArray("parameters");
      op.parameters().forEach(p -> parameters.add(v3(p)));
      if (op.body() != null) {
        ObjectNode body = o.putObject("requestBody");
        body.set("content", content(op.body().mediaTypes(), op.body().definition()));
        body.put("required", op.body().required());
      }
      ObjectNode responses = o.putObject("responses");
      for (Operation.Response r : op.responses()) {
        ObjectNode response = responses.putObject(Integer.toString(r.code()));
        response.put("description", r.description());
        if (r.definition() != null) {
          response.set("content", content(ResourceOperations.PRODUCES, r.definition()));
        }
      }
      o.put("x-kubernetes-action", op.action());
      o.set(KindSchemas.GVK_EXTENSION, KindSchemas.gvk(op.gvk()));
    }
    ArrayNode shared = node.putArray("parameters");
    item.parameters().forEach(p -> shared.add(v3(p)));
    return node;
  }

  private static ObjectNode v2(Parameter p) {
    ObjectNode node = Json.object();
    node.put("uniqueItems", true);
    node.put("type", p.type());
    node.put("description", p.description());
    node.put("name", p.name());
    node.put("in", p.in());
    if (p.required()) {
      node.put("required", true);
    }
    return node;
  }

  private static ObjectNode v3(Parameter p) {
    ObjectNode node = Json.object();
    node.put("name", p.name());
    node.put("in", p.in());
    node.put("description", p.description());
    if (p.required()) {
      node.put("required", true);
    }
    ObjectNode schema = node.putObject("schema");
    schema.put("type", p.type());
    schema.put("uniqueItems", true);
    return node;
  }

  private static ObjectNode content(List<String> mediaTypes, String definition) {
    ObjectNode content = Json.object();
    for (String mediaType : mediaTypes) {
      content.putObject(mediaType).putObject("schema").put("$ref", "#/components/schemas/" + definition);
    }
    return content;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
