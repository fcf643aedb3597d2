package dev.aggregation.apiserver.server;

import dev.aggregation.apiserver.apis.wardle.WardleApi;
import dev.aggregation.apiserver.registry.ApiGroup;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar apiserver.jar [flags]}: serves wardle.example.com with the flags of k8s.io/apiserver. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    // The served kinds' schemas need no flag: they are built while picocli parses the command line.
    StartupStep<ApiGroup> wardle = StartupStep.start("wardle-api", WardleApi::group);
    CommandLineResult command;
    try {
      command = ServerOptions.parse(args);
    } catch (FlagException e) {
      System.err.println("Error: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (command instanceof CommandLineResult.Help help) {
      System.out.println(help.usage());
      return;
    }
    ServerConfig config = ((CommandLineResult.Run) command).config();
    ApiServer server;
    try {
      server = ApiServer.builder(config).group(wardle.join()).admissionPlugins(WardleApi::admissionPlugins).start();
    } catch (Exception e) {
      LOG.error("the apiserver could not start: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("shutting down");
      server.close();
      stopped.countDown();
    }, "shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
