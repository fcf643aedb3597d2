package dev.aggregation.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One served version of the group, registered with kube-apiserver as APIService {@code <name>.<group>}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServedVersion(
    @Required
        @Pattern("^v[1-9][0-9]*((alpha|beta)[1-9][0-9]*)?$")
        @JsonPropertyDescription("A Kubernetes version name such as v1, v1beta1 or v2alpha3.")
        String name,
    @Min(1)
        @Max(1000)
        @JsonPropertyDescription("APIService versionPriority (default 15); higher is preferred within the group.")
        Integer priority) {}
