package dev.aggregation.apiserver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregation.apiserver.admission.AdmissionAttributes;
import dev.aggregation.apiserver.admission.AdmissionChain;
import dev.aggregation.apiserver.admission.AdmissionPlugin;
import dev.aggregation.apiserver.registry.ObjectReader;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class AdmissionPluginsTest {
  private static final ObjectReader NO_OBJECTS = (resource, namespace) -> List.of();

  private record Named(String name) implements AdmissionPlugin {
    @Override
    public boolean handles(AdmissionAttributes attributes) {
      return true;
    }
  }

  /** Two APIs: one brings BanFlunder, the other Alpha and Beta. */
  private static final List<Function<ObjectReader, List<AdmissionPlugin>>> FACTORIES =
      List.of(reader -> List.of(new Named("BanFlunder")), reader -> List.of(new Named("Alpha"), new Named("Beta")));

  private static AdmissionChain chain(List<String> enable, List<String> disable) {
    return AdmissionPlugins.chain(FACTORIES, NO_OBJECTS, new ServerConfig.Admission(enable, disable));
  }

  @Test
  void enablesEveryRegisteredPluginInRegistrationOrderByDefault() {
    assertThat(chain(List.of(), List.of()).names()).containsExactly("BanFlunder", "Alpha", "Beta");
  }

  @Test
  void acceptsEnablingAPluginThatIsOnAnyway() {
    assertThat(chain(List.of("Beta"), List.of()).names()).containsExactly("BanFlunder", "Alpha", "Beta");
  }

  @Test
  void leavesOutDisabledPlugins() {
    assertThat(chain(List.of(), List.of("BanFlunder", "Beta")).names()).containsExactly("Alpha");
  }

  @Test
  void refusesToEnableAnUnknownPlugin() {
    assertThatThrownBy(() -> chain(List.of("Nope"), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("enable-admission-plugins plugin \"Nope\" is unknown");
  }

  @Test
  void refusesToDisableAnUnknownPlugin() {
    assertThatThrownBy(() -> chain(List.of(), List.of("Nope")))
        .hasMessage("disable-admission-plugins plugin \"Nope\" is unknown");
  }

  @Test
  void refusesAPluginBothEnabledAndDisabled() {
    assertThatThrownBy(() -> chain(List.of("Beta", "Alpha"), List.of("Alpha", "Beta")))
        .hasMessage("[Alpha Beta] in enable-admission-plugins and disable-admission-plugins overlapped");
  }

  @Test
  void reportsEveryFlagErrorAtOnce() {
    assertThatThrownBy(() -> chain(List.of("X"), List.of("Y")))
        .hasMessage("[enable-admission-plugins plugin \"X\" is unknown, disable-admission-plugins plugin \"Y\" is unknown]");
  }
}
