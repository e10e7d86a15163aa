/**
 * Versions and the rules between them: compatibility, supported clusters, tooling images, upgrades.
 */
package dev.k8sagent.domain.version;
