/** Safe relative file paths below a base directory. */
package dev.k8sagent.domain.files;
