/**
 * The {@code scorer} command line (picocli): each command parses its options and delegates to
 * {@code runtime} or {@code bench}. The only package that prints to the terminal or exits the JVM.
 */
package io.streamscorer.cli;
