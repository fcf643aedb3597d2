package dev.aggregation.apiserver.apis.wardle.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.admission.AdmissionAttributes;
import dev.aggregation.apiserver.admission.AdmissionErrors;
import dev.aggregation.apiserver.admission.AdmissionPlugin;
import dev.aggregation.apiserver.admission.Operation;
import dev.aggregation.apiserver.apis.wardle.DisallowedFlunders;
import dev.aggregation.apiserver.apis.wardle.FischerStrategy;
import dev.aggregation.apiserver.apis.wardle.WardleApi;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.GroupResource;
import dev.aggregation.apiserver.registry.ObjectReader;
import dev.aggregation.apiserver.storage.StorageException;
import java.util.List;
import java.util.Objects;

/**
 * sample-apiserver's BanFlunder admission plugin: a Flunder may not be created with a name that any Fischer
 * lists in {@code disallowedFlunders}; such a create is refused with 403 {@code flunders.wardle.example.com
 * "<name>" is forbidden: this name may not be used, please change the resource name}.
 *
 * <p>As in the sample it is a mutating-phase plugin ({@code Admit}), so it rejects before the object is
 * validated. As the sample reads Fischers from an informer, the server's {@link ObjectReader} answers from one
 * (a Fischer created a moment ago may not be seen yet), and when it cannot read Fischers (its first list of the
 * store has not completed) the create is refused with the sample's 403 "not yet ready to handle request".
 */
public final class BanFlunder implements AdmissionPlugin {
  public static final String NAME = "BanFlunder";
  static final String REASON = "this name may not be used, please change the resource name";
  static final String NOT_READY = "not yet ready to handle request";

  private static final GroupResource FISCHERS = new GroupResource(WardleApi.GROUP, FischerStrategy.RESOURCE);

  private final ObjectReader reader;

  public BanFlunder(ObjectReader reader) {
    this.reader = Objects.requireNonNull(reader, "reader");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean handles(AdmissionAttributes attributes) {
    return attributes.operation() == Operation.CREATE
        && WardleApi.GROUP.equals(attributes.strategy().group())
        && "Flunder".equals(attributes.strategy().kind());
  }

  @Override
  public void admit(AdmissionAttributes attributes) {
    String flunderName = nameOf(attributes);
    List<ObjectNode> fischers;
    try {
      fischers = reader.list(FISCHERS, "");
    } catch (StorageException e) {
      throw AdmissionErrors.forbidden(attributes, NOT_READY);
    }
    for (ObjectNode fischer : fischers) {
      if (DisallowedFlunders.of(fischer).contains(flunderName)) {
        // The sample matches on the object's name but reports the request's name; both are the same on create.
        throw ApiErrors.forbidden(attributes.strategy().groupResource(), attributes.name(), REASON);
      }
    }
  }

  private static String nameOf(AdmissionAttributes attributes) {
    ObjectNode object = attributes.object();
    JsonNode name = object == null ? null : object.path("metadata").get("name");
    if (name != null && name.isTextual()) {
      return name.textValue();
    }
    return attributes.name() == null ? "" : attributes.name();
  }
}
