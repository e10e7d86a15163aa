/** Container image references. */
package dev.k8sagent.domain.image;
