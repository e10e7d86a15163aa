/** Targets: names and the Kubernetes names made from them, subscription ids, thumbprints. */
package dev.k8sagent.domain.target;
