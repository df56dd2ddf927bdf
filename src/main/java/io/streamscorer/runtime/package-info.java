/**
 * The process runtime of a scorer: {@link io.streamscorer.runtime.ScorerInstance} starts and stops
 * the topology with its admin endpoint and dead-letter sink; topic set-up and the control-topic
 * client serve the commands. Depends on {@code admin}, {@code topology}, {@code local} and below;
 * never on {@code cli} or {@code bench}.
 */
package io.streamscorer.runtime;
