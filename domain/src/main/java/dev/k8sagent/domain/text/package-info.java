/** Rules about text a user typed: names that were probably meant. */
package dev.k8sagent.domain.text;
