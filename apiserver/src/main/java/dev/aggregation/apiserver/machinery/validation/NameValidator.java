package dev.aggregation.apiserver.machinery.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * How a kind's {@code metadata.name} (or, with {@code prefix}, its {@code generateName}) is checked: Kubernetes'
 * ValidateNameFunc. Returns the problems, empty when valid. {@link #PATH_SEGMENT} is what the generic registry
 * applies to every kind (sample-apiserver relies on it alone); most built-in kinds use {@link #DNS1123_SUBDOMAIN}.
 */
@FunctionalInterface
public interface NameValidator {
  List<String> validate(String name, boolean prefix);

  /** apimachinery path.ValidatePathSegmentName: not {@code .} or {@code ..}, no {@code /} or {@code %}. */
  NameValidator PATH_SEGMENT =
      (name, prefix) -> {
        if (!prefix) {
          for (String illegal : List.of(".", "..")) {
            if (name.equals(illegal)) {
              return List.of("may not be '" + illegal + "'");
            }
          }
        }
        List<String> errs = new ArrayList<>();
        for (String illegal : List.of("/", "%")) {
          if (name.contains(illegal)) {
            errs.add("may not contain '" + illegal + "'");
          }
        }
        return errs;
      };

  /** NameIsDNSSubdomain; a generateName may end in '-' (it is masked as Kubernetes does). */
  NameValidator DNS1123_SUBDOMAIN =
      (name, prefix) -> NameRules.isDns1123Subdomain(prefix ? maskTrailingDash(name) : name);

  /** NameIsDNSLabel (namespaces and similar). */
  NameValidator DNS1123_LABEL = (name, prefix) -> NameRules.isDns1123Label(prefix ? maskTrailingDash(name) : name);

  private static String maskTrailingDash(String name) {
    if (name.length() > 1 && name.endsWith("-")) {
      return name.substring(0, name.length() - 1) + "a";
    }
    return name;
  }
}
