package dev.aggregation.operator;

import dev.aggregation.operator.customresource.ApiServer;
import dev.aggregation.operator.customresource.ServedVersion;
import dev.aggregation.operator.dependent.Names;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds a group/version this ApiServer claims but may not take: its APIService exists and belongs to someone else
 * (another ApiServer, or anything not made by this operator), or another ApiServer claims it too and came first.
 * The first ApiServer keeps serving; the second is refused and touches nothing.
 */
final class ConflictDetector {
  /** Which of two claimants came first: the older one, then the one whose namespace/name sorts first. */
  private static final Comparator<HasMetadata> FIRST_COME =
      Comparator.comparing((HasMetadata r) -> r.getMetadata().getCreationTimestamp(), Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(r -> r.getMetadata().getNamespace())
          .thenComparing(r -> r.getMetadata().getName());

  Optional<String> find(ApiServer self, Context<ApiServer> context) {
    String group = self.getSpec().group();
    // The APIServices the operator's informer maps to this ApiServer (by the same annotations ownedBy reads) are
    // its own: no need to ask kube-apiserver again on every reconcile. Any other name is asked for, as the informer
    // sees only what the operator labelled and the conflicting APIService may be anyone's.
    Set<String> ours = context.getSecondaryResources(APIService.class).stream()
        .filter(apiService -> ownedBy(apiService, self))
        .map(apiService -> apiService.getMetadata().getName())
        .collect(Collectors.toSet());
    for (ServedVersion version : self.getSpec().versions()) {
      String name = Names.apiService(version.name(), group);
      if (ours.contains(name)) {
        continue;
      }
      APIService existing = context.getClient().resources(APIService.class).withName(name).get();
      if (existing != null) {
        if (!ownedBy(existing, self)) {
          return Optional.of("APIService " + name + " already exists and belongs to " + owner(existing)
              + "; this ApiServer serves nothing until it is gone");
        }
        continue;
      }
      Optional<ApiServer> earlier =
          context
              .getPrimaryCache()
              .list(other -> !sameObject(other, self) && other.getMetadata().getDeletionTimestamp() == null
                  && claims(other, group, version.name()) && FIRST_COME.compare(other, self) < 0)
              .findFirst();
      if (earlier.isPresent()) {
        return Optional.of("ApiServer " + earlier.get().getMetadata().getNamespace() + "/"
            + earlier.get().getMetadata().getName() + " was first to claim " + name
            + "; this ApiServer serves nothing until it is gone");
      }
    }
    return Optional.empty();
  }

  private static boolean ownedBy(APIService apiService, ApiServer apiServer) {
    Map<String, String> annotations = apiService.getMetadata().getAnnotations();
    return annotations != null
        && apiServer.getMetadata().getName().equals(annotations.get(Mappers.DEFAULT_ANNOTATION_FOR_NAME))
        && apiServer.getMetadata().getNamespace().equals(annotations.get(Mappers.DEFAULT_ANNOTATION_FOR_NAMESPACE));
  }

  private static String owner(APIService apiService) {
    Map<String, String> annotations = apiService.getMetadata().getAnnotations();
    if (annotations != null && annotations.containsKey(Mappers.DEFAULT_ANNOTATION_FOR_NAME)) {
      return "ApiServer " + annotations.get(Mappers.DEFAULT_ANNOTATION_FOR_NAMESPACE) + "/"
          + annotations.get(Mappers.DEFAULT_ANNOTATION_FOR_NAME);
    }
    return "something other than an ApiServer";
  }

  private static boolean claims(ApiServer apiServer, String group, String version) {
    return apiServer.getSpec() != null
        && group.equals(apiServer.getSpec().group())
        && apiServer.getSpec().versions() != null
        && apiServer.getSpec().versions().stream().anyMatch(v -> version.equals(v.name()));
  }

  private static boolean sameObject(ApiServer a, ApiServer b) {
    return Objects.equals(a.getMetadata().getNamespace(), b.getMetadata().getNamespace())
        && Objects.equals(a.getMetadata().getName(), b.getMetadata().getName());
  }
}
