package dev.aggregation.apiserver.filters;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Header names that start with a prefix, compared as HTTP compares names: ignoring case. */
public final class HeaderPrefix {
  private HeaderPrefix() {}

  /**
   * Removes every header whose name starts with {@code prefix}. Runs on every request and almost always finds
   * none: names are compared in place, and nothing is allocated unless one matches.
   */
  public static void removeAll(MultiMap headers, String prefix) {
    List<String> matching = null;
    for (Map.Entry<String, String> header : headers) {
      if (header.getKey().regionMatches(true, 0, prefix, 0, prefix.length())) {
        if (matching == null) {
          matching = new ArrayList<>();
        }
        matching.add(header.getKey());
      }
    }
    if (matching != null) {
      matching.forEach(headers::remove);
    }
  }
}
