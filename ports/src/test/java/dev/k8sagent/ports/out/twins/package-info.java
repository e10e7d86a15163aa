/**
 * In-memory twins of the outbound ports, for tests: each passes its port's contract suite, so a
 * test that uses a twin can trust it behaves like the real adapter. Shipped in the ports test-jar.
 */
package dev.k8sagent.ports.out.twins;
