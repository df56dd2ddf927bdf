/**
 * The benchmark harness and its reports: learning quality, throughput, latency and learning under
 * load, driving the objects the scorer builds from its configuration. Depends on {@code runtime}
 * and below.
 */
package io.streamscorer.bench;
