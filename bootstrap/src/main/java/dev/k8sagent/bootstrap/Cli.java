package dev.k8sagent.bootstrap;

import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.bootstrap.config.AgentVersion;
import dev.k8sagent.bootstrap.runtime.AgentModule;
import dev.k8sagent.bootstrap.runtime.AgentRuntime;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The command line: {@code k8s-agent <command>}. Each command returns a process exit code; nothing
 * here calls {@code System.exit}, so commands can be tested.
 */
public final class Cli {
  /** Exit code for a command that is not available in this build. */
  public static final int NOT_AVAILABLE = 3;

  /** Exit code for a command line that could not be understood (sysexits EX_USAGE). */
  public static final int USAGE = 64;

  private final PrintStream out;
  private final PrintStream err;
  private final java.util.Map<String, String> environment;

  public Cli(PrintStream out, PrintStream err) {
    this(out, err, System.getenv());
  }

  public Cli(PrintStream out, PrintStream err, java.util.Map<String, String> environment) {
    this.out = out;
    this.err = err;
    this.environment = environment;
  }

  public int run(String... args) {
    List<String> words = Arrays.asList(args);
    if (words.isEmpty()) {
      usage(err);
      return USAGE;
    }
    return switch (words.get(0)) {
      case "version", "--version" -> {
        out.println("k8s-agent " + AgentVersion.current());
        yield 0;
      }
      case "help", "--help", "-h" -> {
        usage(out);
        yield 0;
      }
      case "demo" -> {
        try {
          yield new Demo(out).run();
        } catch (Exception e) {
          err.println("k8s-agent: the demo failed: " + e.getMessage());
          yield 1;
        }
      }
      case "check-config" -> checkConfig();
      case "run" -> runAgent();
      case "bench" -> {
        err.println(
            "k8s-agent: '"
                + words.get(0)
                + "' is not built yet in this version: the runtime (configuration, registration,"
                + " health) is still being implemented. 'demo' shows the agent working end to end.");
        yield NOT_AVAILABLE;
      }
      default -> {
        err.println("k8s-agent: unknown command '" + words.get(0) + "'");
        usage(err);
        yield USAGE;
      }
    };
  }

  /** Exit code for a configuration that is not valid (sysexits EX_CONFIG). */
  public static final int CONFIG = 78;

  private int runAgent() {
    AgentSettings settings;
    try {
      settings = AgentSettings.load(environment);
    } catch (AgentSettings.InvalidConfigurationException e) {
      err.println(e.getMessage());
      return CONFIG;
    }
    Logging.configure(settings.logging());
    try {
      AgentRuntime runtime =
          com.google.inject.Guice.createInjector(new AgentModule(settings, environment))
              .getInstance(AgentRuntime.class);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    runtime.stop();
                    Logging.flush();
                  },
                  "shutdown"));
      runtime.start();
      runtime.awaitStop();
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (RuntimeException e) {
      Throwable cause =
          e instanceof com.google.inject.ProvisionException && e.getCause() != null
              ? e.getCause()
              : e;
      err.println("k8s-agent: cannot start: " + cause.getMessage());
      return 1;
    }
  }

  private int checkConfig() {
    try {
      AgentSettings settings = AgentSettings.load(environment);
      out.println("The configuration is valid:");
      settings.describe().forEach(line -> out.println("  " + line));
      return 0;
    } catch (AgentSettings.InvalidConfigurationException e) {
      err.println(e.getMessage());
      return CONFIG;
    }
  }

  private static void usage(PrintStream stream) {
    stream.println("usage: k8s-agent <command>");
    stream.println();
    stream.println("commands:");
    stream.println("  run           run the agent (configured by environment variables)");
    stream.println("  demo          run a local demonstration against a built-in server simulator");
    stream.println("  check-config  validate the configuration and exit");
    stream.println("  bench         run the built-in benchmarks");
    stream.println("  version       print the agent version");
  }
}
