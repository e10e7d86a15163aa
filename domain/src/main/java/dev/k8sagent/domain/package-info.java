/**
 * The agent's model and rules: tasks and their lifecycle, targets and tenancy, version
 * compatibility and tooling-image choice, and safe file paths.
 *
 * <p>JDK only: no I/O, no framework, no logging, no clock. Time and randomness come in as
 * arguments. Every rule rejects bad input with an {@link java.lang.IllegalArgumentException} whose
 * message names the value and says what would be accepted.
 */
package dev.k8sagent.domain;
