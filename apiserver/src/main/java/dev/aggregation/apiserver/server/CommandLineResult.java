package dev.aggregation.apiserver.server;

/** What the command line asks for: print the help, or run with a configuration. */
public sealed interface CommandLineResult {
  record Help(String usage) implements CommandLineResult {}

  record Run(ServerConfig config) implements CommandLineResult {}
}
