/**
 * The scorer's configuration: every {@code scorer.*} key, its type, default, validator and
 * documentation, and the typed settings built from them (clients, serdes, learner, signing).
 * Depends on {@code serde}, {@code registry}, {@code spec} and {@code model}.
 */
package io.streamscorer.config;
