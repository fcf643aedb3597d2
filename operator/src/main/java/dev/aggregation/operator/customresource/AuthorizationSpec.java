package dev.aggregation.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;

/** Authorization settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuthorizationSpec(
    @JsonPropertyDescription(
            "HTTP paths authorized without asking kube-apiserver, in addition to /healthz, /readyz and /livez.")
        List<@Pattern("^/.*") String> alwaysAllowPaths) {}
