package dev.aggregation.apiserver.registry.fieldmanager;

import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.ApiException;
import io.fabric8.kubernetes.api.model.StatusCause;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A field an apply would set that another manager owns. */
public record ApplyConflict(ManagerId manager, FieldPath path) {

  /**
   * The 409 Kubernetes answers (apimachinery managedfields/internal/conflict.go): one conflict reads
   * {@code Apply failed with 1 conflict: conflict with "mgr" using v1: .spec.x}; several are grouped by manager,
   * one {@code - .path} line each.
   */
  static ApiException toError(List<ApplyConflict> conflicts) {
    List<StatusCause> causes = new ArrayList<>();
    for (ApplyConflict c : conflicts) {
      causes.add(new StatusCause(c.path().toString(), "conflict with " + c.manager().describe(), "FieldManagerConflict"));
    }
    return ApiErrors.applyConflict(message(conflicts), causes);
  }

  static String message(List<ApplyConflict> conflicts) {
    if (conflicts.size() == 1) {
      ApplyConflict only = conflicts.get(0);
      return "Apply failed with 1 conflict: conflict with " + only.manager().describe() + ": " + only.path();
    }
    Map<ManagerId, List<FieldPath>> byManager = new LinkedHashMap<>();
    for (ApplyConflict c : conflicts) {
      byManager.computeIfAbsent(c.manager(), k -> new ArrayList<>()).add(c.path());
    }
    List<String> lines = new ArrayList<>();
    byManager.forEach(
        (manager, paths) -> {
          lines.add("conflicts with " + manager.describe() + ":");
          paths.forEach(p -> lines.add("- " + p));
        });
    return "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
  }
}
