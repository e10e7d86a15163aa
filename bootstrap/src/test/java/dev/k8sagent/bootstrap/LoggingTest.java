package dev.k8sagent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LoggingTest {
  @Test
  void a_json_record_is_one_line_of_valid_json_whatever_the_message_holds() {
    LogRecord record = new LogRecord(Level.WARNING, "line one\nline \"two\"\t\\ end\u0001");
    record.setLoggerName("dev.k8sagent.test");
    record.setThrown(new IllegalStateException("boom"));

    String line = new Logging.JsonFormatter().format(record);

    assertThat(line).endsWith("}\n");
    assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n");
    JsonObject json = JsonParser.parseString(line).getAsJsonObject();
    assertThat(json.get("level").getAsString()).isEqualTo("WARNING");
    assertThat(json.get("logger").getAsString()).isEqualTo("dev.k8sagent.test");
    assertThat(json.get("message").getAsString()).isEqualTo("line one\nline \"two\"\t\\ end\u0001");
    assertThat(json.get("error").getAsString()).contains("boom");
  }
}
