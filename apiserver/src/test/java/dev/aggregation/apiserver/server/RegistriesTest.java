package dev.aggregation.apiserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.apis.wardle.WardleApi;
import dev.aggregation.apiserver.machinery.GroupResource;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.machinery.NameGenerator;
import dev.aggregation.apiserver.registry.ValidatingAdmission;
import dev.aggregation.apiserver.registry.WriteOptions;
import dev.aggregation.apiserver.storage.cache.CachedStorage;
import dev.aggregation.apiserver.storage.cache.WatchCacheOptions;
import dev.aggregation.apiserver.storage.embedded.SqliteStorage;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistriesTest {
  private static final GroupResource FISCHERS = new GroupResource(WardleApi.GROUP, "fischers");

  @TempDir Path dataDir;

  private CachedStorage storage;
  private Registries registries;

  @BeforeEach
  void start() {
    List<dev.aggregation.apiserver.registry.ApiGroup> groups = List.of(WardleApi.group());
    storage = CachedStorage.start(SqliteStorage.open(dataDir), Registries.resourcePrefixes(groups, "/registry"), WatchCacheOptions.DEFAULTS);
    registries = new Registries(groups, storage, "/registry", Clock.systemUTC(), new NameGenerator(new SecureRandom()));
  }

  @AfterEach
  void stop() {
    registries.close();
    storage.close();
  }

  private void createFischer(String name, String disallowed) {
    ObjectNode fischer = Json.object();
    fischer.put("apiVersion", "wardle.example.com/v1beta1").put("kind", "Fischer");
    fischer.putObject("metadata").put("name", name);
    fischer.putArray("disallowedFlunders").add(disallowed);
    registries.get(FISCHERS).create(fischer, WriteOptions.of(false, ValidatingAdmission.NONE));
  }

  private List<String> fischerNames() {
    return registries.list(FISCHERS, "").stream().map(f -> f.path("metadata").path("name").asText()).toList();
  }

  @Test
  void readsWhatItWroteAMomentAgo() {
    assertThat(fischerNames()).isEmpty(); // the informer has listed the store before the writes

    createFischer("first", "a");
    assertThat(fischerNames()).containsExactly("first");
    createFischer("second", "b");
    assertThat(fischerNames()).containsExactly("first", "second");
  }
}
