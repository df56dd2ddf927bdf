/**
 * The schema registry: the HTTP client the serdes use (Confluent's REST API, so Confluent's and
 * Apicurio's registries both serve) and the embedded registry the demo and tests run. Depends on
 * nothing else of the scorer.
 */
package io.streamscorer.registry;
