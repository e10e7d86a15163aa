package dev.k8sagent.adapters.octopus.simulator;

import dev.k8sagent.adapters.octopus.InMemoryOctopusServerApi;
import dev.k8sagent.adapters.octopus.identity.AgentCertificates;
import dev.k8sagent.adapters.octopus.identity.LoadedIdentity;
import dev.k8sagent.domain.target.TargetDefinition;
import dev.k8sagent.domain.version.OctopusServerVersion;
import dev.k8sagent.ports.out.ResourceKind;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An Octopus Server on loopback, whole: what it knows (the space "Default" and whatever a caller
 * adds), its REST API (registration) and its polling listener, not listening until {@link
 * #startPolling()} or {@link #startWebSocket()}. The demo, the end-to-end tests and the benchmarks
 * all start the server this way. Closing it stops both listeners.
 */
public final class SimulatedOctopusServer implements AutoCloseable {
  private static final OctopusServerVersion VERSION = OctopusServerVersion.parse("2025.1.1");
  private static final Duration KEEP_ALIVE_AFTER = Duration.ofSeconds(30);

  private final LoadedIdentity identity;
  private final InMemoryOctopusServerApi data;
  private final String space;
  private final SimulatedRestApi rest;
  private final Optional<LoadedIdentity> restTls;
  private final ServerSimulator polling;

  private SimulatedOctopusServer(
      LoadedIdentity identity,
      LoadedIdentity presented,
      Optional<LoadedIdentity> restTls,
      Path spool)
      throws IOException {
    this.identity = identity;
    this.data = new InMemoryOctopusServerApi(VERSION, identity.thumbprint());
    this.space = data.addSpace(TargetDefinition.DEFAULT_SPACE);
    this.restTls = restTls;
    this.rest = new SimulatedRestApi(data, restTls);
    this.polling = new ServerSimulator(presented, data::isRegistered, KEEP_ALIVE_AFTER, spool);
  }

  /** A server with a certificate of its own; {@code spool} holds the streams agents send it. */
  public static SimulatedOctopusServer create(Path spool) throws IOException {
    return create(newIdentity("Octopus"), spool);
  }

  /** A server whose certificate (and so the thumbprint it registers agents with) is given. */
  public static SimulatedOctopusServer create(LoadedIdentity identity, Path spool)
      throws IOException {
    return new SimulatedOctopusServer(identity, identity, Optional.empty(), spool);
  }

  /**
   * A server whose REST API speaks HTTPS, as a real one does, with a certificate of its own for
   * {@code localhost} that no JDK trusts: an agent needs {@link #restCertificate()} in its server
   * certificate file to register.
   */
  public static SimulatedOctopusServer withHttpsApi(Path spool) throws IOException {
    LoadedIdentity identity = newIdentity("Octopus");
    return new SimulatedOctopusServer(
        identity, identity, Optional.of(newIdentity("localhost")), spool);
  }

  /**
   * A server whose polling listener presents {@code presented} rather than its own certificate, as
   * an HTTPS front for {@code wss://} addresses does.
   */
  public static SimulatedOctopusServer presenting(
      LoadedIdentity identity, LoadedIdentity presented, Path spool) throws IOException {
    return new SimulatedOctopusServer(identity, presented, Optional.empty(), spool);
  }

  /** A new self-signed certificate named {@code name}. */
  public static LoadedIdentity newIdentity(String name) {
    return AgentCertificates.load(
        AgentCertificates.generate(name, Clock.systemUTC(), new SecureRandom()));
  }

  /** Starts polling over TLS on a free loopback port; the port. */
  public int startPolling() throws InterruptedException {
    return polling.start(0);
  }

  /** Starts polling over a WebSocket over TLS on a free loopback port; the port. */
  public int startWebSocket() throws InterruptedException {
    return polling.startWebSocket(0);
  }

  /** Adds an environment to the space "Default"; its id. */
  public String addEnvironment(String name) {
    return data.add(space, ResourceKind.ENVIRONMENT, name);
  }

  /**
   * The variables a chart install sets to point an agent at this server: the EULA accepted, the
   * REST address, polling on {@code pollingPort}, the one-time {@code token}, and the target's
   * name, environment and role. A mutable map, for the caller to add its own settings to.
   */
  public Map<String, String> agentVariables(
      int pollingPort, String token, String target, String environment, String role) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("ACCEPT_EULA", "Y");
    variables.put("ServerUrl", rest.url().toString());
    variables.put("ServerCommsAddress", "https://localhost:" + pollingPort + "/");
    variables.put("BearerToken", token);
    variables.put("TargetName", target);
    variables.put("TargetEnvironment", environment);
    variables.put("TargetRole", role);
    return variables;
  }

  /** The polling subscription the machine registered as {@code target} gave. */
  public String subscriptionOf(String target) {
    String machine = data.findMachine(space, target).orElseThrow().id();
    return data.registration(machine).orElseThrow().subscriptionId().uri();
  }

  public LoadedIdentity identity() {
    return identity;
  }

  public InMemoryOctopusServerApi data() {
    return data;
  }

  /** The id of the space "Default". */
  public String space() {
    return space;
  }

  public SimulatedRestApi rest() {
    return rest;
  }

  /** The certificate the REST API presents, when it speaks HTTPS. */
  public Optional<X509Certificate> restCertificate() {
    return restTls.map(LoadedIdentity::certificate);
  }

  public ServerSimulator polling() {
    return polling;
  }

  @Override
  public void close() {
    polling.close();
    rest.close();
  }
}
