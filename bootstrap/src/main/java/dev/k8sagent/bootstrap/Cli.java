package dev.k8sagent.bootstrap;

import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import dev.k8sagent.bootstrap.bench.Bench;
import dev.k8sagent.bootstrap.bench.BenchOptions;
import dev.k8sagent.bootstrap.bench.BenchReport;
import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.bootstrap.config.AgentVersion;
import dev.k8sagent.bootstrap.config.InvalidConfigurationException;
import dev.k8sagent.bootstrap.config.PodSettings;
import dev.k8sagent.bootstrap.runtime.AgentModule;
import dev.k8sagent.bootstrap.runtime.AgentRuntime;
import dev.k8sagent.bootstrap.runtime.StartWarmUp;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The command line: {@code k8s-agent <command>}, and {@code k8s-agent <command> --help} for what a
 * command does and its options. Each command returns a process exit code; nothing here calls {@code
 * System.exit}, so commands can be tested.
 */
public final class Cli {
  /** Exit code for a command line that could not be understood (sysexits EX_USAGE). */
  public static final int USAGE = 64;

  /** Exit code for a configuration that is not valid (sysexits EX_CONFIG). */
  public static final int CONFIG = 78;

  private static final List<String> HELP = List.of("--help", "-h");

  /**
   * One command: its name, a line for the command list, its own help, the lines describing its
   * options (none: it takes no arguments), and what it does with them. Help and options are made
   * only when asked for: {@code run}'s lists every setting, which a start need not pay for.
   */
  private record Command(
      String name,
      String summary,
      Supplier<List<String>> help,
      Supplier<List<String>> options,
      ToIntFunction<List<String>> action) {
    Command(String name, String summary, List<String> help, IntSupplier action) {
      this(name, summary, () -> help, List::of, arguments -> action.getAsInt());
    }

    Command(String name, String summary, Supplier<List<String>> help, IntSupplier action) {
      this(name, summary, help, List::of, arguments -> action.getAsInt());
    }
  }

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> environment;
  private final List<Command> commands;

  public Cli(PrintStream out, PrintStream err) {
    this(out, err, System.getenv());
  }

  public Cli(PrintStream out, PrintStream err, Map<String, String> environment) {
    this.out = out;
    this.err = err;
    this.environment = environment;
    this.commands =
        List.of(
            new Command(
                "run",
                "run the agent (configured by environment variables)",
                Cli::runHelp,
                this::runAgent),
            new Command(
                "demo",
                "run a local demonstration against a built-in server simulator",
                List.of(
                    "Starts a server simulator on loopback and a real agent (local pods) that",
                    "registers with it, uploads a file, runs two scripts and checks every answer.",
                    "Needs no configuration and no cluster; exits 0 when every answer was right."),
                this::demo),
            new Command(
                "check-config",
                "validate the configuration and exit",
                List.of(
                    "Reads the configuration as 'run' would and prints it without secrets (exit 0),",
                    "or lists every problem, each naming its variable (exit " + CONFIG + ")."),
                this::checkConfig),
            new Command(
                "bench",
                "measure this machine: transfers, RPCs, output and memory, each beside a baseline",
                () ->
                    List.of(
                        "Starts the server simulator on loopback and a real agent (local pods), then",
                        "measures, each beside a baseline taken in the same run: upload and download",
                        "MiB/s against a raw TLS copy of the same bytes, small RPCs per second over the",
                        "polling connections against raw TLS round trips, task output lines per second",
                        "against the same scripts read through a pipe, and the idle resident memory",
                        "against the process before the agent started. Prints the TLS engine and socket",
                        "transport used. Needs no configuration and no cluster."),
                BenchOptions::help,
                this::bench),
            new Command(
                "version",
                "print the agent version",
                List.of("Prints 'k8s-agent <version>'."),
                this::version),
            new Command("help", "print this help", List.of("Lists the commands."), this::help));
  }

