package dev.aggregation.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

class ForwardingStorageTest {
  @Test
  void forwardsEveryMethodOfTheStorageSpiToTheStore() throws Exception {
    // a default method it does not forward would answer with the SPI's default, not the store's (a cache's) answer
    for (Method method : Storage.class.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      assertThat(ForwardingStorage.class.getMethod(method.getName(), method.getParameterTypes()).getDeclaringClass())
          .as(method.toString())
          .isEqualTo(ForwardingStorage.class);
    }
  }
}
