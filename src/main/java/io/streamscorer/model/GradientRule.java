package io.streamscorer.model;

/**
 * An update rule that moves parameters along the gradient of one example's loss: the first-order
 * rules, shared by {@link OnlineLogisticLearner} and {@link OnlineNetworkLearner}.
 */
public sealed interface GradientRule extends UpdateRule permits Sgd, AdaGrad, Adam, Ftrl {

    @Override
    GradientState newState(boolean[] regularised);
}
