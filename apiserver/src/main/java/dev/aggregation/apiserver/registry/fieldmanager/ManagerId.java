package dev.aggregation.apiserver.registry.fieldmanager;

/**
 * Who owns a set of fields, as Kubernetes identifies managedFields entries: the manager name, the operation, the
 * apiVersion for updates (an applier keeps one entry across versions, so its id has none) and the subresource.
 */
public record ManagerId(String manager, Operation operation, String apiVersion, String subresource) {
  public enum Operation {
    APPLY("Apply"),
    UPDATE("Update");

    private final String wire;

    Operation(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    static Operation fromWire(String value) {
      for (Operation op : values()) {
        if (op.wire.equals(value)) {
          return op;
        }
      }
      throw new IllegalArgumentException("operation must be `Apply` or `Update`");
    }
  }

  public ManagerId {
    manager = manager == null ? "" : manager;
    subresource = subresource == null ? "" : subresource;
    apiVersion = operation == Operation.APPLY || apiVersion == null ? "" : apiVersion;
  }

  public static ManagerId update(String manager, String apiVersion, String subresource) {
    return new ManagerId(manager, Operation.UPDATE, apiVersion, subresource);
  }

  public static ManagerId apply(String manager, String subresource) {
    return new ManagerId(manager, Operation.APPLY, "", subresource);
  }

  /** As conflict messages name a manager: {@code "kubectl-create" using wardle.example.com/v1alpha1}. */
  public String describe() {
    String name = JsonValues.goQuote(manager);
    if (!subresource.isEmpty()) {
      name = name + " with subresource " + JsonValues.goQuote(subresource);
    }
    return operation == Operation.UPDATE ? name + " using " + apiVersion : name;
  }
}
