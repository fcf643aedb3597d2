package dev.aggregation.apiserver.endpoints.openapi;

import dev.aggregation.apiserver.machinery.GroupVersionKind;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The paths and operations the generic registry serves for one kind in one version, described as
 * kube-apiserver describes them (operation ids, actions, option parameters, responses). Watch is published
 * as the {@code watch} parameter of list, as apiextensions-apiserver does, not as deprecated
 * {@code /watch/} paths.
 */
final class ResourceOperations {
  /**
   * The patch types the server accepts. Strategic merge patch is deliberately absent: the server answers it
   * with 415, and kubectl reads this list to choose merge patch instead.
   */
  static final List<String> PATCH_TYPES =
      List.of("application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml");

  static final List<String> BODY_TYPES = List.of("application/json", "application/yaml");
  static final List<String> PRODUCES = List.of("application/json", "application/yaml");

  private final ResourceStrategy strategy;
  private final String version;
  private final GroupVersionKind gvk;
  private final String kindRef;
  private final String listRef;
  private final String tag;

  ResourceOperations(ResourceStrategy strategy, String version) {
    this.strategy = strategy;
    this.version = version;
    this.gvk = new GroupVersionKind(strategy.group(), version, strategy.kind());
    this.kindRef = DefinitionNames.kind(strategy.group(), version, strategy.kind());
    this.listRef = DefinitionNames.kind(strategy.group(), version, strategy.listKind());
    this.tag = OperationIds.tag(strategy.group(), version);
  }

  List<PathItem> paths() {
    String root = "/apis/" + strategy.group() + "/" + version;
    String kind = strategy.kind();
    String scoped = strategy.namespaced() ? "Namespaced" + kind : kind;
    List<PathItem> paths = new ArrayList<>();
    String collection;
    List<Parameter> collectionParameters;
    if (strategy.namespaced()) {
      paths.add(
          new PathItem(
              root + "/" + strategy.resource(),
              List.of(Parameters.PRETTY),
              List.of(list("list", kind + "ForAllNamespaces"))));
      collection = root + "/namespaces/{namespace}/" + strategy.resource();
      collectionParameters = List.of(Parameters.NAMESPACE, Parameters.PRETTY);
    } else {
      collection = root + "/" + strategy.resource();
      collectionParameters = List.of(Parameters.PRETTY);
    }
    paths.add(
        new PathItem(
            collection,
            collectionParameters,
            List.of(
                list("list", scoped),
                operation("post", "post", "create", scoped, "create " + article() + kind, Parameters.CREATE,
                    new Operation.Body(kindRef, BODY_TYPES, true),
                    List.of(ok(kindRef), new Operation.Response(201, "Created", kindRef), new Operation.Response(202, "Accepted", kindRef))),
                operation("delete", "deletecollection", "delete", "Collection" + scoped, "delete collection of " + kind,
                    Parameters.DELETE_COLLECTION, new Operation.Body(DefinitionNames.DELETE_OPTIONS, BODY_TYPES, false),
                    List.of(ok(DefinitionNames.STATUS))))));

    List<Parameter> objectParameters = new ArrayList<>();
    objectParameters.add(Parameter.path("name", "name of the " + kind));
    objectParameters.addAll(collectionParameters);
    String object = collection + "/{name}";
    paths.add(
        new PathItem(
            object,
            objectParameters,
            List.of(
                operation("get", "get", "read", scoped, "read the specified " + kind, Parameters.GET, null, List.of(ok(kindRef))),
                replace(scoped, "replace the specified " + kind),
                operation("delete", "delete", "delete", scoped, "delete " + article() + kind, Parameters.DELETE,
                    new Operation.Body(DefinitionNames.DELETE_OPTIONS, BODY_TYPES, false),
                    List.of(ok(DefinitionNames.STATUS), new Operation.Response(202, "Accepted", DefinitionNames.STATUS))),
                patch(scoped, "partially update the specified " + kind))));

    if (strategy.hasStatusSubresource()) {
      paths.add(
          new PathItem(
              object + "/status",
              objectParameters,
              List.of(
                  operation("get", "get", "read", scoped + "Status", "read status of the specified " + kind, Parameters.GET, null,
                      List.of(ok(kindRef))),
                  replace(scoped + "Status", "replace status of the specified " + kind),
                  patch(scoped + "Status", "partially update status of the specified " + kind))));
    }
    return paths;
  }

  private Operation list(String verb, String rest) {
    return operation("get", "list", verb, rest, "list or watch objects of kind " + strategy.kind(), Parameters.LIST, null,
        List.of(ok(listRef)));
  }

  private Operation replace(String rest, String description) {
    return operation("put", "put", "replace", rest, description, Parameters.UPDATE,
        new Operation.Body(kindRef, BODY_TYPES, true),
        List.of(ok(kindRef), new Operation.Response(201, "Created", kindRef)));
  }

  private Operation patch(String rest, String description) {
    // 201 because server-side apply creates objects that do not exist.
    return operation("patch", "patch", "patch", rest, description, Parameters.PATCH,
        new Operation.Body(DefinitionNames.PATCH, PATCH_TYPES, true),
        List.of(ok(kindRef), new Operation.Response(201, "Created", kindRef)));
  }

  private Operation operation(
      String method,
      String action,
      String verb,
      String rest,
      String description,
      List<Parameter> parameters,
      Operation.Body body,
      List<Operation.Response> responses) {
    List<Operation.Response> all = new ArrayList<>(responses);
    all.add(new Operation.Response(401, "Unauthorized", null));
    return new Operation(
        method,
        action,
        OperationIds.operationId(verb, strategy.group(), version, rest),
        description,
        tag,
        gvk,
        parameters,
        body,
        all);
  }

  private static Operation.Response ok(String definition) {
    return new Operation.Response(200, "OK", definition);
  }

  /** "a " or "an ", as k8s.io/apiserver endpoints.GetArticleForNoun chooses. */
  private String article() {
    String first = strategy.kind().substring(0, 1).toLowerCase(Locale.ROOT);
    return "aeiou".contains(first) ? "an " : "a ";
  }
}
