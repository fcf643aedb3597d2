package dev.aggregation.apiserver.endpoints.openapi;

import java.util.List;

/** A path with the parameters all its operations share (path parameters and {@code pretty}). */
record PathItem(String path, List<Parameter> parameters, List<Operation> operations) {
  PathItem {
    parameters = List.copyOf(parameters);
    operations = List.copyOf(operations);
  }
}
