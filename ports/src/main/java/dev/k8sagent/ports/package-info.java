/**
 * The application core's boundary. {@code in}: the use cases the outside world calls (the Halibut
 * dispatcher, the runtime). {@code out}: what the core needs from the world, each implemented by an
 * adapter and by an in-memory or local twin that passes the same contract suite (shipped in this
 * module's test-jar). {@code content}: streamed file contents shared by both.
 *
 * <p>JDK and domain only. Maybe-absent values are {@link java.util.Optional}, never null; file
 * contents are {@link dev.k8sagent.ports.content.Content streams}, never byte arrays.
 */
package dev.k8sagent.ports;
