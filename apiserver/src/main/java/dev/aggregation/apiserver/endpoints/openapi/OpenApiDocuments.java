package dev.aggregation.apiserver.endpoints.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.GroupVersionKind;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.registry.ApiGroup;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the Swagger 2.0 document of the whole server and the OpenAPI 3.0 document of each group version
 * from the kinds' strategies and the standard {@code meta/v1} definitions (kept as a resource, in the 2.0
 * form: {@code meta-v1-definitions.json}).
 */
final class OpenApiDocuments {
  private static final String META_RESOURCE = "meta-v1-definitions.json";
  /** meta/v1 kinds that every group version registers, so their definitions name each group version. */
  private static final List<String> PER_GROUP_VERSION_KINDS = List.of("DeleteOptions", "WatchEvent");

  private final ObjectNode metaDefinitions;
  private final OpenApiInfo info;

  OpenApiDocuments(OpenApiInfo info) {
    this.info = info;
    this.metaDefinitions = loadMeta();
  }

  private static ObjectNode loadMeta() {
    try (InputStream in = OpenApiDocuments.class.getResourceAsStream(META_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the classpath has no " + META_RESOURCE + " beside " + OpenApiDocuments.class.getName());
      }
      return (ObjectNode) Json.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + META_RESOURCE, e);
    }
  }

  /** A group version whose kinds a document describes. */
  record GroupVersion(ApiGroup group, String version) {
    List<ResourceStrategy> resources() {
      return group.resourcesIn(version);
    }
  }

  ObjectNode v2(List<ApiGroup> groups) {
    List<GroupVersion> gvs = new ArrayList<>();
    groups.forEach(g -> g.versionsByPreference().forEach(v -> gvs.add(new GroupVersion(g, v))));

    ObjectNode doc = Json.object();
    doc.put("swagger", "2.0");
    doc.set("info", info());
    Map<String, JsonNode> paths = new TreeMap<>();
    for (GroupVersion gv : gvs) {
      for (ResourceStrategy strategy : gv.resources()) {
        new ResourceOperations(strategy, gv.version()).paths().forEach(p -> paths.put(p.path(), OperationRendering.v2(p)));
      }
    }
    doc.set("paths", object(paths));
    Map<String, JsonNode> definitions = definitions(gvs);
    definitions.replaceAll((name, schema) -> V3Conversion.toV2(schema));
    doc.set("definitions", object(definitions));
    ObjectNode bearer = doc.putObject("securityDefinitions").putObject("BearerToken");
    bearerToken(bearer);
    doc.putArray("security").addObject().putArray("BearerToken");
    return doc;
  }

  ObjectNode v3(ApiGroup group, String version) {
    GroupVersion gv = new GroupVersion(group, version);
    ObjectNode doc = Json.object();
    doc.put("openapi", "3.0.0");
    doc.set("info", info());
    Map<String, JsonNode> paths = new TreeMap<>();
    for (ResourceStrategy strategy : gv.resources()) {
      new ResourceOperations(strategy, version).paths().forEach(p -> paths.put(p.path(), OperationRendering.v3(p)));
    }
    doc.set("paths", object(paths));
    ObjectNode components = doc.putObject("components");
    Map<String, JsonNode> schemas = definitions(List.of(gv));
    schemas.replaceAll((name, schema) -> V3Conversion.toV3(schema));
    components.set("schemas", object(schemas));
    bearerToken(components.putObject("securitySchemes").putObject("BearerToken"));
    doc.putArray("security").addObject().putArray("BearerToken");
    return doc;
  }

  private Map<String, JsonNode> definitions(List<GroupVersion> gvs) {
    Map<String, JsonNode> definitions = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = metaDefinitions.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      definitions.put(e.getKey(), e.getValue().deepCopy());
    }
    ((ObjectNode) definitions.get(DefinitionNames.STATUS))
        .set(KindSchemas.GVK_EXTENSION, KindSchemas.gvks(List.of(new GroupVersionKind("", "v1", "Status"))));
    for (String kind : PER_GROUP_VERSION_KINDS) {
      List<GroupVersionKind> gvks = new ArrayList<>();
      gvks.add(new GroupVersionKind("", "v1", kind));
      gvs.forEach(gv -> gvks.add(new GroupVersionKind(gv.group().name(), gv.version(), kind)));
      ((ObjectNode) definitions.get(DefinitionNames.META + kind)).set(KindSchemas.GVK_EXTENSION, KindSchemas.gvks(gvks));
    }
    for (GroupVersion gv : gvs) {
      for (ResourceStrategy strategy : gv.resources()) {
        definitions.put(
            DefinitionNames.kind(strategy.group(), gv.version(), strategy.kind()),
            KindSchemas.kind(strategy, strategy.version(gv.version())));
        definitions.put(
            DefinitionNames.kind(strategy.group(), gv.version(), strategy.listKind()),
            KindSchemas.list(strategy, gv.version()));
      }
    }
    return definitions;
  }

  private ObjectNode info() {
    ObjectNode node = Json.object();
    node.put("title", info.title());
    node.put("version", info.version());
    return node;
  }

  private static void bearerToken(ObjectNode scheme) {
    scheme.put("type", "apiKey");
    scheme.put("description", "Bearer Token authentication");
    scheme.put("name", "authorization");
    scheme.put("in", "header");
  }

  private static ObjectNode object(Map<String, JsonNode> entries) {
    ObjectNode node = Json.object();
    entries.forEach(node::set);
    return node;
  }
}
