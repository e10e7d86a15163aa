/** Tasks: tickets, lifecycle, exit codes, output lines and the output cursor, isolation. */
package dev.k8sagent.domain.task;
