/**
 * The admin HTTP endpoint: health, readiness, the models served, Prometheus metrics and the
 * dashboard. Depends on {@code topology} (what it reports) and below.
 */
package io.streamscorer.admin;
