package dev.aggregation.apiserver.audit;

/**
 * Recognises IP address literals without resolving anything (InetAddress would look names up): an
 * X-Forwarded-For entry that is not an address is skipped, as Go's net.ParseIP skips it.
 */
final class IpLiterals {
  private IpLiterals() {}

  static boolean isIp(String text) {
    return isIpv4(text) || isIpv6(text);
  }

  private static boolean isIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit) || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIpv6(String text) {
    if (text.indexOf(':') < 0 || text.length() > 45) {
      return false;
    }
    int lastColon = text.lastIndexOf(':');
    String tail = text.substring(lastColon + 1);
    String head = text.substring(0, lastColon + 1);
    if (tail.contains(".") && !isIpv4(tail)) {
      return false;
    }
    String hex = tail.contains(".") ? head : text;
    if (!hex.chars().allMatch(c -> c == ':' || Character.digit(c, 16) >= 0)) {
      return false;
    }
    int doubleColon = text.indexOf("::");
    return doubleColon == text.lastIndexOf("::") && !text.contains(":::");
  }
}
