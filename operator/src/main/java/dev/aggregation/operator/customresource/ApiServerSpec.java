package dev.aggregation.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** What the user asks for. Optional fields are null when absent; {@link ApiServerDefaults} fills them in. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.storage) || !has(self.storage.embedded) || !has(self.replicas) || self.replicas == 1",
    message = "embedded storage is a single-writer volume: replicas must be 1",
    fieldPath = ".replicas")
@ValidationRule(
    value = "self.versions.all(v, self.versions.exists_one(w, w.name == v.name))",
    message = "version names must be unique",
    fieldPath = ".versions")
public record ApiServerSpec(
    @Required
        @Size(max = 253)
        @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$")
        @JsonPropertyDescription("The API group served, a DNS subdomain with at least one dot, e.g. wardle.example.com.")
        String group,
    @Required
        @Size(min = 1)
        @JsonPropertyDescription("The versions served; one APIService <version>.<group> each.")
        List<ServedVersion> versions,
    @Min(1)
        @Max(20000)
        @JsonPropertyDescription("APIService groupPriorityMinimum of every version (default 1000).")
        Integer groupPriorityMinimum,
    @JsonPropertyDescription("The apiserver image; default: the image of the operator's release (RELATED_IMAGE_APISERVER).")
        String image,
    @Min(1) @JsonPropertyDescription("Pod replicas (default 1). Embedded storage allows only 1.") Integer replicas,
    @JsonPropertyDescription("Compute resources of the apiserver container.") ResourceRequirements resources,
    @Required @JsonPropertyDescription("Where the apiserver keeps its objects: exactly one of embedded or etcd.")
        StorageSpec storage,
    @JsonPropertyDescription("Serving certificate lifetimes, or a Secret of your own.") CertificatesSpec certificates,
    @JsonPropertyDescription("Audit logging.") AuditSpec audit,
    @JsonPropertyDescription("Authorization settings.") AuthorizationSpec authorization,
    Map<String, String> nodeSelector,
    List<Toleration> tolerations,
    Affinity affinity,
    String priorityClassName) {}
