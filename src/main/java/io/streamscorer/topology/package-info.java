/**
 * The Kafka Streams topology of one scorer instance, readable top-down in {@link
 * io.streamscorer.topology.ScoringTopology#build}: model store, scoring, dead letters, feature
 * memory and online learning, with the wiring it must run with ({@link
 * io.streamscorer.topology.ScoringTopology#streamsProperties}). Depends on {@code config} and
 * everything below it; never on {@code runtime}, {@code admin} or {@code cli}.
 */
package io.streamscorer.topology;
