/**
 * The maths of scoring and learning: logistic models and small networks, feature encoding and
 * scaling, the online learners and their update rules ({@link io.streamscorer.model.Sgd}, {@link
 * io.streamscorer.model.AdaGrad}, {@link io.streamscorer.model.Adam}, {@link
 * io.streamscorer.model.Ftrl}, {@link io.streamscorer.model.Newton}), progressive metrics, the
 * candidate gate, and drift: reference bins and the population stability index ({@link
 * io.streamscorer.model.ReferenceBins}), watched per model version ({@link
 * io.streamscorer.model.DriftMonitor}). Plain Java: it depends on the JDK and commons-math3 only,
 * never on Kafka, Avro or another package of the scorer, so everything here is testable without a
 * broker.
 */
package io.streamscorer.model;
