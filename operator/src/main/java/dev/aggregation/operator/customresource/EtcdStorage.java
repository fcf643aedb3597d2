package dev.aggregation.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** An external etcd cluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EtcdStorage(
    @Required @Size(min = 1) @JsonPropertyDescription("etcd client URLs, e.g. https://etcd-0.etcd:2379.")
        List<@Pattern("^https?://.+") String> endpoints,
    @Pattern("^/.*") @JsonPropertyDescription("Key prefix (default /registry/<group>).") String prefix,
    @JsonPropertyDescription("A Secret with ca.crt, tls.crt and tls.key for etcd's TLS; plain HTTP when absent.")
        String tlsSecretName) {}