  public int run(String... args) {
    List<String> words = Arrays.asList(args);
    if (words.isEmpty()) {
      usage(err);
      return USAGE;
    }
    String name = words.get(0);
    if (HELP.contains(name)) {
      return help();
    }
    if (name.equals("--version")) {
      return version();
    }
    Optional<Command> command = commands.stream().filter(c -> c.name().equals(name)).findFirst();
    if (command.isEmpty()) {
      err.println("k8s-agent: unknown command '" + name + "'");
      usage(err);
      return USAGE;
    }
    List<String> options = words.subList(1, words.size());
    if (options.size() == 1 && HELP.contains(options.get(0))) {
      out.println("usage: k8s-agent " + name);
      out.println();
      command.get().help().get().forEach(out::println);
      out.println();
      out.println("options:");
      command.get().options().get().forEach(out::println);
      out.println("  -h, --help    print this help and exit");
      return 0;
    }
    if (!options.isEmpty() && command.get().options().get().isEmpty()) {
      err.println("k8s-agent: '" + name + "' takes no arguments, got " + String.join(" ", options));
      err.println("Try 'k8s-agent " + name + " --help'.");
      return USAGE;
    }
    return command.get().action().applyAsInt(options);
  }

  private static List<String> runHelp() {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "Registers with the Octopus Server (unless registered before), polls it and runs",
                "each task in its own script pod until stopped (SIGTERM). Configured by the",
                "environment variables the Helm chart sets (ServerUrl, ServerCommsAddress,",
                "TargetName, OCTOPUS__K8STENTACLE__*, ...) and by these agent settings:"));
    AgentSettings.variables().forEach(v -> lines.add("  " + v));
    lines.add("An unknown K8SAGENT_* variable stops start-up; 'check-config' validates it all.");
    return lines;
  }

  private int version() {
    out.println("k8s-agent " + AgentVersion.current());
    return 0;
  }

  private int help() {
    usage(out);
    return 0;
  }

  private int demo() {
    try {
      return new Demo(out).run();
    } catch (Exception e) {
      err.println("k8s-agent: the demo failed: " + e.getMessage());
      return 1;
    }
  }

  private int bench(List<String> arguments) {
    BenchOptions options;
    try {
      options = BenchOptions.parse(arguments);
    } catch (IllegalArgumentException e) {
      err.println("k8s-agent bench: " + e.getMessage());
      err.println("Try 'k8s-agent bench --help'.");
      return USAGE;
    }
    try {
      BenchReport report = new Bench(options, out, System.console() != null).run();
      if (options.json()) {
        out.println(report.toJson());
      } else {
        report.print(out);
      }
      return 0;
    } catch (Exception e) {
      err.println("k8s-agent bench: failed: " + e.getMessage());
      return 1;
    }
  }

  private int runAgent() {
    StartWarmUp.tls();
    AgentSettings settings;
    try {
      settings = AgentSettings.load(environment);
    } catch (InvalidConfigurationException e) {
      err.println(e.getMessage());
      return CONFIG;
    }
    if (settings.pods().mode() == PodSettings.PodsMode.KUBERNETES) {
      StartWarmUp.kubernetes();
    }
    Logging.configure(settings.logging());
    try {
      AgentRuntime runtime =
          AgentModule.injector(settings, environment).getInstance(AgentRuntime.class);
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
    } catch (Exception e) {
      boolean wrapped = e instanceof ProvisionException || e instanceof CreationException;
      Throwable cause = wrapped && e.getCause() != null ? e.getCause() : e;
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
    } catch (InvalidConfigurationException e) {
      err.println(e.getMessage());
      return CONFIG;
    }
  }

  private void usage(PrintStream stream) {
    stream.println("usage: k8s-agent <command> [--help]");
    stream.println();
    stream.println("commands:");
    for (Command command : commands) {
      stream.printf("  %-13s %s%n", command.name(), command.summary());
    }
    stream.println();
    stream.println("'k8s-agent <command> --help' describes a command and its options.");
  }
}
