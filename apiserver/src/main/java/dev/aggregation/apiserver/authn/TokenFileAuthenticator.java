package dev.aggregation.apiserver.authn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-apiserver's {@code --token-auth-file}: a CSV file of {@code token,user,uid[,"group1,group2"]} lines, read
 * once at startup. A bearer token that is not in the file is an error (401).
 */
public final class TokenFileAuthenticator implements Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(TokenFileAuthenticator.class);

  private final Map<String, UserInfo> users;

  private TokenFileAuthenticator(Map<String, UserInfo> users) {
    this.users = Map.copyOf(users);
  }

  /**
   * Reads {@code file} as kube-apiserver does: at least three columns, an empty token skipped with a warning, a
   * repeated token replaced by its later line.
   *
   * @throws IOException if the file cannot be read or a line is malformed
   */
  public static TokenFileAuthenticator read(Path file) throws IOException {
    List<List<String>> records;
    try {
      records = Csv.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IOException("token file '" + file + "': " + e.getMessage(), e);
    }
    Map<String, UserInfo> users = new HashMap<>();
    for (int i = 0; i < records.size(); i++) {
      List<String> record = records.get(i);
      int recordNumber = i + 1;
      if (record.size() < 3) {
        throw new IOException(
            "token file '"
                + file
                + "' must have at least 3 columns (token, user name, user uid), found "
                + record.size());
      }
      String token = record.get(0);
      if (token.isEmpty()) {
        LOG.warn("empty token has been found in token file '{}', record {}", file, recordNumber);
        continue;
      }
      List<String> groups = new ArrayList<>();
      if (record.size() >= 4) {
        Arrays.stream(record.get(3).split(",")).filter(g -> !g.isEmpty()).forEach(groups::add);
      }
      if (users.put(token, new UserInfo(record.get(1), record.get(2), groups, Map.of())) != null) {
        LOG.warn("duplicate token has been found in token file '{}', record {}", file, recordNumber);
      }
    }
    return new TokenFileAuthenticator(users);
  }

  @Override
  public Optional<UserInfo> authenticate(AuthenticationRequest request) throws AuthenticationException {
    Optional<String> token = BearerToken.from(request.headers());
    if (token.isEmpty()) {
      return Optional.empty();
    }
    UserInfo user = users.get(token.get());
    if (user == null) {
      throw new AuthenticationException("invalid bearer token");
    }
    return Optional.of(user);
  }
  /** Never blocks: {@link #authenticate} itself. */
  @Override
  public Optional<UserInfo> authenticateWithoutBlocking(AuthenticationRequest request) throws AuthenticationException {
    return authenticate(request);
  }

}
