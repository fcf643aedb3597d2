package dev.aggregation.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The operator's logback.xml with LOG_FORMAT=json: one JSON object per line with level, logger and message. */
class JsonLogsTest {
  @Test
  void jsonFormatEncodesAnEventAsOneLineOfJson() throws Exception {
    LoggerContext context = new LoggerContext();
    try {
      context.putProperty("LOG_FORMAT", "json");
      context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(getClass().getResource("/logback.xml"));
      Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
      OutputStreamAppender<ILoggingEvent> console = (OutputStreamAppender<ILoggingEvent>) root.getAppender("console");
      Logger logger = context.getLogger("dev.aggregation.operator.Test");
      LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.WARN, "ApiServer {}/{} refused",
          null, new Object[] {"team", "wardle"});

      String encoded = new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);

      assertThat(encoded.strip().lines()).hasSize(1);
      JsonNode json = new ObjectMapper().readTree(encoded);
      assertThat(json.path("level").asText()).isEqualTo("WARN");
      assertThat(json.path("loggerName").asText()).isEqualTo("dev.aggregation.operator.Test");
      assertThat(json.path("formattedMessage").asText()).isEqualTo("ApiServer team/wardle refused");
    } finally {
      context.stop();
    }
  }

  @Test
  void textIsTheDefault() throws Exception {
    LoggerContext context = new LoggerContext();
    try {
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(getClass().getResource("/logback.xml"));
      OutputStreamAppender<ILoggingEvent> console =
          (OutputStreamAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("console");

      assertThat(console.getEncoder()).isInstanceOf(ch.qos.logback.classic.encoder.PatternLayoutEncoder.class);
    } finally {
      context.stop();
    }
  }
}
